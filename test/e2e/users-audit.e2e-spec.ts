import { AuditController } from '../../src/modules/audit/audit.controller';
import { createUser, PASSWORD, startTestApp, TestApp, TestUser, uniqueEmail } from '../support/test-app';

describe(AuditController.name, () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, 'ADMIN');
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets an admin create a staff account, audited with the admin as actor', async () => {
    const email = uniqueEmail('manager');
    const res = await t
      .http()
      .post('/users')
      .set(admin.auth)
      .send({ email, password: PASSWORD, firstName: 'Gaëlle', lastName: 'Directrice', role: 'MANAGER' })
      .expect(201);
    expect(res.body).toMatchObject({ email, role: 'MANAGER' });
    const events = await t
      .http()
      .get('/audit/events')
      .query({ action: 'user.created', subjectId: res.body.id })
      .set(admin.auth)
      .expect(200);
    expect(events.body.items).toHaveLength(1);
    expect(events.body.items[0]).toMatchObject({
      actorUserId: admin.id,
      actorRole: 'ADMIN',
      details: { role: 'MANAGER' },
    });
    expect(JSON.stringify(events.body.items[0])).not.toContain(email);
  });

  it.each(['PARENT', 'MANAGER', 'CAF_AUDITOR'] as const)(
    'answers 403 to a %s on POST /users, and creates nothing',
    async (role) => {
      const caller = await createUser(t, role);
      const email = uniqueEmail('intruder');
      const res = await t
        .http()
        .post('/users')
        .set(caller.auth)
        .send({ email, password: PASSWORD, firstName: 'X', lastName: 'Y', role: 'ADMIN' })
        .expect(403);
      expect(res.body.code).toBe('AUTH.FORBIDDEN');
      const rows = await t.dataSource.query('SELECT 1 FROM users WHERE email = $1', [email]);
      expect(rows).toEqual([]);
    },
  );

  it('lets a Caf auditor read the audit log, not a parent', async () => {
    const auditor = await createUser(t, 'CAF_AUDITOR');
    const parent = await createUser(t, 'PARENT');
    await t.http().get('/audit/events').set(auditor.auth).expect(200);
    await t.http().get('/audit/events').set(parent.auth).expect(403);
  });

  it('pages through events newest first with a cursor', async () => {
    for (let i = 0; i < 3; i += 1) await createUser(t, 'PARENT');
    const first = await t
      .http()
      .get('/audit/events')
      .query({ action: 'user.created', limit: 2 })
      .set(admin.auth)
      .expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(Number(first.body.items[0].id)).toBeGreaterThan(Number(first.body.items[1].id));
    const second = await t
      .http()
      .get('/audit/events')
      .query({ action: 'user.created', limit: 2, cursor: first.body.nextCursor })
      .set(admin.auth)
      .expect(200);
    expect(Number(second.body.items[0].id)).toBeLessThan(Number(first.body.items[1].id));
  });

  it('rejects a bad filter with a 400 naming it', async () => {
    const res = await t.http().get('/audit/events').query({ limit: 0, from: 'yesterday' }).set(admin.auth).expect(400);
    expect((res.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual(['from', 'limit']);
  });
});

describe('audit_events table', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await createUser(t, 'PARENT');
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['UPDATE', `UPDATE audit_events SET action = 'tampered'`],
    ['DELETE', 'DELETE FROM audit_events'],
    ['TRUNCATE', 'TRUNCATE audit_events'],
  ])('refuses %s at the database level', async (_op, sql) => {
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM audit_events');
    expect(before[0].n).toBeGreaterThan(0);
    await expect(t.dataSource.query(sql)).rejects.toThrow(/append-only/);
    const after = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'tampered'`);
    expect(after[0].n).toBe(0);
    const total = await t.dataSource.query('SELECT count(*)::int AS n FROM audit_events');
    expect(total[0].n).toBe(before[0].n);
  });
});
