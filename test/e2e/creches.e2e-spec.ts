import { CrechesController } from '../../src/modules/creches/creches.controller';
import {
  assignManagers,
  createChild,
  createCreche,
  createTerritory,
  fullWeek,
  microCrecheBody,
} from '../support/factories';
import { createUser, startTestApp, TestApp, TestUser } from '../support/test-app';

describe(CrechesController.name, () => {
  let t: TestApp;
  let admin: TestUser;
  let territoryId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, 'ADMIN');
    territoryId = (await createTerritory(t, admin)).id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates a territory with the default atypical hours, readable by anyone', async () => {
    const created = await createTerritory(t, admin);
    const res = await t.http().get(`/territories/${created.id}`).expect(200);
    expect(res.body.atypicalHours).toEqual({
      before: '07:30',
      after: '19:00',
      saturdays: true,
      sundays: true,
      publicHolidays: true,
    });
    expect(res.body.communes).toHaveLength(3);
    const list = await t.http().get('/territories').expect(200);
    expect(list.body.map((x: { id: string }) => x.id)).toContain(created.id);
  });

  it('lets an admin edit the atypical-hours definition, audited', async () => {
    const created = await createTerritory(t, admin);
    const atypicalHours = { before: '07:00', after: '20:00', saturdays: true, sundays: true, publicHolidays: true };
    const res = await t.http().patch(`/territories/${created.id}`).set(admin.auth).send({ atypicalHours }).expect(200);
    expect(res.body.atypicalHours).toEqual(atypicalHours);
    const [event] = await t.dataSource.query(
      `SELECT actor_user_id FROM audit_events WHERE action = 'territory.updated' AND subject_id = $1`,
      [created.id],
    );
    expect(event.actor_user_id).toBe(admin.id);
  });

  it('refuses a bad INSEE code naming the field, and a parent creating a territory', async () => {
    const bad = await t
      .http()
      .post('/territories')
      .set(admin.auth)
      .send({ name: 'X territory', communes: [{ inseeCode: '8837', name: 'R' }] })
      .expect(400);
    expect(bad.body.details[0].field).toBe('communes[0].inseeCode');
    const parent = await createUser(t, 'PARENT');
    await t
      .http()
      .post('/territories')
      .set(parent.auth)
      .send({ name: 'Y territory', communes: [{ inseeCode: '88372', name: 'R' }] })
      .expect(403);
  });

  it('creates a 12-place micro-crèche and shows it publicly with its atypical ranges marked', async () => {
    const creche = await createCreche(t, admin, territoryId);
    const res = await t.http().get(`/creches/${creche.id}`).expect(200);
    expect(res.body).toMatchObject({
      kind: 'MICRO_CRECHE',
      places: 12,
      commune: { inseeCode: '88372', name: 'Rambervillers' },
    });
    const monday = res.body.openingHours.find((o: { weekday: number }) => o.weekday === 1);
    expect(monday).toEqual({
      weekday: 1,
      opens: '05:00',
      closes: '21:00',
      atypical: [
        { from: '05:00', to: '07:30' },
        { from: '19:00', to: '21:00' },
      ],
    });
    const saturday = res.body.openingHours.find((o: { weekday: number }) => o.weekday === 6);
    expect(saturday.atypical).toEqual([{ from: '05:00', to: '21:00' }]);
    expect(JSON.stringify(res.body)).not.toMatch(/manager|email/i);
  });

  it('refuses a 13th place in a micro-crèche with a 400 that says why', async () => {
    const res = await t
      .http()
      .post('/creches')
      .set(admin.auth)
      .send(microCrecheBody(territoryId, { places: 13 }))
      .expect(400);
    expect(res.body.code).toBe('VALIDATION.FAILED');
    expect(res.body.details).toEqual([
      { field: 'places', errors: [expect.stringMatching(/at most 12 places.*R2324-46/)] },
    ]);
  });

  it.each([
    [{ openingHours: [{ weekday: 8, opens: '07:00', closes: '19:00' }] }, 'openingHours[0].weekday'],
    [{ openingHours: [{ weekday: 1, opens: '07:03', closes: '19:00' }] }, 'openingHours[0].opens'],
    [{ openingHours: [{ weekday: 1, opens: '19:00', closes: '07:00' }] }, 'openingHours[0].opens'],
    [{ capacityBands: [{ weekday: 1, from: '05:00', to: '07:00', places: 14 }] }, 'capacityBands[0].places'],
    [{ closures: [{ from: '2027-02-30', to: '2027-03-01', label: 'x' }] }, 'closures[0].from'],
    [{ commune: '75056' }, 'commune'],
  ])('refuses %j naming %s', async (over, field) => {
    const res = await t.http().post('/creches').set(admin.auth).send(microCrecheBody(territoryId, over)).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('accepts "24:00" as a closing time', async () => {
    const creche = await createCreche(t, admin, territoryId, {
      kind: 'COLLECTIVE',
      places: 30,
      openingHours: [{ weekday: 5, opens: '18:00', closes: '24:00' }],
      capacityBands: [],
    });
    const res = await t.http().get(`/creches/${creche.id}`).expect(200);
    expect(res.body.openingHours).toEqual([
      { weekday: 5, opens: '18:00', closes: '24:00', atypical: [{ from: '19:00', to: '24:00' }] },
    ]);
  });

  it('assigns managers (MANAGER users only) and hides other crèches from a manager (404)', async () => {
    const mine = await createCreche(t, admin, territoryId);
    const other = await createCreche(t, admin, territoryId);
    const manager = await createUser(t, 'MANAGER');
    const parent = await createUser(t, 'PARENT');
    const refused = await t
      .http()
      .put(`/creches/${mine.id}/managers`)
      .set(admin.auth)
      .send({ userIds: [parent.id] })
      .expect(400);
    expect(refused.body.details[0]).toEqual({
      field: 'userIds[0]',
      errors: [`user ${parent.id} is not a MANAGER account that can be named here`],
    });
    await assignManagers(t, admin, mine.id, manager);
    await t.http().get(`/creches/${mine.id}/contracts`).set(manager.auth).expect(200);
    const res = await t.http().get(`/creches/${other.id}/contracts`).set(manager.auth).expect(404);
    expect(res.body.code).toBe('CRECHE.NOT_FOUND');
  });

  it("lets a crèche's managers change its operational settings, audited, and nothing the authorisation fixes", async () => {
    const creche = await createCreche(t, admin, territoryId, { kind: 'COLLECTIVE', places: 2, capacityBands: [] });
    const other = await createCreche(t, admin, territoryId);
    const manager = await createUser(t, 'MANAGER');
    await assignManagers(t, admin, creche.id, manager);
    const closures = [{ from: '2030-08-01', to: '2030-08-21', label: 'Été' }];
    const res = await t
      .http()
      .patch(`/creches/${creche.id}`)
      .set(manager.auth)
      .send({
        closures,
        billingUnitMinutes: 15,
        opensOnPublicHolidays: true,
        emergencyRate: 'FIXED',
        emergencyHourlyRate: '1.42',
        offerResponseDays: 10,
        maxLeaveWeeksPerYear: 5,
        cafNumber: '88123456',
        afcFileNumber: '2030-00042',
        openingHours: [{ weekday: 1, opens: '07:00', closes: '19:00' }],
        capacityBands: [{ weekday: 1, from: '07:00', to: '08:00', places: 1 }],
      })
      .expect(200);
    expect(res.body).toMatchObject({
      closures,
      billingUnitMinutes: 15,
      opensOnPublicHolidays: true,
      emergencyRate: 'FIXED',
      emergencyHourlyRate: '1.42',
      offerResponseDays: 10,
      maxLeaveWeeksPerYear: 5,
      cafNumber: '88123456',
      afcFileNumber: '2030-00042',
      capacityBands: [{ weekday: 1, from: '07:00', to: '08:00', places: 1 }],
    });
    const [event] = await t.dataSource.query(
      `SELECT actor_user_id, actor_role, details FROM audit_events
        WHERE action = 'creche.updated' AND subject_id = $1 ORDER BY occurred_at DESC LIMIT 1`,
      [creche.id],
    );
    expect(event.actor_user_id).toBe(manager.id);
    expect(event.actor_role).toBe('MANAGER');
    expect(event.details.changes.billingUnitMinutes).toEqual({ from: 30, to: 15 });
    expect(event.details.changes.closures).toEqual({
      from: [{ from: '2027-12-24', to: '2028-01-01', label: 'Noël' }],
      to: closures,
    });
    expect(event.details.fields).toContain('cafNumber');

    // What the PMI authorisation or the territory fixes: 403 naming each such field, nothing saved, even beside
    // fields the manager may change.
    for (const [body, fields] of [
      [{ places: 3 }, ['places']],
      [{ closures: [], name: 'Renommée', surnombre: true }, ['name', 'surnombre']],
      [
        { kind: 'FAMILIAL', commune: '88372', maxAgeMonths: 60, minAgeMonths: null },
        ['kind', 'commune', 'maxAgeMonths', 'minAgeMonths'],
      ],
      [
        { reservedInsertionPlaces: 0, resourcesCeilingOverride: '9000.00' },
        ['reservedInsertionPlaces', 'resourcesCeilingOverride'],
      ],
    ] as const) {
      const refused = await t.http().patch(`/creches/${creche.id}`).set(manager.auth).send(body).expect(403);
      expect(refused.body.code).toBe('CRECHE.FIELD_ADMIN_ONLY');
      expect(refused.body.details).toEqual({ fields });
      for (const field of fields) expect(refused.body.message).toContain(field);
    }
    const unchanged = (await t.http().get(`/creches/${creche.id}`).expect(200)).body;
    expect(unchanged).toMatchObject({
      places: 2,
      surnombre: false,
      kind: 'COLLECTIVE',
      closures,
      reservedInsertionPlaces: 1,
    });

    // Another crèche: 404, as for its other routes, whatever the fields; other roles: 403.
    for (const body of [{ closures: [] }, { places: 3 }]) {
      const hidden = await t.http().patch(`/creches/${other.id}`).set(manager.auth).send(body).expect(404);
      expect(hidden.body.code).toBe('CRECHE.NOT_FOUND');
    }
    for (const role of ['PARENT', 'CAF_AUDITOR', 'TERRITORY_COORDINATOR'] as const) {
      const user = await createUser(t, role);
      const denied = await t.http().patch(`/creches/${creche.id}`).set(user.auth).send({ closures: [] }).expect(403);
      expect(denied.body.code).toBe('AUTH.FORBIDDEN');
    }
  });

  it('refuses a change, by an admin or a manager, that leaves planned children without room', async () => {
    const creche = await createCreche(t, admin, territoryId, { kind: 'COLLECTIVE', places: 2, capacityBands: [] });
    const manager = await createUser(t, 'MANAGER');
    await assignManagers(t, admin, creche.id, manager);
    await t.http().patch(`/creches/${creche.id}`).set(manager.auth).send({ places: 3 }).expect(403);
    for (let i = 0; i < 2; i += 1) {
      const child = await createChild(t);
      await t
        .http()
        .post(`/creches/${creche.id}/contracts`)
        .set(manager.auth)
        .send({ childId: child.id, startDate: '2030-01-07', endDate: '2030-06-28', schedule: fullWeek() })
        .expect(201);
    }
    const res = await t.http().patch(`/creches/${creche.id}`).set(admin.auth).send({ places: 1 }).expect(409);
    expect(res.body.code).toBe('CRECHE.CAPACITY_BELOW_PLANNED');
    expect(res.body.details.conflicts[0]).toMatchObject({ present: 2, limit: 1, rule: 'PLACES' });
    const unchanged = await t.http().get(`/creches/${creche.id}`).expect(200);
    expect(unchanged.body.places).toBe(2);
    // The manager's own settings go through the same check: a band of 1 place on Mondays 08:00–12:00.
    const band = await t
      .http()
      .patch(`/creches/${creche.id}`)
      .set(manager.auth)
      .send({ capacityBands: [{ weekday: 1, from: '08:00', to: '12:00', places: 1 }] })
      .expect(409);
    expect(band.body.code).toBe('CRECHE.CAPACITY_BELOW_PLANNED');
    expect(band.body.details.conflicts[0]).toMatchObject({ present: 2, limit: 1 });
    // So does shorter opening hours on a planned day.
    const hours = await t
      .http()
      .patch(`/creches/${creche.id}`)
      .set(manager.auth)
      .send({ openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '17:00' })) })
      .expect(409);
    expect(hours.body.code).toBe('CRECHE.CAPACITY_BELOW_PLANNED');
    expect((await t.http().get(`/creches/${creche.id}`).expect(200)).body).toMatchObject({
      capacityBands: [],
      openingHours: expect.arrayContaining([expect.objectContaining({ weekday: 1, opens: '05:00', closes: '21:00' })]),
    });
    await t
      .http()
      .patch(`/creches/${creche.id}`)
      .set(admin.auth)
      .send({ name: 'Crèche renommée ' + creche.id.slice(0, 6), places: 4 })
      .expect(200);
  });
});
