import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ContractsController } from '../../src/modules/contracts/contracts.controller';
import { assignManagers, createChild, createCreche, createTerritory, fullWeek } from '../support/factories';
import { untilWaitingOnLocks } from '../support/held-transaction';
import { createUser, startTestApp, TestApp, TestUser } from '../support/test-app';

describe(ContractsController.name, () => {
  let t: TestApp;
  let admin: TestUser;
  let manager: TestUser;
  let territoryId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, 'ADMIN');
    manager = await createUser(t, 'MANAGER');
    territoryId = (await createTerritory(t, admin)).id;
  });
  afterAll(async () => {
    await t.close();
  });

  async function managedCreche(over: Record<string, unknown> = {}) {
    const creche = await createCreche(t, admin, territoryId, over);
    await assignManagers(t, admin, creche.id, manager);
    return creche;
  }
  const contract = (crecheId: string, body: Record<string, unknown>, who = manager) =>
    t.http().post(`/creches/${crecheId}/contracts`).set(who.auth).send(body);

  it('registers a contract (201), lists and reads it, and audits the admission', async () => {
    const creche = await managedCreche();
    const child = await createChild(t);
    const res = await contract(creche.id, {
      childId: child.id,
      startDate: '2027-01-04',
      endDate: '2027-07-30',
      schedule: fullWeek('05:30', '13:30'),
      leavePeriods: [{ from: '2027-02-15', to: '2027-02-19' }],
    }).expect(201);
    expect(res.body).toMatchObject({
      crecheId: creche.id,
      childId: child.id,
      hoursPerWeek: '40.00',
      leavePeriods: [{ from: '2027-02-15', to: '2027-02-19' }],
    });
    const list = await t
      .http()
      .get(`/creches/${creche.id}/contracts`)
      .query({ activeOn: '2027-03-01' })
      .set(manager.auth)
      .expect(200);
    expect(list.body.map((c: { id: string }) => c.id)).toEqual([res.body.id]);
    await t.http().get(`/contracts/${res.body.id}`).set(manager.auth).expect(200);
    const [event] = await t.dataSource.query(
      `SELECT actor_user_id, details FROM audit_events WHERE action = 'contract.created' AND subject_id = $1`,
      [res.body.id],
    );
    expect(event).toEqual({
      actor_user_id: manager.id,
      details: { crecheId: creche.id, startDate: '2027-01-04', endDate: '2027-07-30' },
    });
  });

  it('answers 409 CAPACITY.FULL with the conflicts when the crèche is full, and writes nothing', async () => {
    const creche = await managedCreche({ kind: 'COLLECTIVE', places: 2, capacityBands: [] });
    for (let i = 0; i < 2; i += 1)
      await contract(creche.id, {
        childId: (await createChild(t)).id,
        startDate: '2027-01-04',
        endDate: '2027-12-17',
        schedule: fullWeek(),
      }).expect(201);
    const third = await createChild(t);
    const res = await contract(creche.id, {
      childId: third.id,
      startDate: '2027-03-01',
      endDate: '2027-03-12',
      schedule: [{ weekday: 2, from: '16:00', to: '18:00' }],
    }).expect(409);
    expect(res.body.code).toBe('CAPACITY.FULL');
    expect(res.body.details.conflicts[0]).toEqual({
      date: '2027-03-02',
      from: '16:00',
      to: '17:00',
      present: 3,
      limit: 2,
      rule: 'PLACES',
    });
    expect(res.body.details.conflictCount).toBe(2);
    const rows = await t.dataSource.query(`SELECT 1 FROM contracts WHERE child_id = $1`, [third.id]);
    expect(rows).toEqual([]);
  });

  it('frees capacity from the end date of a contract ended early', async () => {
    const creche = await managedCreche({ kind: 'COLLECTIVE', places: 1, capacityBands: [] });
    const first = await contract(creche.id, {
      childId: (await createChild(t)).id,
      startDate: '2027-01-04',
      endDate: '2027-12-17',
      schedule: fullWeek(),
    }).expect(201);
    const next = await createChild(t);
    const body = { childId: next.id, startDate: '2027-06-01', endDate: '2027-12-17', schedule: fullWeek() };
    await contract(creche.id, body).expect(409);
    const ended = await t
      .http()
      .post(`/contracts/${first.body.id}/end`)
      .set(manager.auth)
      .send({ endDate: '2027-05-31' })
      .expect(200);
    expect(ended.body.endDate).toBe('2027-05-31');
    await contract(creche.id, body).expect(201);
    const longer = await t
      .http()
      .post(`/contracts/${first.body.id}/end`)
      .set(manager.auth)
      .send({ endDate: '2028-01-31' })
      .expect(400);
    expect(longer.body.details[0].field).toBe('endDate');
  });

  it('refuses a second overlapping contract for the same child, even in another crèche (409)', async () => {
    const a = await managedCreche();
    const b = await managedCreche();
    const child = await createChild(t);
    await contract(a.id, {
      childId: child.id,
      startDate: '2027-01-04',
      endDate: '2027-06-30',
      schedule: fullWeek(),
    }).expect(201);
    const res = await contract(b.id, {
      childId: child.id,
      startDate: '2027-06-01',
      endDate: '2027-12-17',
      schedule: [{ weekday: 6, from: '08:00', to: '12:00' }],
    }).expect(409);
    expect(res.body.code).toBe('CONTRACT.OVERLAPS');
  });

  it('refuses a schedule whose slots overlap, and an unknown child', async () => {
    const creche = await managedCreche();
    const child = await createChild(t);
    const bad = await contract(creche.id, {
      childId: child.id,
      startDate: '2027-01-04',
      endDate: '2027-06-30',
      schedule: [
        { weekday: 1, from: '08:00', to: '12:00' },
        { weekday: 1, from: '11:00', to: '14:00' },
      ],
    }).expect(400);
    expect(bad.body.details[0].field).toBe('schedule[1]');
    const missing = await contract(creche.id, {
      childId: '4f7c2d6e-0000-4000-8000-000000000000',
      startDate: '2027-01-04',
      endDate: '2027-06-30',
      schedule: fullWeek(),
    }).expect(404);
    expect(missing.body.code).toBe('CHILD.NOT_FOUND');
  });

  it("hides another crèche's contract from a manager and from a stranger parent (404), refuses a parent's write (403)", async () => {
    const creche = await managedCreche();
    const res = await contract(creche.id, {
      childId: (await createChild(t)).id,
      startDate: '2027-01-04',
      endDate: '2027-06-30',
      schedule: fullWeek(),
    }).expect(201);
    const stranger = await createUser(t, 'MANAGER');
    const parent = await createUser(t, 'PARENT');
    expect((await t.http().get(`/contracts/${res.body.id}`).set(stranger.auth).expect(404)).body.code).toBe(
      'CONTRACT.NOT_FOUND',
    );
    await t.http().post(`/contracts/${res.body.id}/end`).set(stranger.auth).send({ endDate: '2027-03-01' }).expect(404);
    await t.http().get(`/contracts/${res.body.id}`).set(parent.auth).expect(404); // not their household's contract
    await contract(
      creche.id,
      { childId: (await createChild(t)).id, startDate: '2027-01-04', endDate: '2027-06-30', schedule: fullWeek() },
      parent,
    ).expect(403);
  });

  describe('bookings', () => {
    it('books an occasional slot, refuses a closed day (rule CLOSED), and cancels once', async () => {
      const creche = await managedCreche();
      const child = await createChild(t);
      const ok = await t
        .http()
        .post(`/creches/${creche.id}/bookings`)
        .set(manager.auth)
        .send({ childId: child.id, date: '2027-01-09', from: '06:00', to: '12:00', kind: 'OCCASIONAL' })
        .expect(201);
      expect(ok.body).toMatchObject({
        date: '2027-01-09',
        from: '06:00',
        to: '12:00',
        kind: 'OCCASIONAL',
        cancelledAt: null,
      });
      const sunday = await t
        .http()
        .post(`/creches/${creche.id}/bookings`)
        .set(manager.auth)
        .send({ childId: child.id, date: '2027-01-10', from: '09:00', to: '11:00', kind: 'OCCASIONAL' })
        .expect(409);
      expect(sunday.body.details.conflicts).toEqual([
        { date: '2027-01-10', from: '09:00', to: '11:00', present: 0, limit: 0, rule: 'CLOSED' },
      ]);
      const holiday = await t
        .http()
        .post(`/creches/${creche.id}/bookings`)
        .set(manager.auth)
        .send({ childId: child.id, date: '2027-05-08', from: '09:00', to: '11:00', kind: 'OCCASIONAL' })
        .expect(409);
      expect(holiday.body.details.conflicts[0].rule).toBe('CLOSED');
      await t.http().delete(`/bookings/${ok.body.id}`).set(manager.auth).expect(204);
      expect((await t.http().delete(`/bookings/${ok.body.id}`).set(manager.auth).expect(409)).body.code).toBe(
        'BOOKING.ALREADY_CANCELLED',
      );
    });

    it('lets an emergency booking use the 115 % margin, not an occasional one, when the crèche is full', async () => {
      const creche = await managedCreche({ kind: 'COLLECTIVE', places: 7, capacityBands: [] });
      for (let i = 0; i < 7; i += 1)
        await contract(creche.id, {
          childId: (await createChild(t)).id,
          startDate: '2027-01-04',
          endDate: '2027-12-17',
          schedule: [{ weekday: 3, from: '08:00', to: '12:00' }],
        }).expect(201);
      const child = await createChild(t);
      const occasional = await t
        .http()
        .post(`/creches/${creche.id}/bookings`)
        .set(manager.auth)
        .send({ childId: child.id, date: '2027-03-10', from: '09:00', to: '11:00', kind: 'OCCASIONAL' })
        .expect(409);
      expect(occasional.body.details.conflicts[0]).toMatchObject({ present: 8, limit: 7, rule: 'PLACES' });
      await t
        .http()
        .post(`/creches/${creche.id}/bookings`)
        .set(manager.auth)
        .send({ childId: child.id, date: '2027-03-10', from: '09:00', to: '11:00', kind: 'EMERGENCY' })
        .expect(201);
      const second = await t
        .http()
        .post(`/creches/${creche.id}/bookings`)
        .set(manager.auth)
        .send({ childId: (await createChild(t)).id, date: '2027-03-10', from: '10:00', to: '11:00', kind: 'EMERGENCY' })
        .expect(409);
      expect(second.body.details.conflicts[0]).toMatchObject({ present: 9, limit: 8, rule: 'SURNOMBRE_115' });
    });
  });

  describe('occupancy', () => {
    it('gives segments with present, limit and atypical flags, the weekly T, and totals', async () => {
      const creche = await managedCreche();
      await contract(creche.id, {
        childId: (await createChild(t)).id,
        startDate: '2027-01-04',
        endDate: '2027-12-17',
        schedule: [{ weekday: 1, from: '06:00', to: '14:00' }],
      }).expect(201);
      const res = await t
        .http()
        .get(`/creches/${creche.id}/occupancy`)
        .query({ from: '2027-01-04', to: '2027-01-10' })
        .set(manager.auth)
        .expect(200);
      expect(res.body.days).toHaveLength(6); // Sunday closed
      expect(res.body.days[0].segments.slice(0, 4)).toEqual([
        { from: '05:00', to: '06:00', present: 0, limit: 6, surnombreLimit: null, atypical: true },
        { from: '06:00', to: '07:00', present: 1, limit: 6, surnombreLimit: null, atypical: true },
        { from: '07:00', to: '07:30', present: 1, limit: 12, surnombreLimit: null, atypical: true },
        { from: '07:30', to: '14:00', present: 1, limit: 12, surnombreLimit: null, atypical: false },
      ]);
      // K: Mon–Fri (4h × 6 + 12h × 12) = 168 place-hours × 5, Saturday 16h × 12 = 192 → 1032; O = 8 h.
      expect(res.body.weeks).toEqual([{ isoWeek: '2027-W01', plannedHours: 8, capacityHours: 1032, occupancyT: 0.78 }]);
      expect(res.body.totals).toEqual({
        childHours: 8,
        capacityHours: 1032,
        occupancyRate: 0.78,
        atypicalChildHours: 1.5,
      });
    });

    it('lets a Caf auditor read it, not a parent or another manager', async () => {
      const creche = await managedCreche();
      const q = { from: '2027-01-04', to: '2027-01-10' };
      await t
        .http()
        .get(`/creches/${creche.id}/occupancy`)
        .query(q)
        .set((await createUser(t, 'CAF_AUDITOR')).auth)
        .expect(200);
      await t
        .http()
        .get(`/creches/${creche.id}/occupancy`)
        .query(q)
        .set((await createUser(t, 'PARENT')).auth)
        .expect(403);
      await t
        .http()
        .get(`/creches/${creche.id}/occupancy`)
        .query(q)
        .set((await createUser(t, 'MANAGER')).auth)
        .expect(404);
      const tooLong = await t
        .http()
        .get(`/creches/${creche.id}/occupancy`)
        .query({ from: '2027-01-01', to: '2028-06-01' })
        .set(manager.auth)
        .expect(400);
      expect(tooLong.body.details[0].field).toBe('to');
    });

    it('draws the week as a valid SVG heat map that reflects the data', async () => {
      const creche = await managedCreche();
      for (let i = 0; i < 3; i += 1)
        await contract(creche.id, {
          childId: (await createChild(t)).id,
          startDate: '2027-01-04',
          endDate: '2027-12-17',
          schedule: [{ weekday: 2, from: '06:00', to: '14:00' }],
        }).expect(201);
      const res = await t
        .http()
        .get(`/creches/${creche.id}/occupancy.svg`)
        .query({ week: '2027-W02' })
        .set(manager.auth)
        .buffer(true)
        .parse((r, cb) => {
          let data = '';
          r.on('data', (c: Buffer) => (data += c.toString()));
          r.on('end', () => cb(null, data));
        })
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
      const svg = res.body as string;
      expect(XMLValidator.validate(svg)).toBe(true);
      const doc = new XMLParser({ ignoreAttributes: false }).parse(svg);
      const groups = [doc.svg.g].flat() as Record<string, string>[];
      const tuesday = groups.filter((g) => g['@_data-date'] === '2027-01-12');
      expect(tuesday.find((g) => g['@_data-from'] === '06:00')).toMatchObject({
        '@_data-present': '3',
        '@_data-limit': '6',
        '@_data-atypical': 'true',
      });
      expect(tuesday.find((g) => g['@_data-from'] === '07:30')).toMatchObject({
        '@_data-present': '3',
        '@_data-limit': '12',
        '@_data-atypical': 'false',
      });
      expect(groups.some((g) => g['@_data-over'])).toBe(false);
      expect(svg).toContain('Dimanche');
      await t
        .http()
        .get(`/creches/${creche.id}/occupancy.svg`)
        .query({ week: '2027-W54' })
        .set(manager.auth)
        .expect(400);
    });
  });
});

describe('concurrent admissions', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp();
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('admit exactly one of 40 requests for the last place, from two app instances', async () => {
    const admin = await createUser(a, 'ADMIN');
    const manager = await createUser(a, 'MANAGER');
    const territory = await createTerritory(a, admin);
    const creche = await createCreche(a, admin, territory.id);
    await assignManagers(a, admin, creche.id, manager);
    const schedule = fullWeek('07:30', '17:30');
    for (let i = 0; i < 11; i += 1) {
      await a
        .http()
        .post(`/creches/${creche.id}/contracts`)
        .set(manager.auth)
        .send({ childId: (await createChild(a)).id, startDate: '2027-01-04', endDate: '2027-12-17', schedule })
        .expect(201);
    }
    const children = await Promise.all(Array.from({ length: 40 }, () => createChild(a)));
    const results = await Promise.all(
      children.map((child, i) =>
        (i % 2 ? a : b)
          .http()
          .post(`/creches/${creche.id}/contracts`)
          .set(manager.auth)
          .send({ childId: child.id, startDate: '2027-02-01', endDate: '2027-11-30', schedule }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(39);
    const occupancy = await a
      .http()
      .get(`/creches/${creche.id}/occupancy`)
      .query({ from: '2027-01-04', to: '2027-12-31' })
      .set(manager.auth)
      .expect(200);
    const segments = occupancy.body.days.flatMap((d: { segments: { present: number; limit: number }[] }) => d.segments);
    expect(Math.max(...segments.map((s: { present: number }) => s.present))).toBe(12);
    expect(segments.every((s: { present: number; limit: number }) => s.present <= s.limit)).toBe(true);
  });

  // Bookings send their insert with the COMMIT (one round trip with the crèche locked): still one at a time.
  it('books exactly one of 40 occasional requests for the last place, from two app instances', async () => {
    const admin = await createUser(a, 'ADMIN');
    const manager = await createUser(a, 'MANAGER');
    const territory = await createTerritory(a, admin);
    const creche = await createCreche(a, admin, territory.id, { kind: 'COLLECTIVE', places: 7, capacityBands: [] });
    await assignManagers(a, admin, creche.id, manager);
    for (let i = 0; i < 6; i += 1) {
      await a
        .http()
        .post(`/creches/${creche.id}/contracts`)
        .set(manager.auth)
        .send({
          childId: (await createChild(a)).id,
          startDate: '2027-01-04',
          endDate: '2027-12-17',
          schedule: [{ weekday: 3, from: '08:00', to: '12:00' }],
        })
        .expect(201);
    }
    const children = await Promise.all(Array.from({ length: 40 }, () => createChild(a)));
    const results = await Promise.all(
      children.map((child, i) =>
        (i % 2 ? a : b)
          .http()
          .post(`/creches/${creche.id}/bookings`)
          .set(manager.auth)
          .send({ childId: child.id, date: '2027-03-10', from: '09:00', to: '11:00', kind: 'OCCASIONAL' }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(39);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.details.conflicts[0].rule === 'PLACES')).toBe(
      true,
    );
    const occupancy = await a
      .http()
      .get(`/creches/${creche.id}/occupancy`)
      .query({ from: '2027-03-10', to: '2027-03-10' })
      .set(manager.auth)
      .expect(200);
    const segments = occupancy.body.days.flatMap((d: { segments: { present: number; limit: number }[] }) => d.segments);
    expect(Math.max(...segments.map((s: { present: number }) => s.present))).toBe(7);
    // The one admitted booking and its audit event were both committed; the refused ones left nothing.
    const admitted = results.find((r) => r.status === 201)!.body;
    const booked = await a.dataSource.query(`SELECT count(*)::int AS n FROM bookings WHERE creche_id = $1`, [
      creche.id,
    ]);
    expect(booked[0].n).toBe(1);
    const audited = await a.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE subject_id = $1`, [
      admitted.id,
    ]);
    expect(audited[0].n).toBe(1);
  });

  // Bookings asked of one crèche by one manager while an earlier one is being decided are decided together, in one
  // transaction (issue #18): each gets the answer it would have had alone. The first booking is held on its child's
  // lock so that the others are all asked meanwhile.
  it('decides bookings asked together in one transaction, each as it would have been alone', async () => {
    const admin = await createUser(a, 'ADMIN');
    const manager = await createUser(a, 'MANAGER');
    const stranger = await createUser(a, 'MANAGER');
    const territory = await createTerritory(a, admin);
    const creche = await createCreche(a, admin, territory.id, { kind: 'COLLECTIVE', places: 7, capacityBands: [] });
    await assignManagers(a, admin, creche.id, manager);
    // One place left on Wednesdays 08:00-12:00; Thursdays are free.
    const underContract: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      underContract.push((await createChild(a)).id);
      await a
        .http()
        .post(`/creches/${creche.id}/contracts`)
        .set(manager.auth)
        .send({
          childId: underContract[i],
          startDate: '2027-01-04',
          endDate: '2027-12-17',
          schedule: [{ weekday: 3, from: '08:00', to: '12:00' }],
        })
        .expect(201);
    }
    const book = (who: TestUser, childId: string, date: string, from: string, to: string) =>
      a
        .http()
        .post(`/creches/${creche.id}/bookings`)
        .set(who.auth)
        .send({ childId, date, from, to, kind: 'OCCASIONAL' })
        .then((r) => r);
    const [held, x, y, z, w, gone, ...others] = await Promise.all(Array.from({ length: 25 }, () => createChild(a)));
    // A household that applied to this crèche for its child, then withdrew.
    const [{ id: withdrawn }] = await a.dataSource.query(
      `INSERT INTO applications (family_id, child_id, desired_start_date, schedule, status, closed_at)
       VALUES ($1, $2, '2027-09-01', '[]', 'WITHDRAWN', now()) RETURNING id`,
      [gone.familyId, gone.id],
    );
    await a.dataSource.query(
      `INSERT INTO application_preferences (application_id, creche_id, rank, schedule) VALUES ($1, $2, 1, '[]')`,
      [withdrawn, creche.id],
    );
    await book(manager, y.id, '2027-03-18', '08:00', '10:00').then((r) => expect(r.status).toBe(201));
    // The last place of another Wednesday, taken by w.
    await book(manager, w.id, '2027-03-24', '09:00', '11:00').then((r) => expect(r.status).toBe(201));
    // Months later, one place left on a Thursday: what is planned there is read apart from the March weeks.
    for (const c of others.slice(13)) {
      await book(manager, c.id, '2027-06-17', '09:00', '11:00').then((r) => expect(r.status).toBe(201));
    }

    const holder = a.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query(`SELECT 1 FROM children WHERE id = $1 FOR UPDATE`, [held.id]);
      const first = book(manager, held.id, '2027-03-18', '14:00', '16:00');
      await untilWaitingOnLocks(a.dataSource);
      const burst = Promise.all([
        ...others.slice(0, 5).map((c) => book(manager, c.id, '2027-03-10', '09:00', '11:00')),
        ...others.slice(5, 10).map((c) => book(manager, c.id, '2027-06-17', '09:00', '11:00')),
        book(manager, x.id, '2027-03-18', '09:00', '11:00'),
        book(manager, x.id, '2027-03-18', '10:00', '12:00'),
        book(manager, y.id, '2027-03-18', '09:00', '10:30'),
        book(manager, '7d3c1f0e-8a4b-4c2d-9e6f-0a1b2c3d4e5f', '2027-03-18', '09:00', '11:00'),
        // An id in capitals is the same child.
        book(manager, z.id.toUpperCase(), '2027-03-18', '09:00', '11:00'),
        book(manager, w.id, '2027-03-24', '09:30', '10:30'),
        book(manager, gone.id, '2027-03-25', '09:00', '11:00'),
        // A child under contract, inside its own Wednesday hours: refused as alone, taking no place.
        book(manager, underContract[0], '2027-03-10', '09:00', '11:00'),
      ]);
      const strangers = Promise.all(
        others.slice(10, 13).map((c) => book(stranger, c.id, '2027-03-18', '09:00', '11:00')),
      );
      await new Promise((r) => setTimeout(r, 300));
      await holder.commitTransaction();
      expect((await first).status).toBe(201);
      const results = await burst;
      const statuses = results.map((r) => r.status);
      const wednesday = (from: number) => statuses.slice(from, from + 5).sort();
      expect(wednesday(0)).toEqual([201, 409, 409, 409, 409]);
      expect(wednesday(5)).toEqual([201, 409, 409, 409, 409]);
      expect(
        results
          .slice(0, 10)
          .filter((r) => r.status === 409)
          .every((r) => r.body.code === 'CAPACITY.FULL' && r.body.details.conflicts[0].rule === 'PLACES'),
      ).toBe(true);
      // The same child twice at overlapping hours: one booking; a child booked already at those hours: refused.
      expect([statuses[10], statuses[11]].sort()).toEqual([201, 409]);
      expect(results[10].status === 409 ? results[10] : results[11]).toMatchObject({
        body: { code: 'CAPACITY.FULL', details: { conflicts: [] } },
      });
      expect(results[12].status).toBe(409);
      expect(results[12].body.details.conflicts).toEqual([]);
      expect(results[13].status).toBe(404);
      expect(results[13].body.code).toBe('CHILD.NOT_FOUND');
      expect(results[14].status).toBe(201);
      expect(results[14].body.childId).toBe(z.id);
      // Booked already, in a crèche full then: refused for the places, as alone (its own booking counted).
      expect(results[15].status).toBe(409);
      expect(results[15].body.details.conflicts[0].rule).toBe('PLACES');
      // A household that left the crèche's waitlist: answered as a child the crèche does not know.
      expect(results[16].status).toBe(404);
      expect(results[16].body.code).toBe('CHILD.NOT_FOUND');
      expect(results[17].status).toBe(409);
      expect(results[17].body.code).toBe('BOOKING.WITHIN_CONTRACT');
      // Each booking's audit event carries its own request's id, whichever transaction wrote it.
      for (const r of results.filter((r) => r.status === 201)) {
        const [event] = await a.dataSource.query(`SELECT request_id FROM audit_events WHERE subject_id = $1`, [
          r.body.id,
        ]);
        expect(event.request_id).toBe(r.headers['x-request-id']);
      }
      // Another crèche's manager learns nothing, however the asks were grouped.
      for (const r of await strangers) expect(r.body.code).toBe('CRECHE.NOT_FOUND');
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
    const booked: { date: string; n: number; transactions: number }[] = await a.dataSource.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, count(*)::int AS n, count(DISTINCT xmin::text)::int AS transactions
         FROM bookings WHERE creche_id = $1 GROUP BY date ORDER BY date`,
      [creche.id],
    );
    expect(booked.map(({ date, n }) => [date, n])).toEqual([
      ['2027-03-10', 1],
      ['2027-03-18', 4],
      ['2027-03-24', 1],
      ['2027-06-17', 7],
    ]);
    // Decided together: the admitted bookings of the burst were written by fewer transactions than bookings.
    const [together] = await a.dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT xmin::text)::int AS transactions FROM bookings
        WHERE creche_id = $1 AND child_id <> ALL($2::uuid[])`,
      [creche.id, [held.id, y.id, w.id, ...others.slice(13).map((c) => c.id)]],
    );
    expect(together.n).toBe(4);
    expect(together.transactions).toBeLessThan(4);
    const audited = await a.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'booking.created' AND subject_id IN
         (SELECT id::text FROM bookings WHERE creche_id = $1)`,
      [creche.id],
    );
    expect(audited[0].n).toBe(13);
  });

  it("books a child once when the same child's overlapping bookings race in two crèches", async () => {
    const admin = await createUser(a, 'ADMIN');
    const manager = await createUser(a, 'MANAGER');
    const territory = await createTerritory(a, admin);
    const creches = [
      await createCreche(a, admin, territory.id, { kind: 'COLLECTIVE', places: 7, capacityBands: [] }),
      await createCreche(a, admin, territory.id, { kind: 'COLLECTIVE', places: 7, capacityBands: [] }),
    ];
    for (const creche of creches) await assignManagers(a, admin, creche.id, manager);
    for (let round = 0; round < 5; round += 1) {
      const child = await createChild(a);
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 ? a : b)
            .http()
            .post(`/creches/${creches[i % 2].id}/bookings`)
            .set(manager.auth)
            .send({
              childId: child.id,
              date: '2027-03-10',
              from: `0${8 + (i % 2)}:00`,
              to: '11:00',
              kind: 'OCCASIONAL',
            }),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(5);
      const live = await a.dataSource.query(`SELECT count(*)::int AS n FROM bookings WHERE child_id = $1`, [child.id]);
      expect(live[0].n).toBe(1);
    }
  });
});
