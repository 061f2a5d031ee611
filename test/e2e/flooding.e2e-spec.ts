import { createParentWithChild } from '../support/families';
import { createUser, startTestApp, TestApp } from '../support/test-app';

/** Issue #13, item 6: one account must not flood the waitlist with children and applications. */
describe('Self-declared priority and flooding', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}-flood`, PARENT_WRITES_PER_MINUTE: '12' },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const child = (i: number) => ({ firstName: `Enfant${i}`, birthDate: '2026-02-10', disability: false });

  it('bounds the children of a household by those it declares (plus expected births), even when added all at once', async () => {
    const parent = await createParentWithChild(t, { dependentChildren: 1 }); // one child already registered
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.http().post(`/families/${parent.familyId}/children`).set(parent.auth).send(child(i)),
      ),
    );
    expect(answers.filter((r) => r.status === 201)).toHaveLength(3);
    const refused = answers.filter((r) => r.status === 409);
    expect(refused).toHaveLength(5);
    expect(refused[0].body.code).toBe('FAMILY.CHILDREN_LIMIT');
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM children WHERE family_id = $1`, [
      parent.familyId,
    ]);
    expect(n).toBe(4);
  });

  it("limits a parent account's writes per minute (429 with Retry-After), not a manager's", async () => {
    const parent = await createUser(t, 'PARENT');
    const statuses: number[] = [];
    let retryAfter = 0;
    for (let i = 0; i < 15; i += 1) {
      const res = await t.http().post('/me/verify-email').set(parent.auth);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = Number(res.headers['retry-after']);
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(12);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    expect(retryAfter).toBeGreaterThan(0);
    const manager = await createUser(t, 'MANAGER');
    for (let i = 0; i < 15; i += 1) await t.http().post('/me/verify-email').set(manager.auth).expect(202);
  });
});
