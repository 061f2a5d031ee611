import { ContractFeesService } from '../../src/modules/contracts/contract-fees.service';
import { computeFromSnapshot, FeeInputsSnapshot } from '../../src/modules/fees/domain/fee-inputs';
import { FeesService } from '../../src/modules/fees/fees.service';
import { DEMO_PASSWORD, DEMO_TERRITORY, seedDemo } from '../../src/demo/demo-seed';
import { ownDatabaseUrl } from '../support/own-database';
import { startTestApp, TestApp } from '../support/test-app';

/** Issue #14: the recheck stays clean on the demo, before and after its contracts are moved to the new rule. */
describe('The demo territory', () => {
  let t: TestApp;
  let auditor: { authorization: string };
  let crecheIds: string[];
  let logins: Awaited<ReturnType<typeof seedDemo>>;

  beforeAll(async () => {
    // Its own database: the second test rewrites the demo's contracts, which the web app's journeys share.
    t = await startTestApp({ env: { DATABASE_URL: await ownDatabaseUrl('demo') } });
    logins = await seedDemo(t.app);
    const login = await t
      .http()
      .post('/auth/login')
      .send({ email: logins.auditor, password: DEMO_PASSWORD })
      .expect(200);
    auditor = { authorization: `Bearer ${login.body.accessToken}` };
    crecheIds = (
      await t.dataSource.query(
        `SELECT c.id FROM creches c JOIN territories t ON t.id = c.territory_id WHERE t.name = $1`,
        [DEMO_TERRITORY],
      )
    ).map((r: { id: string }) => r.id);
  }, 120_000); // the demo hashes some fifty passwords
  afterAll(async () => {
    await t.close();
  });

  const recheck = async () => {
    let checked = 0;
    for (const crecheId of crecheIds) {
      const res = await t.http().post('/audit/fees/recheck').query({ crecheId }).set(auditor).expect(200);
      expect(res.body.deviations).toEqual([]);
      checked += res.body.checked;
    }
    return checked;
  };

  it('seeds contracts billed over their own months, and every stored fee rechecks to the cent', async () => {
    expect(crecheIds.length).toBe(2);
    const contracts = await t.dataSource.query(`SELECT mensualisation FROM contracts WHERE creche_id = ANY($1)`, [
      crecheIds,
    ]);
    expect(contracts.length).toBeGreaterThanOrEqual(8);
    expect(contracts.every((c: { mensualisation: { months: number } }) => c.mensualisation.months === 12)).toBe(true);
    expect(await recheck()).toBe(contracts.length);
  });

  it("carries the territory's earlier waitlist over with each application's first submission, and says so in the journal", async () => {
    const rows: { submitted: Date; confirmed: Date; journal: string | null }[] = await t.dataSource.query(
      `SELECT a.submitted_at AS submitted, a.last_confirmed_at AS confirmed, e.details->>'submittedAt' AS journal
         FROM applications a JOIN children ch ON ch.id = a.child_id
         JOIN audit_events e ON e.subject_id = a.id::text AND e.action = 'application.submitted'
        WHERE a.status = 'SUBMITTED'`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(20);
    const months = new Set(rows.map((r) => r.submitted.toISOString().slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(6);
    for (const r of rows) {
      expect(r.submitted.getTime()).toBeLessThan(r.confirmed.getTime());
      expect(r.submitted.toISOString() >= '2025-09-15').toBe(true);
      expect(r.journal).toBe(r.submitted.toISOString());
    }
  });

  it("gives Les Lucioles' auxiliary her crèche's day, and nothing of the other crèche's", async () => {
    const login = await t.http().post('/auth/login').send({ email: logins.staff, password: DEMO_PASSWORD }).expect(200);
    const staff = { authorization: `Bearer ${login.body.accessToken}` };
    const mine = await t.http().get('/me/creches').set(staff).expect(200);
    expect(mine.body.map((c: { name: string }) => c.name)).toEqual(['Micro-crèche Les Lucioles (zone industrielle)']);
    const other = crecheIds.find((id) => id !== mine.body[0].id)!;
    await t
      .http()
      .get(`/creches/${mine.body[0].id}/occupancy`)
      .query({ from: '2027-03-08', to: '2027-03-08' })
      .set(staff)
      .expect(200);
    await t
      .http()
      .get(`/creches/${other}/occupancy`)
      .query({ from: '2027-03-08', to: '2027-03-08' })
      .set(staff)
      .expect(404);
  });

  it('gives every demo household the postal code of its commune, for the FILOUÉ file (docs/rules.md R9.5)', async () => {
    const rows = await t.dataSource.query(
      `SELECT f.commune_insee_code, f.postal_code FROM families f
         JOIN family_members m ON m.family_id = f.id JOIN users u ON u.id = m.user_id
        WHERE u.email = ANY($1)`,
      [logins.parents],
    );
    expect(rows.length).toBe(logins.parents.length);
    for (const r of rows) expect(r.postal_code).toBe(r.commune_insee_code.startsWith('88') ? '88700' : '54000');
  });

  it('keeps the days its children came since September, so its Caf report compares billed with attended hours', async () => {
    const login = await t
      .http()
      .post('/auth/login')
      .send({ email: logins.managers[0], password: DEMO_PASSWORD })
      .expect(200);
    const manager = { authorization: `Bearer ${login.body.accessToken}` };
    const micro = (await t.http().get('/me/creches').set(manager).expect(200)).body[0].id as string;
    const days = async (from: string, to: string) =>
      (
        await t.dataSource.query(
          `SELECT count(*)::int AS n FROM attendance_records
            WHERE creche_id = ANY($1) AND date BETWEEN $2 AND $3 AND left_minute IS NOT NULL`,
          [crecheIds, from, to],
        )
      )[0].n as number;
    // Eight children, most days of the autumn; none on 11 November (a public holiday), none after November.
    expect(await days('2026-09-01', '2026-11-30')).toBeGreaterThan(8 * 50);
    expect(await days('2026-11-11', '2026-11-11')).toBe(0);
    expect(await days('2026-12-01', '2099-12-31')).toBe(0);
    const issued = await t
      .http()
      .post(`/creches/${micro}/invoices/issue`)
      .set(manager)
      .send({ month: '2026-10' })
      .expect(200);
    // Each invoice says when and how to pay (R8.13): the micro-crèche gives fifteen days.
    expect(issued.body.issued.length).toBeGreaterThan(0);
    for (const i of issued.body.issued)
      expect(i).toMatchObject({ dueOn: expect.any(String), paymentTerms: expect.any(String) });
    const report = await t
      .http()
      .get(`/creches/${micro}/caf-reports/activity`)
      .query({ year: 2026 })
      .set(manager)
      .expect(200);
    const october = report.body.months.find((m: { period: string }) => m.period === '2026-10');
    // Hours billed close to hours attended, under the Caf's 107 % alert: a crèche that has been running, not one
    // billing hours nobody came to. October bills a twelfth of the year's reserved hours and has more open days than
    // most months (94 % on this demo).
    expect(Number(october.hoursAttended)).toBeGreaterThan(0);
    expect(october.billingRatePercent).toBeGreaterThan(85);
    expect(october.billingRatePercent).toBeLessThanOrEqual(107);
    expect(october.billingRateAlert).toBe(false);
    // Kept in Berceau from its contracts' first day: the year's occupancy is that of September to the report's day, not
    // of a crèche empty from January to August (16.74 % read on 4 December 2026 rather than about 4 %: five children in
    // a crèche open 05:00–21:00), nor of the days still to come.
    expect(report.body.keptFrom).toBe('2026-09-01');
    expect(report.body.months[7].capacityHours).toBe('0.00');
    expect(report.body.total.realOccupancyPercent).toBeGreaterThan(10);
    // Over the days gone by (the demo records no attendance today): read during the year, December's days to come
    // are not counted against hours nobody could attend yet.
    const { hoursAttended, capacityHours, capacityHoursElapsed, realOccupancyPercent } = report.body.total;
    expect(Number(capacityHoursElapsed)).toBeLessThanOrEqual(Number(capacityHours));
    expect(
      Math.abs(realOccupancyPercent - (100 * Number(hoursAttended)) / Number(capacityHoursElapsed)),
    ).toBeLessThanOrEqual(0.01);

    // October's invoices show what a running crèche's do: a certified illness deducted from its fourth day, and a few
    // evenings' extra hours; an illness without a certificate, and the days away without a reason, are not deducted.
    const other = crecheIds.find((id) => id !== micro)!;
    const second = await t
      .http()
      .post('/auth/login')
      .send({ email: logins.managers[1], password: DEMO_PASSWORD })
      .expect(200);
    await t
      .http()
      .post(`/creches/${other}/invoices/issue`)
      .set({ authorization: `Bearer ${second.body.accessToken}` })
      .send({ month: '2026-10' })
      .expect(200);
    const lines: { kind: string; reason: string | null }[] = await t.dataSource.query(
      `SELECT l.kind, l.reason FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
        WHERE i.creche_id = ANY($1) AND i.month = '2026-10-01'`,
      [crecheIds],
    );
    const absences: { reason: string; certified: boolean }[] = await t.dataSource.query(
      `SELECT reason, certified FROM absences WHERE creche_id = ANY($1)`,
      [crecheIds],
    );
    expect(absences.filter((a) => a.reason === 'ILLNESS' && a.certified).length).toBeGreaterThanOrEqual(1);
    expect(absences.filter((a) => a.reason === 'ILLNESS' && !a.certified).length).toBeGreaterThanOrEqual(1);
    expect(absences.filter((a) => a.reason === 'UNEXCUSED').length).toBeGreaterThanOrEqual(8);
    expect(lines.filter((l) => l.kind === 'DEDUCTION').map((l) => l.reason)).toEqual(['ILLNESS']);
    expect(lines.some((l) => l.kind === 'EXTRA_HOURS')).toBe(true);
  });

  it('stays clean after contracts stored under the weeks rule are moved to the new one', async () => {
    // The demo as a database migrated from before #14 holds it: no reserved hours, computations by the weeks rule.
    await t.dataSource.query(
      `UPDATE contracts SET mensualisation = NULL, leave_periods = '[]', leave_weeks_per_year = 5 WHERE creche_id = ANY($1)`,
      [crecheIds],
    );
    const scales = await t.app.get(FeesService).scalesInTx(t.dataSource.manager);
    const rows: { id: string; inputs: FeeInputsSnapshot }[] = await t.dataSource.query(
      `SELECT id, inputs FROM fee_computations WHERE creche_id = ANY($1)`,
      [crecheIds],
    );
    for (const row of rows) {
      const { mensualisation: _dropped, ...rest } = row.inputs;
      const inputs = { ...rest, weeksPerYear: '45', billedMonths: 12, leaveWeeksPerYear: 5, closureWeeks: 2 };
      const r = computeFromSnapshot(inputs, scales);
      await t.dataSource.query(
        `UPDATE fee_computations SET inputs = $2, trace = $3, monthly_hours = $4, monthly_fee = $5 WHERE id = $1`,
        [row.id, JSON.stringify(inputs), JSON.stringify(r.trace), r.monthly.monthlyHours, r.monthly.monthlyFee],
      );
    }
    const before = await recheck();
    // Other files' contracts may be moved too (the job takes every contract still on the weeks rule).
    const moved = await t.app.get(ContractFeesService).mensualiseLegacyContracts();
    expect(moved).toBeGreaterThanOrEqual(before);
    const after = await recheck();
    expect(after).toBe(2 * before);
    const rule = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM fee_computations WHERE reason = 'RULE_CHANGED' AND creche_id = ANY($1)`,
      [crecheIds],
    );
    expect(rule[0].n).toBe(before);
  });
});
