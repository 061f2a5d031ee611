import { PASSWORD, startTestApp, TestApp, uniqueEmail } from '../support/test-app';

/** Issue #13, item 8: sign-ups are limited per client address, shared across API instances. */
describe('Registration limits', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const env = { QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}-register`, REGISTER_MAX_PER_IP: '5' };
    a = await startTestApp({ env });
    b = await startTestApp({ env });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('lets 5 sign-ups an hour through from one address, across two instances, and answers the rest 429 with Retry-After', async () => {
    const emails = Array.from({ length: 40 }, () => uniqueEmail('flood'));
    const answers = await Promise.all(
      emails.map((email, i) =>
        (i % 2 ? a : b)
          .http()
          .post('/auth/register')
          .send({ email, password: PASSWORD, firstName: 'F', lastName: 'L' }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
    expect(Number(answers.find((r) => r.status === 429)!.headers['retry-after'])).toBeGreaterThan(0);
    const [{ n }] = await a.dataSource.query(`SELECT count(*)::int AS n FROM users WHERE email = ANY($1)`, [emails]);
    expect(n).toBe(5);
  });
});
