import { assignManagers, createCreche, createTerritory, fullWeek } from '../support/factories';
import { SmtpSink } from '../support/smtp-sink';
import { createUser, login, PASSWORD, startTestApp, TestApp } from '../support/test-app';

describe('logs', () => {
  const smtp = new SmtpSink();
  const lines: string[] = [];
  let t: TestApp;

  beforeAll(async () => {
    await smtp.start();
    t = await startTestApp({
      runWorkers: true,
      env: { LOG_LEVEL: 'info', SMTP_URL: smtp.url, NOTICE_SWEEP_EVERY_MS: '1000', NOTICE_SWEEP_MIN_AGE_MS: '0' },
      logDestination: { write: (line) => void lines.push(line) },
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('hold request ids but no personal data through a whole journey (e-mail, names, income, child, Caf number)', async () => {
    const email = `zephyrine.quenelle.${Date.now()}@example.test`;
    const secrets = [email, 'Quenelle', 'Zéphyrine', 'Hortense', '4321', '9876543'];
    await t
      .http()
      .post('/auth/register')
      .send({ email, password: PASSWORD, firstName: 'Hortense', lastName: 'Quenelle' })
      .expect(202);
    await t.http().post('/auth/login').send({ email, password: 'not the password' }).expect(401);
    const parent = await login(t, email);
    // The address is proved by the link of the welcome e-mail (whose query string must not reach the logs either).
    await smtp.waitFor(() => smtp.to(email).length > 0);
    const token = /\/verifier-email\?token=([^\s"<>]+)/.exec(smtp.to(email)[0].text)![1];
    secrets.push(token.slice(0, 40));
    await t.http().get(`/auth/verify-email?token=${token}`).expect(200);
    const family = await t
      .http()
      .post('/families')
      .set(parent.auth)
      .send({
        communeInseeCode: '88372',
        monthlyResources: '4321.00',
        dependentChildren: 1,
        benefitScheme: 'GENERAL',
        cafNumber: '9876543',
        singleParent: true,
        parentsActivity: 'BOTH_WORKING',
        atypicalWorkHours: true,
        socialMinimaOrInsertion: false,
        otherHouseholdDisability: false,
      })
      .expect(201);
    const child = await t
      .http()
      .post(`/families/${family.body.id}/children`)
      .set(parent.auth)
      .send({ firstName: 'Zéphyrine', birthDate: '2026-01-10', disability: false })
      .expect(201);
    const admin = await createUser(t, 'ADMIN');
    const manager = await createUser(t, 'MANAGER');
    const territory = await createTerritory(t, admin);
    const creche = await createCreche(t, admin, territory.id);
    await assignManagers(t, admin, creche.id, manager);
    await t
      .http()
      .post('/applications')
      .set(parent.auth)
      .send({
        childId: child.body.id,
        desiredStartDate: '2027-09-01',
        schedule: fullWeek('05:30', '13:30'),
        preferences: [creche.id],
      })
      .expect(201);
    await t.http().get(`/creches/${creche.id}/waitlist?asOf=2027-01-04`).set(manager.auth).expect(200);
    const round = await t
      .http()
      .post('/allocation-rounds')
      .set(manager.auth)
      .send({ crecheIds: [creche.id], startDate: '2027-09-01' })
      .expect(201);
    const { body } = await t
      .http()
      .post(`/allocation-rounds/${round.body.id}/confirm`)
      .set(manager.auth)
      .send({})
      .expect(200);
    await t.http().post(`/offers/${body.offers[0].id}/accept`).set(parent.auth).expect(200);
    await t
      .http()
      .get('/nope?email=' + encodeURIComponent(email))
      .expect(404);
    await smtp.waitFor(() => smtp.to(email).length >= 4);
    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(15);
    expect(log).toMatch(/"req":\{"id":"[0-9a-f-]{36}","method":"POST","path":"\/api\/auth\/register"\}/);
    expect(log).toContain('notice sent');
    // A number is looked for as a whole token: '4321' may occur by chance inside a request id (hex) or a timestamp.
    const found = secrets.filter((secret) =>
      /^\d+$/.test(secret) ? new RegExp(`(?<![\\w-])${secret}(?!\\w)`).test(log) : log.includes(secret),
    );
    expect(found).toEqual([]);
  });

  it("keep no address a mail server quotes in its refusal, from the delivery's log to the job's", async () => {
    const email = `ondine.ravier.${Date.now()}@example.test`;
    smtp.rejectWith = 451;
    try {
      await t
        .http()
        .post('/auth/register')
        .send({ email, password: PASSWORD, firstName: 'Ondine', lastName: 'Ravier' })
        .expect(202);
      const failedJob = () => lines.some((l) => l.includes('"job failed"') && l.includes('Recipient address rejected'));
      for (let i = 0; i < 100 && !failedJob(); i += 1) await new Promise((r) => setTimeout(r, 100));
      expect(failedJob()).toBe(true);
    } finally {
      smtp.rejectWith = null;
    }
    await smtp.waitFor(() => smtp.to(email).length >= 1);
    const log = lines.join('');
    expect(log).toContain('<<address>>: Recipient address rejected');
    expect(log).not.toContain(email);
  });
});
