import type { Clock } from '../../src/common/time/clock';
import { assignManagers, createChild, createCreche, createTerritory } from '../support/factories';
import { createParentWithChild } from '../support/families';
import { untilBlockedBy, untilWaitingOnLocks, withHeldTransaction } from '../support/held-transaction';
import { createUser, startTestApp, TestApp, TestUser } from '../support/test-app';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const monThu = [1, 2, 3, 4].map((weekday) => ({ weekday, from: '07:00', to: '17:00' }));

/** Issue #16: pointage and absences, for the crèche's managers. */
describe('Attendance (pointage) and absences', () => {
  // Monday 1 March 2027, 09:30 in Paris.
  const clock: Clock & { at: Date } = {
    at: new Date('2027-03-01T08:30:00Z'),
    now() {
      return this.at;
    },
  };
  let t: TestApp;
  let admin: TestUser;
  let manager: TestUser;
  let otherManager: TestUser;
  let crecheId: string;
  let elsewhereId: string;
  let zoe: { id: string; familyId: string };
  let leo: { id: string; familyId: string };

  beforeAll(async () => {
    t = await startTestApp({ clock });
    admin = await createUser(t, 'ADMIN');
    manager = await createUser(t, 'MANAGER');
    otherManager = await createUser(t, 'MANAGER');
    const territoryId = (await createTerritory(t, admin)).id;
    const creche = await createCreche(t, admin, territoryId, { kind: 'COLLECTIVE', places: 20, capacityBands: [] });
    crecheId = creche.id;
    await assignManagers(t, admin, crecheId, manager);
    const elsewhere = await createCreche(t, admin, territoryId, { kind: 'COLLECTIVE', places: 20, capacityBands: [] });
    elsewhereId = elsewhere.id;
    await assignManagers(t, admin, elsewhere.id, otherManager);
    zoe = await createChild(t, '2026-01-10', 'Zoé');
    leo = await createChild(t, '2026-02-10', 'Léo');
    for (const child of [zoe, leo])
      await t
        .http()
        .post(`/creches/${crecheId}/contracts`)
        .set(manager.auth)
        .send({ childId: child.id, startDate: '2027-01-04', endDate: '2027-06-30', schedule: monThu })
        .expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (path: string, body: object, who = manager) => t.http().post(path).set(who.auth).send(body);

  it('checks a child in now and out later, and shows the day planned beside actual', async () => {
    const inRes = await post(`/creches/${crecheId}/attendance/check-in`, { childId: zoe.id }).expect(201);
    expect(inRes.body).toMatchObject({ childId: zoe.id, date: '2027-03-01', arrivedAt: '09:30', leftAt: null });
    await post(`/creches/${crecheId}/attendance/check-in`, { childId: zoe.id })
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('ATTENDANCE.ALREADY_CHECKED_IN'));
    await post(`/creches/${crecheId}/attendance/check-out`, { childId: zoe.id, time: '09:00' })
      .expect(400)
      .expect((r) => expect(r.body.details[0].field).toBe('time'));
    // A time to come is nobody's departure yet (the tablet's check-out, at its time, would come before it).
    await post(`/creches/${crecheId}/attendance/check-out`, { childId: zoe.id, time: '17:20' })
      .expect(400)
      .expect((r) => expect(r.body.details[0].errors[0]).toContain('later than now (09:30)'));
    // Nor through a correction: a departure typed for tonight would be billed as hours nobody attended yet.
    const corrected = await t
      .http()
      .patch(`/attendance/${inRes.body.id}`)
      .set(manager.auth)
      .send({ arrivedAt: '09:40', leftAt: '23:30' })
      .expect(400);
    expect(corrected.body.details).toEqual([
      { field: 'arrivedAt', errors: ['arrivedAt must not be later than now (09:30)'] },
      { field: 'leftAt', errors: ['leftAt must not be later than now (09:30)'] },
    ]);
    const morning = clock.at;
    clock.at = new Date('2027-03-01T16:25:00Z'); // 17:25 in Paris: her departure, entered a few minutes late
    const out = await post(`/creches/${crecheId}/attendance/check-out`, { childId: zoe.id, time: '17:20' }).expect(200);
    clock.at = morning;
    expect(out.body).toMatchObject({ arrivedAt: '09:30', leftAt: '17:20' });

    const day = await t.http().get(`/creches/${crecheId}/attendance`).query({ date: '2027-03-01' }).set(manager.auth);
    expect(day.status).toBe(200);
    const z = day.body.children.find((c: { childId: string }) => c.childId === zoe.id);
    expect(z).toMatchObject({
      firstName: 'Zoé',
      planned: [{ from: '07:00', to: '17:00', kind: 'CONTRACT' }],
      actual: { arrivedAt: '09:30', leftAt: '17:20' },
      absence: null,
    });
  });

  it('checks the whole day in and out at once, leaving absent children out', async () => {
    await post(`/creches/${crecheId}/absences`, {
      childId: leo.id,
      reason: 'ILLNESS',
      from: '2027-02-23',
      to: '2027-02-23',
    }).expect(201);
    const res = await post(`/creches/${crecheId}/attendance/day/check-in`, { date: '2027-02-23', time: '07:05' });
    expect(res.status).toBe(200);
    expect(res.body.map((r: { childId: string }) => r.childId)).toEqual([zoe.id]);
    const out = await post(`/creches/${crecheId}/attendance/day/check-out`, { date: '2027-02-23', time: '17:00' });
    expect(out.body).toEqual([expect.objectContaining({ childId: zoe.id, arrivedAt: '07:05', leftAt: '17:00' })]);
    // Friday 19 February: no slot of their contracts (Monday to Thursday): the whole day at once brings nobody in (an
    // extra day's hours are billed on top: a child comes on one when named).
    await post(`/creches/${crecheId}/attendance/day/check-in`, { date: '2027-02-19', time: '07:05' })
      .expect(200)
      .expect((r) => expect(r.body).toEqual([]));
  });

  it('brings in at once only the children due (a slot under way or starting within 30 minutes), one expected later left to its own arrival', async () => {
    const before = clock.at;
    try {
      // Thursday 8 April 2027: Zoé and Léo from 07:00 (contract), Inès booked from 13:00.
      const ines = await createChild(t, '2026-03-10', 'Inès');
      await post(`/creches/${crecheId}/bookings`, {
        childId: ines.id,
        date: '2027-04-08',
        from: '13:00',
        to: '17:00',
        kind: 'OCCASIONAL',
      }).expect(201);
      clock.at = new Date('2027-04-08T07:30:00Z'); // 09:30 in Paris
      // Both the time and the children named: which one the tap meant is unclear, so neither is guessed.
      const both = await post(`/creches/${crecheId}/attendance/day/check-in`, {
        childIds: [zoe.id],
        expectedBy: '10:00',
      }).expect(400);
      expect(both.body.details).toEqual([
        { field: 'expectedBy', errors: ['expectedBy cannot be given with childIds'] },
      ]);
      const badTime = await post(`/creches/${crecheId}/attendance/day/check-in`, { expectedBy: '10h' }).expect(400);
      expect(badTime.body.details[0].field).toBe('expectedBy');
      // A tablet whose clock is ahead (or a page of before this rule, sending no expectedBy) cannot bring her in: the
      // API keeps to its own bound, a slot under way or starting within 30 minutes of the arrival.
      const morning = await post(`/creches/${crecheId}/attendance/day/check-in`, { expectedBy: '24:00' }).expect(200);
      expect(morning.body.map((r: { childId: string }) => r.childId).sort()).toEqual([zoe.id, leo.id].sort());
      const day = await t.http().get(`/creches/${crecheId}/attendance`).query({ date: '2027-04-08' }).set(manager.auth);
      expect(day.body.children.find((c: { childId: string }) => c.childId === ines.id).actual).toBeNull();
      // At 12:50 she is due within the next ten minutes: the same tap brings her in, and nobody twice.
      clock.at = new Date('2027-04-08T10:50:00Z');
      const noon = await post(`/creches/${crecheId}/attendance/day/check-in`, {}).expect(200);
      expect(noon.body).toEqual([expect.objectContaining({ childId: ines.id, arrivedAt: '12:50' })]);
    } finally {
      clock.at = before;
      await t.dataSource.query(`DELETE FROM attendance_records WHERE date = '2027-04-08' AND creche_id = $1`, [
        crecheId,
      ]);
    }
  });

  it('checks the whole day out without writing over a departure or a correction made meanwhile', async () => {
    // Tuesday 2 February: both in at 07:00. Zoé's record is being corrected (arrived 07:30, left 16:00) on another
    // device when the evening's whole-day check-out at 18:30 comes: it waits, then leaves her as corrected.
    for (const child of [zoe, leo])
      await post(`/creches/${crecheId}/attendance/check-in`, {
        childId: child.id,
        date: '2027-02-02',
        time: '07:00',
      }).expect(201);
    const [zoeRecord] = await t.dataSource.query(
      `SELECT id FROM attendance_records WHERE child_id = $1 AND date = '2027-02-02'`,
      [zoe.id],
    );
    const out = await withHeldTransaction(t.dataSource, async (tx) => {
      await tx.query(`SELECT 1 FROM attendance_records WHERE id = $1 FOR UPDATE`, [zoeRecord.id]);
      const answer = post(`/creches/${crecheId}/attendance/day/check-out`, { date: '2027-02-02', time: '18:30' }).then(
        (r) => r,
      );
      await untilBlockedBy(t.dataSource, tx);
      await tx.query(
        `UPDATE attendance_records SET arrived_minute = 450, left_minute = 960, checked_out_by = $2 WHERE id = $1`,
        [zoeRecord.id, manager.id],
      );
      await tx.commitTransaction();
      return answer;
    });
    expect(out.status).toBe(200);
    expect(out.body).toEqual([expect.objectContaining({ childId: leo.id, arrivedAt: '07:00', leftAt: '18:30' })]);
    const day = await t.http().get(`/creches/${crecheId}/attendance`).query({ date: '2027-02-02' }).set(manager.auth);
    const actual = (id: string) => day.body.children.find((c: { childId: string }) => c.childId === id).actual;
    expect(actual(zoe.id)).toMatchObject({ arrivedAt: '07:30', leftAt: '16:00' });
    expect(actual(leo.id)).toMatchObject({ arrivedAt: '07:00', leftAt: '18:30' });
  });

  it('refuses a future day, a child not expected, and another crèche’s manager', async () => {
    await post(`/creches/${crecheId}/attendance/check-in`, { childId: zoe.id, date: '2027-03-02' })
      .expect(400)
      .expect((r) => expect(r.body.details[0].field).toBe('date'));
    const stranger = await createChild(t, '2026-01-01', 'Inconnu');
    await post(`/creches/${crecheId}/attendance/check-in`, { childId: stranger.id, date: '2027-02-22' }).expect(404);
    await post(`/creches/${crecheId}/attendance/check-in`, { childId: leo.id }, otherManager).expect(404);
    const parent = await createUser(t, 'PARENT');
    await post(`/creches/${crecheId}/attendance/check-in`, { childId: leo.id }, parent).expect(403);
    await t.http().get(`/creches/${crecheId}/attendance`).query({ date: '2027-03-01' }).set(parent.auth).expect(403);
  });

  it('refuses pointage on a day the crèche is closed: a public holiday it does not open on, a closure', async () => {
    const before = clock.at;
    try {
      clock.at = new Date('2027-04-01T08:00:00Z');
      // Easter Monday, 29 March 2027: a Monday of their contracts, a public holiday.
      for (const [path, body] of [
        ['check-in', { childId: zoe.id, date: '2027-03-29', time: '08:00' }],
        ['day/check-in', { date: '2027-03-29', time: '08:00' }],
      ] as const) {
        const res = await post(`/creches/${crecheId}/attendance/${path}`, body).expect(409);
        expect(res.body).toMatchObject({ code: 'ATTENDANCE.CLOSED_DAY', details: { date: '2027-03-29' } });
        expect(res.body.message).toContain('29 mars 2027 (jour férié)');
      }
      // Sunday 14 March: the crèche opens Monday to Saturday.
      const sunday = await post(`/creches/${crecheId}/attendance/check-in`, {
        childId: zoe.id,
        date: '2027-03-14',
        time: '10:00',
      }).expect(409);
      expect(sunday.body.message).toContain('(jour sans ouverture)');
      // A closure on Tuesday 30 March (a day of their contracts, not invoiced).
      await t
        .http()
        .patch(`/creches/${crecheId}`)
        .set(manager.auth)
        .send({ closures: [{ from: '2027-03-30', to: '2027-03-30', label: 'Formation' }] })
        .expect(200);
      const closed = await post(`/creches/${crecheId}/attendance/check-in`, {
        childId: leo.id,
        date: '2027-03-30',
        time: '08:00',
      }).expect(409);
      expect(closed.body.message).toContain('(fermeture)');
      await t.http().patch(`/creches/${crecheId}`).set(manager.auth).send({ closures: [] }).expect(200);
      const arrival = await post(`/creches/${crecheId}/attendance/check-in`, {
        childId: leo.id,
        date: '2027-03-30',
        time: '08:00',
      }).expect(201);
      // Léo was checked in on 30 March: a closure is no longer added over that day (its hours attended would be
      // billed as extra hours on a closed day), one beside it still is.
      const over = await t
        .http()
        .patch(`/creches/${crecheId}`)
        .set(manager.auth)
        .send({ closures: [{ from: '2027-03-30', to: '2027-03-31', label: 'Dégât des eaux' }] })
        .expect(409);
      expect(over.body).toMatchObject({ code: 'CRECHE.CLOSED_DAY_ATTENDED', details: { days: ['2027-03-30'] } });
      expect(over.body.message).toMatch(/^Des enfants ont été pointés le 30 mars 2027 : /);
      await t
        .http()
        .patch(`/creches/${crecheId}`)
        .set(manager.auth)
        .send({ closures: [{ from: '2027-03-31', to: '2027-03-31', label: 'Dégât des eaux' }] })
        .expect(200);
      await t.http().patch(`/creches/${crecheId}`).set(manager.auth).send({ closures: [] }).expect(200);
      await t.dataSource.query(`DELETE FROM attendance_records WHERE id = $1`, [arrival.body.id]);
      // A closure of that day being saved while a tablet checks Léo in: the arrival waits for it, then is refused.
      const raced = await withHeldTransaction(t.dataSource, async (closing) => {
        await closing.query(`SELECT id FROM creches WHERE id = $1 FOR UPDATE`, [crecheId]);
        const arriving = post(`/creches/${crecheId}/attendance/check-in`, {
          childId: leo.id,
          date: '2027-03-30',
          time: '08:00',
        }).then((r) => r);
        await untilWaitingOnLocks(t.dataSource);
        await closing.query(
          `UPDATE creches SET closures = '[{"from":"2027-03-30","to":"2027-03-30","label":"Dégât des eaux"}]'::jsonb WHERE id = $1`,
          [crecheId],
        );
        await closing.commitTransaction();
        return arriving;
      });
      expect({ status: raced.status, code: raced.body.code }).toEqual({ status: 409, code: 'ATTENDANCE.CLOSED_DAY' });
      await t.http().patch(`/creches/${crecheId}`).set(manager.auth).send({ closures: [] }).expect(200);
      // A booking of Léo under way (lock_for_admission: his row, then the crèche's) while a tablet checks him in: the
      // arrival waits for the booking, which gets the crèche; neither is aborted as a deadlock.
      const [arrived, bookingGotCreche] = await withHeldTransaction(t.dataSource, async (booking) => {
        await booking.query(`SELECT 1 FROM children WHERE id = $1 FOR UPDATE`, [leo.id]);
        const arriving = post(`/creches/${crecheId}/attendance/check-in`, {
          childId: leo.id,
          date: '2027-03-30',
          time: '08:00',
        }).then((r) => r);
        await untilWaitingOnLocks(t.dataSource);
        const locked = await booking.query(`SELECT id FROM creches WHERE id = $1 FOR UPDATE`, [crecheId]).then(
          () => true,
          (err: Error) => err.message,
        );
        await booking.commitTransaction();
        return [await arriving, locked] as const;
      });
      expect(bookingGotCreche).toBe(true);
      expect(arrived.status).toBe(201);
      await t.dataSource.query(`DELETE FROM attendance_records WHERE id = $1`, [arrived.body.id]);
      const [{ n }] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM attendance_records WHERE creche_id = $1 AND date = '2027-03-29'`,
        [crecheId],
      );
      expect(n).toBe(0);
    } finally {
      clock.at = before;
    }
  });

  it('checks out after midnight a child in night care since the evening: each day its own hours', async () => {
    // A crèche open day and night, and a child whose contract plans Tuesday evening to Wednesday morning.
    const night = await createCreche(t, admin, (await createTerritory(t, admin)).id, {
      kind: 'COLLECTIVE',
      places: 10,
      capacityBands: [],
      closures: [],
      opensOnPublicHolidays: true,
      openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' })),
    });
    await assignManagers(t, admin, night.id, manager);
    const noa = await createChild(t, '2026-01-20', 'Noa');
    const nightContract = await post(`/creches/${night.id}/contracts`, {
      childId: noa.id,
      startDate: '2027-03-01',
      endDate: '2027-06-30',
      schedule: [
        { weekday: 2, from: '20:00', to: '24:00' },
        { weekday: 3, from: '00:00', to: '07:00' },
      ],
    }).expect(201);
    const before = clock.at;
    try {
      clock.at = new Date('2027-03-09T22:50:00Z'); // Tuesday 9 March, 23:50 in Paris
      await post(`/creches/${night.id}/attendance/check-in`, { childId: noa.id }).expect(201);
      clock.at = new Date('2027-03-09T23:45:00Z'); // Wednesday 10 March, 00:45
      // The new day's list shows her still here since the evening, to be checked out.
      const list = await t
        .http()
        .get(`/creches/${night.id}/attendance`)
        .query({ date: '2027-03-10' })
        .set(manager.auth)
        .expect(200);
      expect(list.body.children.find((c: { childId: string }) => c.childId === noa.id).actual).toMatchObject({
        date: '2027-03-09',
        arrivedAt: '23:50',
        leftAt: null,
      });
      // Still here: not a new arrival, neither named nor with the whole day (the night would stay open, unbilled).
      await post(`/creches/${night.id}/attendance/check-in`, { childId: noa.id })
        .expect(409)
        .expect((r) => expect(r.body.code).toBe('ATTENDANCE.ALREADY_CHECKED_IN'));
      const whole = await post(`/creches/${night.id}/attendance/day/check-in`, {}).expect(200);
      expect(whole.body.map((r: { childId: string }) => r.childId)).not.toContain(noa.id);
      // Her contract ended on the Tuesday while she is still here: refused until her departure is entered (it would
      // write this morning's hours after the end, billed by no invoice).
      const endOnTuesday = () => post(`/contracts/${nightContract.body.id}/end`, { endDate: '2027-03-09' });
      const stillHere = await endOnTuesday().expect(409);
      expect(stillHere.body).toMatchObject({ code: 'CONTRACT.ATTENDED_AFTER_END', details: { openOn: '2027-03-09' } });
      // Her departure at 00:40, entered five minutes later: both days' records audited as entered afterwards.
      const out = await post(`/creches/${night.id}/attendance/check-out`, { childId: noa.id, time: '00:40' }).expect(
        200,
      );
      expect(out.body).toMatchObject({ date: '2027-03-10', arrivedAt: '00:00', leftAt: '00:40' });
      expect((await endOnTuesday().expect(409)).body.details).toEqual({ days: ['2027-03-10'] });
      const rows = await t.dataSource.query(
        `SELECT id, to_char(date, 'YYYY-MM-DD') AS date, arrived_minute, left_minute FROM attendance_records
          WHERE child_id = $1 ORDER BY date`,
        [noa.id],
      );
      expect(rows.map(({ id: _, ...r }: { id: string }) => r)).toEqual([
        { date: '2027-03-09', arrived_minute: 1430, left_minute: 1440 },
        { date: '2027-03-10', arrived_minute: 0, left_minute: 40 },
      ]);
      const [{ n }] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_events
          WHERE action = 'attendance.entered_afterwards' AND subject_id = ANY($1::text[])`,
        [rows.map((r: { id: string }) => r.id)],
      );
      expect(n).toBe(2);
    } finally {
      clock.at = before;
    }
  });

  it('leaves a departure forgotten in a day crèche to a manager: the next morning’s tap bills no night', async () => {
    const before = clock.at;
    try {
      clock.at = new Date('2027-03-15T07:00:00Z'); // Monday 15 March, 08:00 in Paris: Léo arrives
      const monday = await post(`/creches/${crecheId}/attendance/check-in`, { childId: leo.id }).expect(201);
      clock.at = new Date('2027-03-16T08:15:00Z'); // Tuesday, 09:15: nobody checked him out yesterday
      // Tuesday's list does not show him here since Monday (the crèche closes at 21:00, his contract at 17:00).
      const list = await t
        .http()
        .get(`/creches/${crecheId}/attendance`)
        .query({ date: '2027-03-16' })
        .set(manager.auth)
        .expect(200);
      expect(list.body.children.find((c: { childId: string }) => c.childId === leo.id).actual).toBeNull();
      await post(`/creches/${crecheId}/attendance/check-out`, { childId: leo.id })
        .expect(409)
        .expect((r) => expect(r.body.code).toBe('ATTENDANCE.NOT_CHECKED_IN'));
      // He arrives today as usual; Monday's record waits for a manager's correction (no night billed).
      await post(`/creches/${crecheId}/attendance/check-in`, { childId: leo.id }).expect(201);
      const [stillOpen] = await t.dataSource.query(`SELECT left_minute FROM attendance_records WHERE id = $1`, [
        monday.body.id,
      ]);
      expect(stillOpen.left_minute).toBeNull();
      // The managers' list of departures to enter holds Monday's record, not today's arrival.
      const open = await t.http().get(`/creches/${crecheId}/attendance/open`).set(manager.auth).expect(200);
      expect(open.body.filter((o: { childId: string }) => o.childId === leo.id)).toEqual([
        { id: monday.body.id, childId: leo.id, date: '2027-03-15', arrivedAt: '08:00', leftAt: null, firstName: 'Léo' },
      ]);
      await t.http().get(`/creches/${crecheId}/attendance/open`).set(otherManager.auth).expect(404);
      await t.dataSource.query(
        `DELETE FROM attendance_records WHERE child_id = $1 AND date IN ('2027-03-15', '2027-03-16')`,
        [leo.id],
      );
    } finally {
      clock.at = before;
    }
  });

  it('checks a child in at two crèches the same day, one after the other, not at once', async () => {
    const before = clock.at;
    try {
      // Monday 8 March: Zoé's contract here (07:00–17:00), then an evening booking at the other crèche.
      await post(
        `/creches/${elsewhereId}/bookings`,
        { childId: zoe.id, date: '2027-03-08', from: '17:30', to: '19:30', kind: 'OCCASIONAL' },
        otherManager,
      ).expect(201);
      clock.at = new Date('2027-03-08T06:00:00Z'); // 07:00 in Paris
      await post(`/creches/${crecheId}/attendance/check-in`, { childId: zoe.id }).expect(201);
      clock.at = new Date('2027-03-08T16:35:00Z'); // 17:35: still here, not yet there
      const atOnce = await post(`/creches/${elsewhereId}/attendance/check-in`, { childId: zoe.id }, otherManager);
      expect(atOnce.status).toBe(409);
      expect(atOnce.body.code).toBe('ATTENDANCE.IN_OTHER_CRECHE');
      await post(`/creches/${crecheId}/attendance/check-out`, { childId: zoe.id }).expect(200);
      await post(`/creches/${elsewhereId}/attendance/check-in`, { childId: zoe.id }, otherManager).expect(201);
      clock.at = new Date('2027-03-08T18:30:00Z'); // 19:30
      await post(`/creches/${elsewhereId}/attendance/check-out`, { childId: zoe.id }, otherManager).expect(200);
      const rows = await t.dataSource.query(
        `SELECT creche_id, arrived_minute, left_minute FROM attendance_records
          WHERE child_id = $1 AND date = '2027-03-08' ORDER BY arrived_minute`,
        [zoe.id],
      );
      expect(rows).toEqual([
        { creche_id: crecheId, arrived_minute: 420, left_minute: 1055 },
        { creche_id: elsewhereId, arrived_minute: 1055, left_minute: 1170 },
      ]);
      // Monday 22 March, both crèches tap her arrival at the same moment: one of them only.
      await post(
        `/creches/${elsewhereId}/bookings`,
        { childId: zoe.id, date: '2027-03-22', from: '17:30', to: '19:30', kind: 'OCCASIONAL' },
        otherManager,
      ).expect(201);
      clock.at = new Date('2027-03-22T16:40:00Z');
      const both = await Promise.all([
        post(`/creches/${crecheId}/attendance/check-in`, { childId: zoe.id }).then((r) => r),
        post(`/creches/${elsewhereId}/attendance/check-in`, { childId: zoe.id }, otherManager).then((r) => r),
      ]);
      expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(both.find((r) => r.status === 409)!.body.code).toBe('ATTENDANCE.IN_OTHER_CRECHE');
      await t.dataSource.query(`DELETE FROM attendance_records WHERE child_id = $1 AND date = '2027-03-22'`, [zoe.id]);
    } finally {
      clock.at = before;
    }
  });

  it('keeps a day the child attended planned: no contract ends before it, no booking is cancelled on it', async () => {
    // At the other crèche (this file invoices February here): a child under contract Monday to Thursday, checked in
    // on Tuesday 16 and Thursday 18 February 2027.
    const mila = await createChild(t, '2026-03-10', 'Mila');
    const contract = await post(
      `/creches/${elsewhereId}/contracts`,
      {
        childId: mila.id,
        startDate: '2027-02-01',
        endDate: '2027-06-30',
        schedule: monThu,
      },
      otherManager,
    ).expect(201);
    for (const date of ['2027-02-16', '2027-02-18']) {
      await post(
        `/creches/${elsewhereId}/attendance/check-in`,
        { childId: mila.id, date, time: '07:30' },
        otherManager,
      ).expect(201);
      await post(
        `/creches/${elsewhereId}/attendance/check-out`,
        { childId: mila.id, date, time: '16:00' },
        otherManager,
      ).expect(200);
    }
    const end = (endDate: string) => post(`/contracts/${contract.body.id}/end`, { endDate }, otherManager);
    const early = await end('2027-02-16').expect(409);
    expect(early.body).toMatchObject({ code: 'CONTRACT.ATTENDED_AFTER_END', details: { days: ['2027-02-18'] } });
    expect(early.body.message).toContain('18 février 2027');
    // A check-in under way when the contract is ended: it holds the child's lock and found the contract running on
    // Monday 22. The end waits for it; the arrival is written and committed; the end then sees the day.
    const raced = await withHeldTransaction(t.dataSource, async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(1609, hashtext($1))`, [mila.id]);
      const answer = end('2027-02-18').then((r) => r);
      await untilBlockedBy(t.dataSource, tx);
      await tx.query(
        `INSERT INTO attendance_records (creche_id, child_id, date, arrived_minute, left_minute, checked_in_by,
                                         checked_out_by)
         VALUES ($1, $2, '2027-02-22', 450, 960, $3, $3)`,
        [elsewhereId, mila.id, otherManager.id],
      );
      await tx.commitTransaction();
      return answer;
    });
    expect(raced.status).toBe(409);
    expect(raced.body.details.days).toEqual(['2027-02-22']);
    await end('2027-02-22').expect(200);
    // The day after its end the child is no longer expected (404), as before.
    await post(
      `/creches/${elsewhereId}/attendance/check-in`,
      {
        childId: mila.id,
        date: '2027-02-23',
        time: '07:30',
      },
      otherManager,
    ).expect(404);

    // An occasional booking the child came to took place: it is not cancelled; one it did not come to is.
    const booked = async (date: string) =>
      (
        await post(
          `/creches/${elsewhereId}/bookings`,
          {
            childId: mila.id,
            date,
            from: '09:00',
            to: '12:00',
            kind: 'OCCASIONAL',
          },
          otherManager,
        ).expect(201)
      ).body.id as string;
    const came = await booked('2027-02-25');
    const missed = await booked('2027-02-26');
    const tapped = await post(
      `/creches/${elsewhereId}/attendance/check-in`,
      {
        childId: mila.id,
        date: '2027-02-25',
        time: '08:30',
      },
      otherManager,
    ).expect(201);
    const cancel = await t.http().delete(`/bookings/${came}`).set(otherManager.auth).expect(409);
    expect(cancel.body).toMatchObject({ code: 'BOOKING.ATTENDED', details: { date: '2027-02-25' } });
    expect(cancel.body.message).toContain('25 février 2027');
    await t.http().delete(`/bookings/${missed}`).set(otherManager.auth).expect(204);

    // The check-in was a mistake (she did not come): a manager removes it, audited with its times, then the booking
    // can be cancelled. Another crèche's manager cannot see it (404).
    await t.http().delete(`/attendance/${tapped.body.id}`).set(manager.auth).expect(404);
    await t.http().delete(`/attendance/${tapped.body.id}`).set(otherManager.auth).expect(204);
    await t.http().delete(`/attendance/${tapped.body.id}`).set(otherManager.auth).expect(404);
    const [removed] = await t.dataSource.query(
      `SELECT details FROM audit_events WHERE action = 'attendance.removed' AND subject_id = $1`,
      [tapped.body.id],
    );
    expect(removed.details).toMatchObject({ childId: mila.id, date: '2027-02-25', arrivedAt: '08:30', leftAt: null });
    await t.http().delete(`/bookings/${came}`).set(otherManager.auth).expect(204);
  });

  it('tells the hours of a booking from the others: a booking not come to is cancelled, a day within one ends a contract', async () => {
    // At the other crèche: under contract Monday to Thursday 07:00–17:00, booked Wednesday 17 February 17:00–18:30
    // and Friday 19 February 09:00–12:00.
    const noa = await createChild(t, '2026-03-10', 'Noa');
    const who = otherManager;
    const contract = await post(
      `/creches/${elsewhereId}/contracts`,
      { childId: noa.id, startDate: '2027-02-01', endDate: '2027-06-30', schedule: monThu },
      who,
    ).expect(201);
    const book = async (date: string, from: string, to: string) =>
      (
        await post(
          `/creches/${elsewhereId}/bookings`,
          { childId: noa.id, date, from, to, kind: 'OCCASIONAL' },
          who,
        ).expect(201)
      ).body.id as string;
    const evening = await book('2027-02-17', '17:00', '18:30');
    await book('2027-02-19', '09:00', '12:00');
    const day = async (date: string, from: string, to: string) => {
      await post(`/creches/${elsewhereId}/attendance/check-in`, { childId: noa.id, date, time: from }, who).expect(201);
      await post(`/creches/${elsewhereId}/attendance/check-out`, { childId: noa.id, date, time: to }, who).expect(200);
    };
    // Wednesday she left at 16:00: the evening's booking did not take place and is cancelled.
    await day('2027-02-17', '07:30', '16:00');
    await t.http().delete(`/bookings/${evening}`).set(who.auth).expect(204);
    // Friday she came for her booking only: the contract may end on Thursday, the booking bills Friday.
    await day('2027-02-19', '09:00', '12:00');
    await post(`/contracts/${contract.body.id}/end`, { endDate: '2027-02-18' }, who).expect(200);
  });

  it('leaves out of the whole day, and of the planned day, a child on declared leave', async () => {
    const mia = await createChild(t, '2026-03-10', 'Mia');
    await post(`/creches/${crecheId}/contracts`, {
      childId: mia.id,
      startDate: '2027-03-15',
      endDate: '2027-06-30',
      schedule: monThu,
      leavePeriods: [{ from: '2027-03-23', to: '2027-03-24' }],
    }).expect(201);
    const before = clock.at;
    try {
      clock.at = new Date('2027-03-23T17:00:00Z'); // Tuesday 23 March, 18:00 in Paris
      const day = await t
        .http()
        .get(`/creches/${crecheId}/attendance`)
        .query({ date: '2027-03-23' })
        .set(manager.auth)
        .expect(200);
      expect(day.body.children.find((c: { childId: string }) => c.childId === mia.id).planned).toEqual([]);
      const whole = await post(`/creches/${crecheId}/attendance/day/check-in`, {
        date: '2027-03-23',
        time: '08:00',
      }).expect(200);
      const ids = whole.body.map((r: { childId: string }) => r.childId);
      expect(ids).toContain(zoe.id);
      expect(ids).not.toContain(mia.id);
    } finally {
      clock.at = before;
      await t.dataSource.query(`DELETE FROM attendance_records WHERE date = '2027-03-23' AND creche_id = $1`, [
        crecheId,
      ]);
    }
  });

  it('keeps each correction in the audit trail with the times before', async () => {
    const rec = await post(`/creches/${crecheId}/attendance/check-in`, {
      childId: leo.id,
      date: '2027-02-22',
      time: '08:00',
    }).expect(201);
    const res = await t
      .http()
      .patch(`/attendance/${rec.body.id}`)
      .set(manager.auth)
      .send({ arrivedAt: '07:00', leftAt: '17:20' })
      .expect(200);
    expect(res.body).toMatchObject({ arrivedAt: '07:00', leftAt: '17:20' });
    const events = await t
      .http()
      .get('/audit/events')
      .query({ action: 'attendance.corrected', subjectId: rec.body.id })
      .set(admin.auth)
      .expect(200);
    expect(events.body.items).toHaveLength(1);
    expect(events.body.items[0]).toMatchObject({
      actorUserId: manager.id,
      details: { before: { arrivedAt: '08:00', leftAt: null }, after: { arrivedAt: '07:00', leftAt: '17:20' } },
    });
    await t.http().patch(`/attendance/${rec.body.id}`).set(otherManager.auth).send({ arrivedAt: '07:00' }).expect(404);
    // The arrival corrected on a screen opened before the departure was recorded: the departure stays (it was
    // erased); an arrival after it is refused on its field; null removes a departure recorded by mistake.
    const correct = (body: Record<string, unknown>) =>
      t.http().patch(`/attendance/${rec.body.id}`).set(manager.auth).send(body);
    expect((await correct({ arrivedAt: '07:10' }).expect(200)).body).toMatchObject({
      arrivedAt: '07:10',
      leftAt: '17:20',
    });
    const late = await correct({ arrivedAt: '18:00' }).expect(400);
    expect(late.body.details).toEqual([
      { field: 'arrivedAt', errors: ['arrivedAt must be before the departure recorded at 17:20'] },
    ]);
    expect((await correct({ arrivedAt: '07:10', leftAt: null }).expect(200)).body).toMatchObject({
      arrivedAt: '07:10',
      leftAt: null,
    });
    // Its departure again (an open record would keep February from being invoiced below).
    await correct({ arrivedAt: '07:00', leftAt: '17:20' }).expect(200);
  });

  it('keeps pointage entered afterwards (another day or time) in the audit trail, not pointage as it happens', async () => {
    const events = async (subjectId: string) =>
      (
        await t
          .http()
          .get('/audit/events')
          .query({ action: 'attendance.entered_afterwards', subjectId })
          .set(admin.auth)
          .expect(200)
      ).body.items;
    // Friday 26 February, entered on Monday: arrival, then departure.
    const late = await post(`/creches/${crecheId}/attendance/check-in`, {
      childId: zoe.id,
      date: '2027-02-26',
      time: '08:10',
    }).expect(201);
    await post(`/creches/${crecheId}/attendance/check-out`, {
      childId: zoe.id,
      date: '2027-02-26',
      time: '16:45',
    }).expect(200);
    expect(await events(late.body.id)).toEqual([
      expect.objectContaining({
        actorUserId: manager.id,
        details: {
          childId: zoe.id,
          crecheId,
          date: '2027-02-26',
          what: 'check_out',
          arrivedAt: '08:10',
          leftAt: '16:45',
        },
      }),
      expect.objectContaining({
        actorUserId: manager.id,
        details: { childId: zoe.id, crecheId, date: '2027-02-26', what: 'check_in', arrivedAt: '08:10', leftAt: null },
      }),
    ]);
    // The whole of Thursday 25 February at once, entered afterwards: one event per child.
    const day = await post(`/creches/${crecheId}/attendance/day/check-in`, {
      date: '2027-02-25',
      time: '07:30',
    }).expect(200);
    expect(day.body).toHaveLength(2);
    for (const row of day.body as { id: string }[]) expect(await events(row.id)).toHaveLength(1);
    // The first test's Monday 1 March: Zoé checked in as it happened (no event), her departure entered with a time.
    const [monday] = await t.dataSource.query(
      `SELECT id FROM attendance_records WHERE child_id = $1 AND date = '2027-03-01'`,
      [zoe.id],
    );
    expect((await events(monday.id)).map((e: { details: { what: string } }) => e.details.what)).toEqual(['check_out']);
  });

  it('records an absence with its certificate, whose type is read from its bytes', async () => {
    const abs = await post(`/creches/${crecheId}/absences`, {
      childId: zoe.id,
      reason: 'ILLNESS',
      from: '2027-02-15',
      to: '2027-02-19',
    }).expect(201);
    expect(abs.body).toMatchObject({ reason: 'ILLNESS', certified: false, hasDocument: false });
    await t
      .http()
      .post(`/absences/${abs.body.id}/document`)
      .set(manager.auth)
      .attach('document', Buffer.from('not a pdf at all'), { filename: 'x.pdf', contentType: 'application/pdf' })
      .expect(400)
      .expect((r) => expect(r.body.details[0].field).toBe('document'));
    const up = await t
      .http()
      .post(`/absences/${abs.body.id}/document`)
      .set(manager.auth)
      .attach('document', PDF, { filename: 'certificat.pdf', contentType: 'application/pdf' })
      .expect(200);
    expect(up.body).toMatchObject({ certified: true, hasDocument: true });
    const file = await t.http().get(`/absences/${abs.body.id}/document`).set(manager.auth).expect(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    await t.http().get(`/absences/${abs.body.id}/document`).set(otherManager.auth).expect(404);
    await post(`/creches/${crecheId}/absences`, {
      childId: zoe.id,
      reason: 'HOLIDAY',
      from: '2027-02-15',
      to: '2027-02-14',
    })
      .expect(400)
      .expect((r) => expect(r.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['from', 'reason']));
    await post(`/creches/${crecheId}/absences`, {
      childId: zoe.id,
      reason: 'UNEXCUSED',
      from: '2027-01-04',
      to: '2099-12-31',
    })
      .expect(400)
      .expect((r) => expect(r.body.details[0].field).toBe('to'));
  });
  it('records an absence sent twice at once once (409 ABSENCE.DUPLICATE), and overlapping absences of other reasons', async () => {
    const ill = { childId: zoe.id, reason: 'ILLNESS', from: '2027-06-07', to: '2027-06-11' };
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => post(`/creches/${crecheId}/absences`, ill)));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(answers.find((r) => r.status === 409)!.body.code).toBe('ABSENCE.DUPLICATE');
    // A hospitalisation within the illness is another absence (deducted from its first day, R8.1).
    await post(`/creches/${crecheId}/absences`, {
      ...ill,
      reason: 'HOSPITALISATION',
      from: '2027-06-08',
      to: '2027-06-09',
    }).expect(201);
    const rows = await t.dataSource.query(
      `SELECT reason FROM absences WHERE child_id = $1 AND from_date >= '2027-06-07' AND to_date <= '2027-06-11' ORDER BY reason`,
      [zoe.id],
    );
    expect(rows.map((r: { reason: string }) => r.reason)).toEqual(['HOSPITALISATION', 'ILLNESS']);
    await t.dataSource.query(`DELETE FROM absences WHERE child_id = $1 AND from_date >= '2027-06-07'`, [zoe.id]);
  });

  it('answers 404, not 500, to a proof or a correction of an absence removed while they waited for it', async () => {
    const abs = await post(`/creches/${crecheId}/absences`, {
      childId: zoe.id,
      reason: 'ILLNESS',
      from: '2027-02-08',
      to: '2027-02-09',
    }).expect(201);
    // Another manager's removal holds the absence; the upload and the correction wait for its row, then find none.
    const answers = await withHeldTransaction(t.dataSource, async (removal) => {
      await removal.query(`SELECT id FROM absences WHERE id = $1 FOR UPDATE`, [abs.body.id]);
      const upload = t
        .http()
        .post(`/absences/${abs.body.id}/document`)
        .set(manager.auth)
        .attach('document', PDF, { filename: 'certificat.pdf', contentType: 'application/pdf' })
        .then((r) => r);
      const correction = t
        .http()
        .patch(`/absences/${abs.body.id}`)
        .set(manager.auth)
        .send({ certified: true })
        .then((r) => r);
      await untilWaitingOnLocks(t.dataSource, 2);
      await removal.query(`DELETE FROM absences WHERE id = $1`, [abs.body.id]);
      await removal.commitTransaction();
      return Promise.all([upload, correction]);
    });
    expect(answers.map((r) => r.status)).toEqual([404, 404]);
  });

  it('corrects and removes an absence recorded by mistake, audited, until its month is invoiced (then 409)', async () => {
    // A household with a fee, so that February 2027 bills it.
    const parent = await createParentWithChild(t);
    await t
      .http()
      .post(`/creches/${crecheId}/contracts`)
      .set(manager.auth)
      .send({
        childId: parent.childId,
        startDate: '2027-01-04',
        endDate: '2027-06-30',
        schedule: monThu,
        feeInputs: { monthlyResources: '2423.26', dependentChildren: 1 },
      })
      .expect(201);
    const feb = await post(`/creches/${crecheId}/absences`, {
      childId: parent.childId,
      reason: 'ILLNESS',
      from: '2027-02-08',
      to: '2027-02-12',
    }).expect(201);
    const patch = (id: string, body: object, who = manager) =>
      t.http().patch(`/absences/${id}`).set(who.auth).send(body);

    // Corrected before the month is invoiced: a hospitalisation of Monday 8 to Wednesday 10, audited before and after.
    const fixed = await patch(feb.body.id, { reason: 'HOSPITALISATION', to: '2027-02-10' }).expect(200);
    expect(fixed.body).toMatchObject({
      id: feb.body.id,
      childId: parent.childId,
      reason: 'HOSPITALISATION',
      from: '2027-02-08',
      to: '2027-02-10',
      certified: false,
    });
    const audited = await t
      .http()
      .get('/audit/events')
      .query({ action: 'absence.corrected', subjectId: feb.body.id })
      .set(admin.auth)
      .expect(200);
    expect(audited.body.items).toHaveLength(1);
    expect(audited.body.items[0]).toMatchObject({
      actorUserId: manager.id,
      details: {
        before: { reason: 'ILLNESS', from: '2027-02-08', to: '2027-02-12', certified: false },
        after: { reason: 'HOSPITALISATION', from: '2027-02-08', to: '2027-02-10', certified: false },
      },
    });
    // An admin may correct it too.
    await patch(feb.body.id, { certified: false }, admin).expect(200);
    // Bad input names the field; another crèche's manager sees nothing; a parent is refused.
    await patch(feb.body.id, { from: '2027-02-11' })
      .expect(400)
      .expect((r) => expect(r.body.details[0].field).toBe('from'));
    await patch(feb.body.id, { reason: 'HOLIDAY' })
      .expect(400)
      .expect((r) => expect(r.body.details[0].field).toBe('reason'));
    await patch(feb.body.id, { to: '2027-02-09' }, otherManager).expect(404);
    await t.http().delete(`/absences/${feb.body.id}`).set(otherManager.auth).expect(404);
    await patch(feb.body.id, { to: '2027-02-09' }, await createUser(t, 'PARENT')).expect(403);

    // An arrival with no departure (Thursday 25 February, the whole day checked in afterwards, by an earlier test)
    // would bill no hour attended: the month waits for the departure, named by its day.
    const open = await post(`/creches/${crecheId}/invoices/issue`, { month: '2027-02' }).expect(409);
    expect(open.body).toMatchObject({ code: 'INVOICE.ATTENDANCE_OPEN' });
    expect(open.body.message).toContain('25 février 2027');
    await post(`/creches/${crecheId}/attendance/day/check-out`, { date: '2027-02-25', time: '17:00' }).expect(200);
    // February invoiced: the corrected absence is what it deducts (3 days × 10 h), and it no longer changes.
    const issued = await post(`/creches/${crecheId}/invoices/issue`, { month: '2027-02' }).expect(200);
    const invoice = issued.body.issued.find((i: { familyId: string }) => i.familyId === parent.familyId);
    expect(invoice).toMatchObject({ deductedHours: '30.00' });
    for (const res of [
      await patch(feb.body.id, { to: '2027-02-08' }),
      await t.http().delete(`/absences/${feb.body.id}`).set(manager.auth),
    ]) {
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        code: 'ABSENCE.INVOICED',
        message: expect.stringContaining('février 2027'),
      });
      expect(res.body.message).toContain('avoir');
    }
    // Nor is a certificate brought now for it: certified, it would deduct what the issued invoice billed.
    const late = await t
      .http()
      .post(`/absences/${feb.body.id}/document`)
      .set(manager.auth)
      .attach('document', PDF, { filename: 'certificat.pdf', contentType: 'application/pdf' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('ABSENCE.INVOICED');
    expect(
      await t.dataSource.query(`SELECT certified, document_key FROM absences WHERE id = $1`, [feb.body.id]),
    ).toEqual([{ certified: false, document_key: null }]);
    // Nor is a new absence recorded on the invoiced month: the invoice would not have deducted it.
    const lateAbsence = await post(`/creches/${crecheId}/absences`, {
      childId: parent.childId,
      reason: 'ILLNESS',
      from: '2027-02-25',
      to: '2027-03-02',
    });
    expect(lateAbsence.status).toBe(409);
    expect(lateAbsence.body).toMatchObject({
      code: 'ABSENCE.INVOICED',
      message: expect.stringContaining('février 2027'),
    });
    expect(
      await t.dataSource.query(`SELECT id FROM absences WHERE child_id = $1 AND from_date = '2027-02-25'`, [
        parent.childId,
      ]),
    ).toEqual([]);
    // Nor up to its eve: an illness ending on 31 January would join one going on in February and move the waiting
    // days February's invoice deducted from. One ending earlier is recorded.
    const eve = await post(`/creches/${crecheId}/absences`, {
      childId: parent.childId,
      reason: 'ILLNESS',
      from: '2027-01-28',
      to: '2027-01-31',
    });
    expect(eve.status).toBe(409);
    expect(eve.body).toMatchObject({ code: 'ABSENCE.INVOICED', message: expect.stringContaining('février 2027') });
    await post(`/creches/${crecheId}/absences`, {
      childId: parent.childId,
      reason: 'ILLNESS',
      from: '2027-01-25',
      to: '2027-01-28',
    }).expect(201);
    // The other reasons are deducted from their first day: one up to the eve joins nothing February deducted.
    const hospital = await post(`/creches/${crecheId}/absences`, {
      childId: parent.childId,
      reason: 'HOSPITALISATION',
      from: '2027-01-29',
      to: '2027-01-31',
    }).expect(201);
    // Made an illness, it would: refused, and unchanged.
    const madeIllness = await patch(hospital.body.id, { reason: 'ILLNESS' }).expect(409);
    expect(madeIllness.body.message).toContain('février 2027');
    // An absence of a month not invoiced may not be moved into an invoiced one either.
    const mar = await post(`/creches/${crecheId}/absences`, {
      childId: parent.childId,
      reason: 'UNEXCUSED',
      from: '2027-03-01',
      to: '2027-03-01',
    }).expect(201);
    await patch(mar.body.id, { from: '2027-02-25' }).expect(409);
    const unchanged = await t.dataSource.query(
      `SELECT reason, to_char(to_date, 'YYYY-MM-DD') AS to FROM absences WHERE id = $1`,
      [feb.body.id],
    );
    expect(unchanged).toEqual([{ reason: 'HOSPITALISATION', to: '2027-02-10' }]);

    // Today's absence recorded by mistake is removed, with its proof, audited with what it was.
    await t
      .http()
      .post(`/absences/${mar.body.id}/document`)
      .set(manager.auth)
      .attach('document', PDF, { filename: 'certificat.pdf', contentType: 'application/pdf' })
      .expect(200);
    await t.http().delete(`/absences/${mar.body.id}`).set(manager.auth).expect(204);
    await t.http().delete(`/absences/${mar.body.id}`).set(manager.auth).expect(404);
    await t.http().get(`/absences/${mar.body.id}/document`).set(manager.auth).expect(404);
    const day = await t.http().get(`/creches/${crecheId}/attendance`).query({ date: '2027-03-01' }).set(manager.auth);
    expect(day.body.children.find((c: { childId: string }) => c.childId === parent.childId)).toMatchObject({
      absence: null,
    });
    const removed = await t
      .http()
      .get('/audit/events')
      .query({ action: 'absence.deleted', subjectId: mar.body.id })
      .set(admin.auth)
      .expect(200);
    expect(removed.body.items).toEqual([
      expect.objectContaining({
        actorUserId: manager.id,
        details: expect.objectContaining({
          childId: parent.childId,
          before: { reason: 'UNEXCUSED', from: '2027-03-01', to: '2027-03-01', certified: true, hadDocument: true },
        }),
      }),
    ]);
  });
  it("lets the crèche's staff accounts check children in and out, and nothing a manager decides", async () => {
    const staff = await createUser(t, 'CRECHE_STAFF');
    const otherStaff = await createUser(t, 'CRECHE_STAFF');
    const put = (who: TestUser, userIds: string[], id = crecheId) =>
      t.http().put(`/creches/${id}/staff`).set(who.auth).send({ userIds });
    // The crèche's manager names the team; a manager of another crèche, a staff account or a parent cannot.
    await put(manager, [manager.id])
      .expect(400)
      .expect((r) => expect(r.body.details[0].field).toBe('userIds[0]'));
    await put(otherManager, [staff.id]).expect(404);
    await put(staff, [staff.id]).expect(403);
    const named = { userIds: [staff.id], members: [expect.objectContaining({ id: staff.id, email: staff.email })] };
    expect((await put(manager, [staff.id]).expect(200)).body).toEqual(named);
    expect((await t.http().get(`/creches/${crecheId}/staff`).set(manager.auth).expect(200)).body).toEqual(named);
    // Another crèche's auxiliary is named there by its own manager or an admin, not here: this crèche's children would
    // be shown to someone its manager does not run. Nor does the answer tell an account from an unknown id.
    const elsewhere = await createCreche(t, admin, (await createTerritory(t, admin)).id, { capacityBands: [] });
    const theirs = await createUser(t, 'CRECHE_STAFF');
    await put(admin, [theirs.id], elsewhere.id).expect(200);
    await put(manager, [staff.id, theirs.id])
      .expect(400)
      .expect((r) => expect(r.body.details.map((d: { field: string }) => d.field)).toEqual(['userIds[1]']));
    const refusal = async (id: string) =>
      (await put(manager, [id]).expect(400)).body.details[0].errors[0].replace(id, '<id>');
    expect(await refusal(admin.id)).toBe(await refusal('7b0c5a4e-2f5d-4c1e-9a53-0d5f3e1c2b4a'));
    // Another crèche's auxiliary too: the manager does not learn that the id is a staff account working elsewhere,
    // alone or beside an id that is no account.
    expect(await refusal(theirs.id)).toBe(await refusal(admin.id));
    const fieldsRefused = async (ids: string[]) =>
      (await put(manager, ids).expect(400)).body.details.map((d: { field: string }) => d.field);
    const unknown = '7b0c5a4e-2f5d-4c1e-9a53-0d5f3e1c2b4a';
    expect(await fieldsRefused([theirs.id, unknown])).toEqual(await fieldsRefused([admin.id, unknown]));
    expect(await fieldsRefused([theirs.id, unknown])).toEqual(['userIds[0]', 'userIds[1]']);
    const mine = await t.http().get('/me/creches').set(staff.auth).expect(200);
    expect(mine.body.map((c: { id: string }) => c.id)).toEqual([crecheId]);
    expect((await t.http().get('/me/creches').set(otherStaff.auth).expect(200)).body).toEqual([]);

    // Tuesday 2 March 2027: pointage as it happens, the day's list and its places, at their own crèche only.
    const before = clock.at;
    const day = '2027-03-02';
    try {
      clock.at = new Date('2027-03-02T06:40:00Z'); // 07:40 in Paris
      await post(`/creches/${crecheId}/absences`, { childId: zoe.id, reason: 'ILLNESS', from: day, to: day }).expect(
        201,
      );
      const inRes = await post(`/creches/${crecheId}/attendance/check-in`, { childId: leo.id }, staff).expect(201);
      expect(inRes.body).toMatchObject({ childId: leo.id, date: day, arrivedAt: '07:40' });
      // Zoé is noted ill: only a manager can take the absence back, so the staff cannot check her in.
      for (const [path, body] of [
        ['check-in', { childId: zoe.id }],
        ['day/check-in', { childIds: [zoe.id] }],
      ] as const)
        await post(`/creches/${crecheId}/attendance/${path}`, body, staff)
          .expect(409)
          .expect((r) => expect(r.body.code).toBe('ATTENDANCE.CHILD_ABSENT'));
      // The whole day at once leaves her out (and Léo, already in).
      const all = await post(`/creches/${crecheId}/attendance/day/check-in`, {}, staff).expect(200);
      const checkedIn = all.body.map((r: { childId: string }) => r.childId);
      expect(checkedIn).not.toContain(zoe.id);
      expect(checkedIn).not.toContain(leo.id);
      // Another day or another time weighs on the invoice like a correction: a manager's (403 to the staff).
      for (const body of [
        { childId: zoe.id, date: '2027-03-01' },
        { childId: leo.id, time: '06:00' },
      ])
        await post(`/creches/${crecheId}/attendance/check-in`, body, staff).expect(403);
      // So is the whole day's end at once: it would bill a child picked up without a check-out until the tap.
      await post(`/creches/${crecheId}/attendance/day/check-out`, {}, staff).expect(403);
      const dayOf = (date: string, who: TestUser) =>
        t.http().get(`/creches/${crecheId}/attendance`).query({ date }).set(who.auth);
      await dayOf('2027-03-01', staff).expect(403);
      clock.at = new Date('2027-03-02T15:10:00Z'); // 16:10
      await post(`/creches/${crecheId}/attendance/check-out`, { childId: leo.id }, staff).expect(200);
      const list = await dayOf(day, staff).expect(200);
      expect(list.body.children.find((c: { childId: string }) => c.childId === leo.id).actual).toMatchObject({
        arrivedAt: '07:40',
        leftAt: '16:10',
      });
      // Zoé is absent, for the staff; why (health data) and its proof are the managers'.
      const absenceOf = (body: { children: { childId: string; absence: unknown }[] }) =>
        body.children.find((c) => c.childId === zoe.id)!.absence;
      expect(absenceOf(list.body)).toMatchObject({
        from: day,
        to: day,
        reason: null,
        certified: null,
        hasDocument: null,
      });
      expect(absenceOf((await dayOf(day, manager).expect(200)).body)).toMatchObject({
        reason: 'ILLNESS',
        certified: false,
        hasDocument: false,
      });
      await t.http().get(`/creches/${crecheId}/occupancy`).query({ from: day, to: day }).set(staff.auth).expect(200);
      await post(`/creches/${crecheId}/attendance/check-in`, { childId: zoe.id }, otherStaff).expect(404);
      await dayOf(day, otherStaff).expect(404);

      // Corrections, absences, invoices, contracts and the waitlist stay the managers'.
      await t
        .http()
        .patch(`/attendance/${inRes.body.id}`)
        .set(staff.auth)
        .send({ arrivedAt: '07:00', leftAt: '16:10' })
        .expect(403);
    } finally {
      clock.at = before;
    }
    await post(
      `/creches/${crecheId}/absences`,
      { childId: leo.id, reason: 'ILLNESS', from: day, to: day },
      staff,
    ).expect(403);
    for (const path of [
      `/creches/${crecheId}/invoices`,
      `/creches/${crecheId}/contracts`,
      `/creches/${crecheId}/waitlist`,
      `/creches/${crecheId}/caf-reports/activity?year=2027`,
    ])
      await t.http().get(path).set(staff.auth).expect(403);
    await put(staff, []).expect(403);
    // A disabled account is not named.
    await t.http().post(`/users/${otherStaff.id}/disable`).set(admin.auth).expect(204);
    await put(manager, [otherStaff.id])
      .expect(400)
      .expect((r) => expect(r.body.details[0].field).toBe('userIds[0]'));
    // Removed from the team, the account no longer reaches the crèche.
    await put(manager, []).expect(200);
    await post(`/creches/${crecheId}/attendance/check-in`, { childId: leo.id }, staff).expect(404);
  });
});
