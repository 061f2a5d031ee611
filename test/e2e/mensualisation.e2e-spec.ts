import { randomUUID } from 'node:crypto';
import { ContractFeesService } from '../../src/modules/contracts/contract-fees.service';
import type { Clock } from '../../src/common/time/clock';
import {
  assignManagers,
  createChild,
  createCreche,
  createTerritory,
  fullWeek,
  microCrecheBody,
} from '../support/factories';
import { createUser, startTestApp, TestApp, TestUser } from '../support/test-app';

/** Issue #14 §1 and §2: the hours a contract bills, and the fee of occasional and emergency care. */
describe('Fees over the contract’s own months, and occasional care billed', () => {
  const clock: Clock & { at: Date } = {
    at: new Date('2025-05-15T10:00:00Z'),
    now() {
      return this.at;
    },
  };
  let t: TestApp;
  let admin: TestUser;
  let manager: TestUser;
  let auditor: TestUser;
  let territoryId: string;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    admin = await createUser(t, 'ADMIN');
    manager = await createUser(t, 'MANAGER');
    auditor = await createUser(t, 'CAF_AUDITOR');
    territoryId = (await createTerritory(t, admin)).id;
  });
  afterAll(async () => {
    await t.close();
  });

  async function managedCreche(over: Record<string, unknown> = {}) {
    const creche = await createCreche(t, admin, territoryId, {
      kind: 'COLLECTIVE',
      places: 20,
      capacityBands: [],
      closures: [],
      ...over,
    });
    await assignManagers(t, admin, creche.id, manager);
    return creche;
  }
  const contract = (crecheId: string, body: Record<string, unknown>) =>
    t.http().post(`/creches/${crecheId}/contracts`).set(manager.auth).send(body);

  it('quotes the worked example in the period form: 156 h a month, 260.52 €', async () => {
    const res = await t
      .http()
      .post('/fees/quote')
      .send({
        date: '2027-01-04',
        careType: 'COLLECTIVE',
        monthlyResources: '2700.00',
        dependentChildren: 1,
        contractStart: '2027-01-04',
        contractEnd: '2027-06-25',
        schedule: fullWeek('08:00', '16:00'),
        leavePeriods: [{ from: '2027-02-15', to: '2027-02-19' }],
      })
      .expect(200);
    expect(res.body).toMatchObject({ hourlyRate: '1.67', monthlyHours: '156.00', monthlyFee: '260.52' });
    expect(res.body.trace.find((s: { step: string }) => s.step === 'RESERVED_HOURS')).toMatchObject({
      value: '936 h',
      inputs: { scheduledDays: 125, publicHolidayDays: 3, leaveDays: 5 },
    });
  });

  it('quotes at a crèche what its contract then bills: its closures, care type, ceiling and bound on leave', async () => {
    // A micro-crèche closed 12–23 April 2027, its resources ceiling raised to 10 000 € (the national one in 2027: 8 500 €), at
    // most 4 weeks of leave a year (1.9 over this contract's six months).
    const creche = await managedCreche({
      kind: 'MICRO_CRECHE',
      places: 12,
      closures: [{ from: '2027-04-12', to: '2027-04-23', label: 'Printemps' }],
      resourcesCeilingOverride: '10000.00',
      maxLeaveWeeksPerYear: 4,
    });
    const period = {
      date: '2027-01-04',
      monthlyResources: '9500.00',
      dependentChildren: 1,
      contractStart: '2027-01-04',
      contractEnd: '2027-06-25',
      schedule: fullWeek('08:00', '16:00'),
      leavePeriods: [{ from: '2027-02-15', to: '2027-02-19' }],
    };
    const atCreche = await t.http().post(`/creches/${creche.id}/fees/quote`).send(period).expect(200);
    const anywhere = await t
      .http()
      .post('/fees/quote')
      .send({ ...period, careType: 'MICRO_CRECHE' })
      .expect(200);
    const reserved = (body: { trace: { step: string; inputs: Record<string, number> }[] }) =>
      body.trace.find((s) => s.step === 'RESERVED_HOURS')!.inputs;
    // The ten closed weekdays come off (936 h → 856 h over the six months), and the crèche's ceiling applies.
    expect(reserved(anywhere.body)).toMatchObject({ closureDays: 0, leaveDays: 5 });
    expect(reserved(atCreche.body)).toMatchObject({ closureDays: 10, leaveDays: 5 });
    expect(atCreche.body).toMatchObject({ boundedResources: '9500.00', monthlyHours: '142.67' });
    expect(anywhere.body).toMatchObject({ boundedResources: '8500.00', monthlyHours: '156.00' });

    // The same family signed with the same inputs: the contract's fee is the one the simulator gave.
    const child = await createChild(t);
    const signed = await contract(creche.id, {
      childId: child.id,
      startDate: period.contractStart,
      endDate: period.contractEnd,
      schedule: period.schedule,
      leavePeriods: period.leavePeriods,
      feeInputs: { monthlyResources: period.monthlyResources, dependentChildren: 1 },
    }).expect(201);
    expect(signed.body.fee).toMatchObject({
      hourlyRate: atCreche.body.hourlyRate,
      monthlyHours: atCreche.body.monthlyHours,
      monthlyFee: atCreche.body.monthlyFee,
    });

    // The crèche's own bound on leave, a care type given anyway, and a crèche that does not exist.
    const tooLong = await t
      .http()
      .post(`/creches/${creche.id}/fees/quote`)
      .send({ ...period, leavePeriods: [{ from: '2027-02-01', to: '2027-02-26' }] })
      .expect(400);
    expect(tooLong.body.details).toEqual([
      { field: 'leavePeriods', errors: [expect.stringMatching(/at most 4 weeks a year/)] },
    ]);
    const withType = await t
      .http()
      .post(`/creches/${creche.id}/fees/quote`)
      .send({ ...period, careType: 'COLLECTIVE' })
      .expect(400);
    expect(withType.body.details.map((d: { field: string }) => d.field)).toEqual(['careType']);
    await t.http().post(`/creches/${randomUUID()}/fees/quote`).send(period).expect(404);
    // As a contract: its fee from its first day, its schedule within the opening hours (05:00–21:00 here).
    const otherDate = await t
      .http()
      .post(`/creches/${creche.id}/fees/quote`)
      .send({ ...period, date: '2026-09-01' })
      .expect(400);
    expect(otherDate.body.details.map((d: { field: string }) => d.field)).toEqual(['date']);
    const early = await t
      .http()
      .post(`/creches/${creche.id}/fees/quote`)
      .send({
        ...period,
        schedule: [{ weekday: 2, from: '04:00', to: '12:00' }, ...fullWeek('08:00', '16:00').slice(2)],
      })
      .expect(400);
    expect(early.body.details).toEqual([
      { field: 'schedule[0]', errors: [expect.stringMatching(/^mardi 04:00-05:00 is outside the opening hours of /)] },
    ]);
    const refused = await contract(creche.id, {
      childId: (await createChild(t)).id,
      startDate: period.contractStart,
      endDate: period.contractEnd,
      schedule: [{ weekday: 2, from: '04:00', to: '12:00' }],
      feeInputs: { monthlyResources: period.monthlyResources, dependentChildren: 1 },
    });
    // The contract the quote refused would be refused too: no place outside the opening hours.
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 409, code: 'CAPACITY.FULL' });
  });

  it('refuses a quote mixing both forms, and one with a leave of 52 weeks, naming the field', async () => {
    const mixed = await t
      .http()
      .post('/fees/quote')
      .send({
        date: '2027-01-04',
        careType: 'COLLECTIVE',
        dependentChildren: 1,
        contractStart: '2027-01-04',
        contractEnd: '2027-06-25',
        schedule: fullWeek(),
        weeksPerYear: 45,
      })
      .expect(400);
    expect(mixed.body.details[0].field).toBe('weeksPerYear');
    const missing = await t
      .http()
      .post('/fees/quote')
      .send({ date: '2027-01-04', careType: 'COLLECTIVE', dependentChildren: 1, contractStart: '2027-01-04' })
      .expect(400);
    expect(missing.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['contractEnd', 'schedule']);
    const base = { date: '2027-01-04', careType: 'COLLECTIVE', dependentChildren: 1 };
    const century = await t
      .http()
      .post('/fees/quote')
      .send({ ...base, contractStart: '2000-01-03', contractEnd: '2099-12-31', schedule: fullWeek() })
      .expect(400);
    expect(century.body.details[0].field).toBe('contractEnd');
    const tripled = await t
      .http()
      .post('/fees/quote')
      .send({
        ...base,
        contractStart: '2027-01-04',
        contractEnd: '2027-06-25',
        schedule: [1, 1, 1].map((weekday) => ({ weekday, from: '08:00', to: '16:00' })),
      })
      .expect(400);
    expect(tripled.body.details[0].field).toBe('schedule[1]');
    const weeksWithDates = await t
      .http()
      .post('/fees/quote')
      .send({ ...base, hoursPerWeek: '40', weeksPerYear: 45, leavePeriods: [{ from: '2027-02-15', to: '2027-02-19' }] })
      .expect(400);
    expect(weeksWithDates.body.details[0].field).toBe('leavePeriods');
  });

  it('refuses a contract declaring 52 weeks of leave (it would bill 0 €) with a 400 naming leavePeriods', async () => {
    const creche = await managedCreche();
    const child = await createChild(t);
    const res = await contract(creche.id, {
      childId: child.id,
      startDate: '2026-01-05',
      endDate: '2026-12-31',
      schedule: fullWeek('08:00', '17:00'),
      leavePeriods: [{ from: '2026-01-05', to: '2026-12-31' }],
      feeInputs: { monthlyResources: '6000.00', dependentChildren: 1 },
    }).expect(400);
    expect(res.body.details[0]).toMatchObject({ field: 'leavePeriods' });
    expect(res.body.details[0].errors[0]).toMatch(/at most 10 weeks a year/);
    const rows = await t.dataSource.query(`SELECT 1 FROM contracts WHERE child_id = $1`, [child.id]);
    expect(rows).toHaveLength(0);
  });

  it('follows the crèche’s own leave rule, and never bills a contract whose every day is closed', async () => {
    const strict = await managedCreche({ maxLeaveWeeksPerYear: 2 });
    const child = await createChild(t);
    const res = await contract(strict.id, {
      childId: child.id,
      startDate: '2026-01-05',
      endDate: '2026-06-30',
      schedule: fullWeek('08:00', '16:00'),
      leavePeriods: [{ from: '2026-03-02', to: '2026-03-22' }],
    }).expect(400);
    expect(res.body.details[0].errors[0]).toMatch(/at most 2 weeks/);
    const closed = await managedCreche({ closures: [{ from: '2026-08-01', to: '2026-08-31', label: 'Été' }] });
    const none = await contract(closed.id, {
      childId: child.id,
      startDate: '2026-08-03',
      endDate: '2026-08-28',
      schedule: fullWeek('08:00', '16:00'),
    }).expect(400);
    expect(none.body.details[0].field).toBe('schedule');
  });

  it('takes nothing from a Monday–Tuesday child for a Wednesday–Saturday closure', async () => {
    const closures = [{ from: '2026-04-15', to: '2026-04-18', label: 'Formation' }];
    const open = await managedCreche();
    const closing = await managedCreche({ closures });
    const body = (childId: string) => ({
      childId,
      startDate: '2026-01-05',
      endDate: '2026-12-18',
      schedule: [1, 2].map((weekday) => ({ weekday, from: '08:00', to: '18:00' })),
    });
    const a = await contract(open.id, body((await createChild(t)).id)).expect(201);
    const b = await contract(closing.id, body((await createChild(t)).id)).expect(201);
    expect(b.body.reservedHours).toEqual(a.body.reservedHours);
    expect(b.body.fee.monthlyFee).toBe(a.body.fee.monthlyFee);
  });

  it('keeps the reserved hours across a new scale date: only the rate moves', async () => {
    const creche = await managedCreche();
    const child = await createChild(t);
    const res = await contract(creche.id, {
      childId: child.id,
      startDate: '2025-06-02',
      endDate: '2026-05-29',
      schedule: fullWeek('08:00', '16:00'),
      feeInputs: { monthlyResources: '3000.00', dependentChildren: 2 },
    }).expect(201);
    clock.at = new Date('2026-01-02T03:00:00Z');
    try {
      await t.app.get(ContractFeesService).applyScales('2026-01-02');
    } finally {
      clock.at = new Date('2025-05-15T10:00:00Z');
    }
    const rows: { effective_from: string; reason: string; monthly_hours: string; hourly_rate: string }[] =
      await t.dataSource.query(
        `SELECT effective_from::text, reason, monthly_hours, hourly_rate FROM fee_computations
          WHERE contract_id = $1 ORDER BY effective_from`,
        [res.body.id],
      );
    expect(rows.map((r) => [r.effective_from, r.reason])).toEqual([
      ['2025-06-02', 'CONTRACT_CREATED'],
      ['2025-09-01', 'SCALE_CHANGED'],
      ['2026-01-01', 'SCALE_CHANGED'],
    ]);
    expect(new Set(rows.map((r) => r.monthly_hours)).size).toBe(1);
    expect(rows[0].monthly_hours).toBe(res.body.reservedHours.monthlyHours);
  });

  it('moves a contract signed under the weeks rule to its own months, and the recheck stays clean', async () => {
    const creche = await managedCreche();
    const child = await createChild(t);
    const res = await contract(creche.id, {
      childId: child.id,
      startDate: '2025-06-02',
      endDate: '2025-12-19',
      schedule: fullWeek('08:00', '16:00'),
      feeInputs: { monthlyResources: '3000.00', dependentChildren: 2 },
    }).expect(201);
    // What the database held before #14 §1: no reserved hours, leave as weeks, a computation by the weeks rule.
    await t.dataSource.query(`UPDATE contracts SET mensualisation = NULL, leave_weeks_per_year = 5 WHERE id = $1`, [
      res.body.id,
    ]);
    await t.dataSource.query(
      `UPDATE fee_computations
          SET inputs = (inputs - 'mensualisation') || '{"weeksPerYear": "45", "billedMonths": 12, "leaveWeeksPerYear": 5, "closureWeeks": 2}'::jsonb,
              monthly_hours = 150.00, monthly_fee = 232.50
        WHERE contract_id = $1`,
      [res.body.id],
    );
    const before = await t.http().post('/audit/fees/recheck').query({ crecheId: creche.id }).set(auditor.auth);
    expect(before.body).toEqual({ checked: 1, deviations: [] });

    const service = t.app.get(ContractFeesService);
    expect(await service.mensualiseLegacyContracts()).toBeGreaterThanOrEqual(1);
    expect(await service.mensualiseLegacyContracts()).toBe(0);
    const view = await t.http().get(`/contracts/${res.body.id}`).set(manager.auth).expect(200);
    // 145 weekdays − 4 public holidays (Whit Monday, 14 July, 15 August, 11 November) = 141 days × 8 h = 67 680 min,
    // less 5 undated weeks × 40 h × 7/12 = 7 000 min → 60 680 min over the 7 months spanned = 144.48 h a month.
    expect(view.body.reservedHours).toMatchObject({ months: 7, monthlyHours: '144.48', monthlyHoursExact: '3034/21' });
    expect(view.body.leaveWeeksPerYear).toBe(5);
    expect(view.body.fee.monthlyHours).toBe(view.body.reservedHours.monthlyHours);
    const reasons = await t.dataSource.query(
      `SELECT reason FROM fee_computations WHERE contract_id = $1 ORDER BY created_at`,
      [res.body.id],
    );
    expect(reasons.map((r: { reason: string }) => r.reason)).toEqual(['CONTRACT_CREATED', 'RULE_CHANGED']);
    const after = await t.http().post('/audit/fees/recheck').query({ crecheId: creche.id }).set(auditor.auth);
    expect(after.body).toEqual({ checked: 2, deviations: [] });
  });

  it('bills an occasional booking at the family’s rate by the crèche’s unit, and emergency care at its fixed rate', async () => {
    const creche = await managedCreche({ emergencyRate: 'FIXED', emergencyHourlyRate: '1.42' });
    const known = await createChild(t); // household: 2 400 € a month, one child
    const occasional = await t
      .http()
      .post(`/creches/${creche.id}/bookings`)
      .set(manager.auth)
      .send({ childId: known.id, date: '2026-03-10', from: '09:00', to: '12:05', kind: 'OCCASIONAL' })
      .expect(201);
    // 2 400 × 0.0619 % = 1.4856 → 1.49 €/h; 3 h 05 → every started half-hour → 3.5 h → 5.215 → 5.22 €.
    expect(occasional.body.fee).toMatchObject({ hourlyRate: '1.49', billedHours: '3.50', amount: '5.22' });

    const [unknownFamily] = await t.dataSource.query(
      `INSERT INTO families (commune_insee_code, monthly_resources, dependent_children) VALUES ('88372', NULL, 1) RETURNING id`,
    );
    const [unknownChild] = await t.dataSource.query(
      `INSERT INTO children (family_id, first_name, birth_date) VALUES ($1, 'Noé', '2025-06-01') RETURNING id`,
      [unknownFamily.id],
    );
    const emergency = await t
      .http()
      .post(`/creches/${creche.id}/bookings`)
      .set(manager.auth)
      .send({ childId: unknownChild.id, date: '2026-03-11', from: '06:00', to: '08:00', kind: 'EMERGENCY' })
      .expect(201);
    expect(emergency.body.fee).toMatchObject({ hourlyRate: '1.42', billedHours: '2.00', amount: '2.84' });
    const floor = await managedCreche({ billingUnitMinutes: 15 });
    const atFloor = await t
      .http()
      .post(`/creches/${floor.id}/bookings`)
      .set(manager.auth)
      .send({ childId: unknownChild.id, date: '2026-03-12', from: '06:00', to: '08:10', kind: 'EMERGENCY' })
      .expect(201);
    // The floor (814.62 € in 2026) at the one-child rate: 0.50 €/h; 2 h 10 → 2.25 h → 1.125 → 1.13 €.
    expect(atFloor.body.fee).toMatchObject({ hourlyRate: '0.50', billedHours: '2.25', amount: '1.13' });
  });

  it('refuses a fixed emergency rate without its amount, naming the field', async () => {
    const res = await t
      .http()
      .post('/creches')
      .set(admin.auth)
      .send(microCrecheBody(territoryId, { emergencyRate: 'FIXED' }))
      .expect(400);
    expect(res.body.details[0].field).toBe('emergencyHourlyRate');
  });

  it('counts leave in the schedule it takes off: fourteen Monday–Friday weeks are refused, weekends or not', async () => {
    const creche = await managedCreche();
    const child = await createChild(t);
    const leavePeriods = Array.from({ length: 14 }, (_, i) => {
      const monday = new Date(Date.UTC(2027, 0, 11 + 7 * i));
      const friday = new Date(Date.UTC(2027, 0, 15 + 7 * i));
      return { from: monday.toISOString().slice(0, 10), to: friday.toISOString().slice(0, 10) };
    });
    const res = await contract(creche.id, {
      childId: child.id,
      startDate: '2027-01-04',
      endDate: '2027-12-31',
      schedule: fullWeek('08:00', '18:00'),
      leavePeriods,
    }).expect(400);
    expect(res.body.details[0]).toMatchObject({ field: 'leavePeriods' });
    expect(res.body.details[0].errors[0]).toBe(
      'declared leave takes 13.8 weeks of the schedule; the crèche allows 9.9 over this contract (at most 10 weeks a year)',
    );
  });

  it('moves only the computation in force at each date, and one contract the rules refuse does not stop the job', async () => {
    const creche = await managedCreche();
    const legacy = async (leaveWeeks: number) => {
      const res = await contract(creche.id, {
        childId: (await createChild(t)).id,
        startDate: '2025-06-02',
        endDate: '2025-12-19',
        schedule: fullWeek('08:00', '16:00'),
        feeInputs: { monthlyResources: '3000.00', dependentChildren: 2 },
      }).expect(201);
      await t.dataSource.query(`UPDATE contracts SET mensualisation = NULL, leave_weeks_per_year = $2 WHERE id = $1`, [
        res.body.id,
        leaveWeeks,
      ]);
      await t.dataSource.query(
        `UPDATE fee_computations SET inputs = (inputs - 'mensualisation') || '{"weeksPerYear": "45", "billedMonths": 12}'::jsonb
          WHERE contract_id = $1`,
        [res.body.id],
      );
      return res.body.id as string;
    };
    // A contract whose 52 weeks of undated leave reserve no hour at all under the new rule.
    const refused = await legacy(52);
    const twice = await legacy(5);
    // A second computation of the same date, stored later (a change of inputs on the first day).
    await t.dataSource.query(
      `INSERT INTO fee_computations (contract_id, creche_id, effective_from, scale_id, reason, care_type, inputs, trace, tier,
                                     effort_rate, bounded_resources, hourly_rate, monthly_hours, monthly_fee, idempotency_key, created_at)
       SELECT contract_id, creche_id, effective_from, scale_id, 'INPUTS_CHANGED', care_type,
              jsonb_set(inputs, '{monthlyResources}', '"1000.00"'), trace, tier, effort_rate, bounded_resources,
              hourly_rate, monthly_hours, monthly_fee, 'legacy-second-' || contract_id, created_at + interval '1 second'
         FROM fee_computations WHERE contract_id = $1`,
      [twice],
    );
    const service = t.app.get(ContractFeesService);
    await service.applyScales('2025-09-02');
    const moved = await t.dataSource.query(
      `SELECT inputs->>'monthlyResources' AS resources FROM fee_computations WHERE contract_id = $1 AND reason = 'RULE_CHANGED'`,
      [twice],
    );
    // The one in force on the first day (1 000 €) is the one moved; the scale of 1 September reached it too.
    expect(moved).toEqual([{ resources: '1000.00' }]);
    const scaled = await t.dataSource.query(
      `SELECT 1 FROM fee_computations WHERE contract_id = $1 AND reason = 'SCALE_CHANGED'`,
      [twice],
    );
    expect(scaled).toHaveLength(1);
    const [left] = await t.dataSource.query(`SELECT mensualisation FROM contracts WHERE id = $1`, [refused]);
    expect(left.mensualisation).toBeNull();
  });
});
