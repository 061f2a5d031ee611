import { ContractFeesService } from '../../src/modules/contracts/contract-fees.service';
import type { FeesService } from '../../src/modules/fees/fees.service';
import { assignManagers, createCreche, createTerritory } from '../support/factories';
import { createParentWithChild, declareResources } from '../support/families';
import { ownDatabaseUrl } from '../support/own-database';
import { waitFor } from '../support/wait';
import { createUser, movableClock, startTestApp, TestApp, TestUser } from '../support/test-app';

const monThu = [1, 2, 3, 4].map((weekday) => ({ weekday, from: '07:00', to: '17:00' }));

/** A scale version for these tests: the 2026 tiers but the one-child collective rate, a floor of 850 €. */
function scaleVersion(effectiveFrom: string, oneChildRate: string, provenance: string, extra: object = {}) {
  return {
    effectiveFrom,
    floor: '850.00',
    ceiling: '9000.00',
    tables: {
      collective: [oneChildRate, '0.0516', '0.0413', '0.0310', '0.0206'].map((rate, i) => ({
        fromChildren: [1, 2, 3, 4, 8][i],
        rate,
      })),
      familial: ['0.0516', '0.0413', '0.0310', '0.0206'].map((rate, i) => ({ fromChildren: [1, 2, 3, 6][i], rate })),
    },
    microCrecheTable: 'collective',
    provenance,
    verified: false,
    ...extra,
  };
}

/**
 * A new scale version reaches a contract's fees from its date, each on the household's situation in force then
 * (docs/rules.md R4.10, R4.13): found by a Caf auditor's probes, each `it` billed the wrong rate before. In a database
 * of its own: it publishes a scale version, which would move every other file's fees from its date.
 */
describe('Scale versions reach contracts on the situation of each date', () => {
  const clock = movableClock('2025-11-10T10:00:00Z');
  const at = clock.at;
  let t: TestApp;
  let admin: TestUser;
  let manager: TestUser;
  let crecheId: string;

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { DATABASE_URL: await ownDatabaseUrl('scale_versions') } });
    admin = await createUser(t, 'ADMIN');
    manager = await createUser(t, 'MANAGER');
    const territory = await createTerritory(t, admin);
    crecheId = (
      await createCreche(t, admin, territory.id, { kind: 'COLLECTIVE', places: 30, capacityBands: [], closures: [] })
    ).id;
    await assignManagers(t, admin, crecheId, manager);
  });
  afterAll(async () => {
    await t.close();
  });

  const job = (day: string) => t.app.get(ContractFeesService).applyScales(day);
  const instalmentRate = async (familyId: string, month: string) => {
    const [row] = await t.dataSource.query(
      `SELECT l.hourly_rate::text AS rate FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
        WHERE i.family_id = $1 AND i.month = $2::date AND i.kind = 'INVOICE' AND l.kind = 'INSTALMENT'`,
      [familyId, `${month}-01`],
    );
    return row?.rate as string | undefined;
  };
  const issue = (month: string) =>
    t.http().post(`/creches/${crecheId}/invoices/issue`).set(manager.auth).send({ month }).expect(200);
  /** A Monday–Thursday contract of the child at the crèche, on the household's own inputs unless given. */
  const sign = (childId: string, startDate: string, endDate: string, feeInputs?: object) =>
    t
      .http()
      .post(`/creches/${crecheId}/contracts`)
      .set(manager.auth)
      .send({ childId, schedule: monThu, startDate, endDate, ...(feeInputs && { feeInputs }) })
      .expect(201);

  it("bills a manager's change dated 1 March from March, not from the version of 1 January", async () => {
    at('2025-11-10T10:00:00Z');
    const parent = await createParentWithChild(t, {}, { birthDate: '2024-05-10' });
    const contract = await sign(parent.childId, '2025-11-03', '2026-06-30', {
      monthlyResources: '2423.26',
      dependentChildren: 1,
    });
    at('2025-12-10T10:00:00Z');
    await t
      .http()
      .patch(`/contracts/${contract.body.id}/fee-inputs`)
      .set(manager.auth)
      .send({ monthlyResources: '5000.00', dependentChildren: 1, effectiveFrom: '2026-03-01' })
      .expect(200);
    await t.app.get(ContractFeesService).applyPendingInputs(contract.body.id);
    at('2026-01-01T03:00:00Z');
    await job('2026-01-01');
    at('2026-04-02T08:00:00Z');
    for (const month of ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03']) await issue(month);
    // 2 423.26 € × 0.0619 % = 1.50 €/h until the end of February, then 5 000 € × 0.0619 % = 3.10 €/h.
    expect(await instalmentRate(parent.familyId, '2026-01')).toBe('1.50');
    expect(await instalmentRate(parent.familyId, '2026-02')).toBe('1.50');
    expect(await instalmentRate(parent.familyId, '2026-03')).toBe('3.10');
  });

  it('bills a declaration applying from 1 February from February, for a contract started before 1 January', async () => {
    at('2026-01-05T10:00:00Z');
    const parent = await createParentWithChild(t, {}, { birthDate: '2024-05-10' });
    await t.dataSource.query(
      `UPDATE families SET resources_checked_at = now(), children_checked_at = now() WHERE id = $1`,
      [parent.familyId],
    );
    expect(await declareResources(t, parent, admin, '5000.00')).toBe('2026-02-01');
    at('2026-01-20T10:00:00Z');
    await sign(parent.childId, '2025-12-01', '2026-06-30');
    await job('2026-01-20');
    at('2026-03-02T08:00:00Z');
    for (const month of ['2025-12', '2026-01', '2026-02']) await issue(month);
    // The household's checked 2 400 € (× 0.0619 % = 1.49 €/h) until 31 January, 5 000 € (3.10 €/h) from February.
    expect(await instalmentRate(parent.familyId, '2026-01')).toBe('1.49');
    expect(await instalmentRate(parent.familyId, '2026-02')).toBe('3.10');
  });

  it('gives a contract signed before a version is published, and starting after its date, the new version', async () => {
    at('2027-10-15T10:00:00Z');
    const ahead = await createParentWithChild(t, {}, { birthDate: '2026-05-10' });
    const running = await createParentWithChild(t, {}, { birthDate: '2026-05-10' });
    const feeInputs = { monthlyResources: '3000.00', dependentChildren: 1 };
    const signedAhead = await sign(ahead.childId, '2028-02-01', '2028-07-31', feeInputs);
    await sign(running.childId, '2027-11-02', '2028-07-31', feeInputs);
    expect(signedAhead.body.fee.hourlyRate).toBe('1.86'); // 3 000 € × 0.0619 %
    at('2027-12-01T10:00:00Z');
    await t
      .http()
      .post('/fee-scales')
      .set(admin.auth)
      .send(scaleVersion('2028-01-01', '0.0650', 'Test version for 2028'))
      .expect(201);
    for (const day of ['2028-01-01', '2028-01-02']) {
      at(`${day}T03:00:00Z`);
      await job(day);
    }
    const view = await t.http().get(`/contracts/${signedAhead.body.id}`).set(manager.auth).expect(200);
    expect(view.body.fee).toMatchObject({ effectiveFrom: '2028-02-01', hourlyRate: '1.95' }); // 3 000 € × 0.0650 %
    at('2028-03-02T08:00:00Z');
    await issue('2027-11');
    await issue('2027-12');
    await issue('2028-01');
    await issue('2028-02');
    expect(await instalmentRate(ahead.familyId, '2028-02')).toBe('1.95');
    expect(await instalmentRate(running.familyId, '2028-02')).toBe('1.95');
    expect(await instalmentRate(running.familyId, '2027-12')).toBe('1.86');
    // The job is idempotent: a second night stores nothing more.
    const count = async () =>
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM fee_computations WHERE contract_id IS NOT NULL`))[0]
        .n as number;
    const before = await count();
    await job('2028-03-02');
    expect(await count()).toBe(before);
  });

  it("refuses a version dated back to an invoiced month unless created knowingly; a month waits for its contracts' fees", async () => {
    // February 2028 is invoiced (the test before). A version from 1 February, published late, would change the fees
    // those invoices billed without a word: 409 naming the month.
    at('2028-03-06T10:00:00Z');
    const parent = await createParentWithChild(t, {}, { birthDate: '2026-09-10' });
    const contract = await sign(parent.childId, '2028-03-01', '2028-07-31', {
      monthlyResources: '3000.00',
      dependentChildren: 1,
    });
    expect(contract.body.fee.hourlyRate).toBe('1.95'); // 3 000 € × 0.0650 %, the version of 1 January
    const body = scaleVersion('2028-02-01', '0.0700', 'Test version published late');
    const refused = await t.http().post('/fee-scales').set(admin.auth).send(body).expect(409);
    expect(refused.body).toMatchObject({ code: 'FEE_SCALE.MONTHS_INVOICED', details: { months: ['2028-02'] } });
    expect(refused.body.message).toMatch(/^Des factures sont déjà émises pour février 2028 : elles gardent/);
    expect((await t.dataSource.query(`SELECT 1 FROM fee_scales WHERE effective_from = '2028-02-01'`)).length).toBe(0);

    const created = await t
      .http()
      .post('/fee-scales')
      .set(admin.auth)
      .send({ ...body, invoicedMonthsAcknowledged: true })
      .expect(201);
    expect(created.body).not.toHaveProperty('invoicedMonthsAcknowledged');
    const [event] = await t.dataSource.query(
      `SELECT details FROM audit_events WHERE action = 'fee_scale.created' AND subject_id = $1`,
      [created.body.id],
    );
    expect(event.details).toEqual({ effectiveFrom: '2028-02-01', invoicedMonthsAcknowledged: ['2028-02'] });
    // March is over: its issue waits until the version has reached the contracts it bills (the job the creation
    // queued, which a worker runs: this test app runs none).
    at('2028-04-03T08:00:00Z');
    const waiting = await t
      .http()
      .post(`/creches/${crecheId}/invoices/issue`)
      .set(manager.auth)
      .send({ month: '2028-03' })
      .expect(409);
    expect(waiting.body).toMatchObject({ code: 'INVOICE.FEES_PENDING' });
    expect(waiting.body.details.contractIds).toContain(contract.body.id);
    const worker = await startTestApp({ clock, runWorkers: true, env: { DATABASE_URL: t.config.databaseUrl } });
    try {
      await waitFor(
        async () =>
          (
            await t.dataSource.query(`SELECT 1 FROM fee_computations WHERE contract_id = $1 AND scale_id = $2`, [
              contract.body.id,
              created.body.id,
            ])
          ).length > 0,
      );
    } finally {
      await worker.close();
    }
    await issue('2028-03');
    expect(await instalmentRate(parent.familyId, '2028-03')).toBe('2.10'); // 3 000 € × 0.0700 %
    // February's invoices keep the rate they billed.
    const [february] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
        WHERE i.month = '2028-02-01' AND l.kind = 'INSTALMENT' AND l.hourly_rate = 2.10`,
    );
    expect(february.n).toBe(0);
    // The manager is told which: February's invoices billed 1.95 € an hour where the households' fee for February is
    // now 2.10 €, each billed too little by its hours × 0.15 € (R8.17).
    const changes = (await t.http().get(`/creches/${crecheId}/invoices/rate-changes`).set(manager.auth).expect(200))
      .body as { month: string; billedRate: string; rateNow: string; hours: string; difference: string }[];
    const feb = changes.filter((c) => c.month === '2028-02');
    expect(feb.length).toBeGreaterThanOrEqual(1);
    for (const c of feb) {
      expect(c).toMatchObject({
        billedRate: '1.95',
        rateNow: '2.10',
        rateNowFrom: '2028-02-01',
        direction: 'UNDER_BILLED',
      });
      expect(c.difference).toBe((Math.round(Number(c.hours) * 15) / 100).toFixed(2));
    }
    // March, issued at the new rate, is not listed.
    expect(changes.some((c) => c.month === '2028-03')).toBe(false);
    const parentSees = await t.http().get(`/creches/${crecheId}/invoices/rate-changes`).set(parent.auth);
    expect(parentSees.status).toBe(403);
  });

  it('applies a version created while the job of an earlier one runs: the later one stays in force, the month is issued', async () => {
    at('2029-03-01T10:00:00Z');
    const parent = await createParentWithChild(t, {}, { birthDate: '2027-09-10' });
    const contract = await sign(parent.childId, '2029-05-01', '2029-07-31', {
      monthlyResources: '3000.00',
      dependentChildren: 1,
    });
    const version = (effectiveFrom: string, first: string) =>
      scaleVersion(effectiveFrom, first, 'Test versions published late', { invoicedMonthsAcknowledged: true });
    at('2029-05-10T10:00:00Z');
    const fees = t.app.get(ContractFeesService);
    const read = (fees as unknown as { fees: FeesService }).fees;
    const v1 = (await t.http().post('/fee-scales').set(admin.auth).send(version('2029-04-01', '0.0700')).expect(201))
      .body;
    // V1's job reads the versions and the stored fees; meanwhile the admin publishes V2 (1 May) and another worker
    // applies it; then V1's job computes the contract.
    const before = await read.scalesInTx(t.dataSource.manager);
    const versions = jest.spyOn(read, 'scalesInTx').mockImplementationOnce(async () => before);
    const stored = read.inForceAtEachDate.bind(read);
    const meanwhile = jest.spyOn(read, 'inForceAtEachDate').mockImplementationOnce(async (em, ids) => {
      const rows = await stored(em, ids);
      const v2 = (await t.http().post('/fee-scales').set(admin.auth).send(version('2029-05-01', '0.0800')).expect(201))
        .body;
      await fees.applyScaleNow(v2.id, '2029-05-10');
      return rows;
    });
    try {
      await fees.applyScaleNow(v1.id, '2029-05-10');
    } finally {
      versions.mockRestore();
      meanwhile.mockRestore();
    }
    const [inForce] = await t.dataSource.query(
      `SELECT to_char(s.effective_from, 'YYYY-MM-DD') AS scale, f.hourly_rate::text AS rate
         FROM fee_computations f JOIN fee_scales s ON s.id = f.scale_id
        WHERE f.contract_id = $1 AND f.effective_from <= '2029-05-01'
        ORDER BY f.effective_from DESC, f.created_at DESC LIMIT 1`,
      [contract.body.id],
    );
    expect(inForce).toEqual({ scale: '2029-05-01', rate: '2.40' }); // 3 000 € × 0.0800 %
    at('2029-06-03T08:00:00Z');
    await issue('2029-05');
    expect(await instalmentRate(parent.familyId, '2029-05')).toBe('2.40');
  });
});
