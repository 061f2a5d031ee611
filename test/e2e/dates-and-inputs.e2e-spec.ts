import { assignManagers, createCreche, createTerritory, fullWeek } from '../support/factories';
import { createParentWithChild } from '../support/families';
import { createUser, startTestApp, TestApp, TestUser } from '../support/test-app';

/**
 * Issue #13, items 3 and 10: every date the API accepts has a horizon (a 400 naming the field, never a frozen API),
 * and malformed query values are 400s, never 500s.
 */
describe('Far-future dates and malformed queries', () => {
  let t: TestApp;
  let admin: TestUser;
  let manager: TestUser;
  let auditor: TestUser;
  let micro: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, 'ADMIN');
    manager = await createUser(t, 'MANAGER');
    auditor = await createUser(t, 'CAF_AUDITOR');
    const territory = await createTerritory(t, admin);
    micro = await createCreche(t, admin, territory.id);
    await assignManagers(t, admin, micro.id, manager);
  });
  afterAll(async () => {
    await t.close();
  });

  const fields = (body: { details?: { field: string }[] }) => (body.details ?? []).map((d) => d.field);

  it('refuses a child expected on 8999-01-01 (expectedBirthDate at most 10 months ahead)', async () => {
    const parent = await createParentWithChild(t);
    const res = await t
      .http()
      .post(`/families/${parent.familyId}/children`)
      .set(parent.auth)
      .send({ firstName: 'Léa', expectedBirthDate: '8999-01-01', disability: false })
      .expect(400);
    expect(fields(res.body)).toEqual(['expectedBirthDate']);
    const soon = await t
      .http()
      .post(`/families/${parent.familyId}/children`)
      .set(parent.auth)
      .send({ firstName: 'Léa', expectedBirthDate: '2029-01-01', disability: false })
      .expect(400);
    expect(fields(soon.body)).toEqual(['expectedBirthDate']);
  });

  it('refuses an application starting on 9000-06-01 (desiredStartDate at most 3 years ahead)', async () => {
    const parent = await createParentWithChild(t);
    for (const desiredStartDate of ['9000-06-01', '9999-06-01', '2031-01-05']) {
      const res = await t
        .http()
        .post('/applications')
        .set(parent.auth)
        .send({ childId: parent.childId, desiredStartDate, schedule: fullWeek(), preferences: [micro.id] })
        .expect(400);
      expect(fields(res.body)).toEqual(['desiredStartDate']);
    }
    expect(
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM applications WHERE child_id = $1`, [parent.childId]))[0]
        .n,
    ).toBe(0);
  });

  it('refuses a contract to 9000-12-31 or 9999-12-31 (at most 5 years), quickly and with a 400', async () => {
    const parent = await createParentWithChild(t);
    for (const endDate of ['9000-12-31', '9999-12-31', '2032-09-01']) {
      const res = await t
        .http()
        .post(`/creches/${micro.id}/contracts`)
        .set(manager.auth)
        .send({ childId: parent.childId, startDate: '2027-09-01', endDate, schedule: fullWeek() })
        .expect(400);
      expect(fields(res.body)).toEqual(['endDate']);
    }
    const outOfYears = await t
      .http()
      .post(`/creches/${micro.id}/contracts`)
      .set(manager.auth)
      .send({ childId: parent.childId, startDate: '2099-09-01', endDate: '2100-06-30', schedule: fullWeek() })
      .expect(400);
    expect(fields(outOfYears.body)).toEqual(['endDate']);
  });

  it('refuses a contract without fee inputs (a household that has not declared its situation), and so does the database', async () => {
    const [family] = await t.dataSource.query(`INSERT INTO families DEFAULT VALUES RETURNING id`);
    const [child] = await t.dataSource.query(
      `INSERT INTO children (family_id, first_name, birth_date) VALUES ($1, 'Zoé', '2026-03-15') RETURNING id`,
      [family.id],
    );
    const res = await t
      .http()
      .post(`/creches/${micro.id}/contracts`)
      .set(manager.auth)
      .send({ childId: child.id, startDate: '2027-09-01', endDate: '2028-06-30', schedule: fullWeek() })
      .expect(400);
    expect(fields(res.body)).toEqual(['feeInputs']);
    await expect(
      t.dataSource.query(
        `INSERT INTO contracts (creche_id, child_id, start_date, end_date, schedule) VALUES ($1, $2, '2027-09-01', '2028-06-30', '[]')`,
        [micro.id, child.id],
      ),
    ).rejects.toThrow(/ck_contracts_fee_inputs/);
  });

  it('refuses to end an ended contract earlier (contract lifecycle)', async () => {
    const parent = await createParentWithChild(t);
    const contract = await t
      .http()
      .post(`/creches/${micro.id}/contracts`)
      .set(manager.auth)
      .send({ childId: parent.childId, startDate: '2025-01-06', endDate: '2025-06-27', schedule: fullWeek() })
      .expect(201);
    const res = await t
      .http()
      .post(`/contracts/${contract.body.id}/end`)
      .set(manager.auth)
      .send({ endDate: '2025-05-30' })
      .expect(409);
    expect(res.body.code).toBe('CONTRACT.ALREADY_ENDED');
  });

  it('refuses a booking outside the years 2000 to 2099', async () => {
    const parent = await createParentWithChild(t);
    const res = await t
      .http()
      .post(`/creches/${micro.id}/bookings`)
      .set(manager.auth)
      .send({ childId: parent.childId, date: '9999-01-08', from: '08:00', to: '12:00', kind: 'OCCASIONAL' })
      .expect(400);
    expect(fields(res.body)).toEqual(['date']);
  });

  it.each([
    ['/audit/events?cursor=999999999999999999999999', 'cursor'],
    ['/audit/events?from=2026-02-30', 'from'],
    ['/audit/events?from=2027-W00', 'from'],
    ['/audit/events?to=2027-001', 'to'],
    ['/fee-computations?offset=99999999999999999999', 'offset'],
  ])('answers %s with a 400 naming %s (auditor)', async (url, field) => {
    const res = await t.http().get(url).set(auditor.auth).expect(400);
    expect(fields(res.body)).toContain(field);
  });

  it.each([
    ['waitlist?asOf=2026-02-30', 'asOf'],
    ['waitlist?asOf=0000-01-01', 'asOf'],
    ['contracts?activeOn=2026-02-31', 'activeOn'],
    ['occupancy?from=9999-01-01&to=9999-12-31', 'from'],
    ['occupancy.svg?week=9999-W52', 'week'],
  ])('answers /creches/:id/%s with a 400 naming %s (manager)', async (path, field) => {
    const res = await t.http().get(`/creches/${micro.id}/${path}`).set(manager.auth).expect(400);
    expect(fields(res.body)).toContain(field);
  });

  it('answers deeply nested JSON on /fees/quote with a 400', async () => {
    const depth = 20_000;
    const body = `{"date":"2027-01-01","deep":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
    const res = await t.http().post('/fees/quote').set('content-type', 'application/json').send(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('REQUEST.TOO_DEEP');
    await t.http().get('/health').expect(200);
  });
});

describe('Null passes validation (issue #13, item 7)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    'communeInseeCode',
    'dependentChildren',
    'singleParent',
    'benefitScheme',
    'monthlyResources',
    'parentsActivity',
  ])('answers PATCH /families/:id {"%s": null} with a 400 naming it, and changes nothing', async (field) => {
    const parent = await createParentWithChild(t);
    const before = await t.http().get(`/families/${parent.familyId}`).set(parent.auth).expect(200);
    const res = await t
      .http()
      .patch(`/families/${parent.familyId}`)
      .set(parent.auth)
      .send({ [field]: null })
      .expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    const after = await t.http().get(`/families/${parent.familyId}`).set(parent.auth).expect(200);
    expect(after.body).toEqual(before.body);
  });

  it.each(['firstName', 'birthDate', 'disability'])(
    'answers PATCH of a child with {"%s": null} with a 400 naming it',
    async (field) => {
      const parent = await createParentWithChild(t);
      const res = await t
        .http()
        .patch(`/families/${parent.familyId}/children/${parent.childId}`)
        .set(parent.auth)
        .send({ [field]: null })
        .expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    },
  );
});
