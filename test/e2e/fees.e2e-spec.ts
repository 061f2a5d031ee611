import { FeesController } from '../../src/modules/fees/fees.controller';
import { ContractFeesProcessor } from '../../src/modules/contracts/contract-fees.processor';
import { QueueProducer } from '../../src/common/queue/queue.producer';
import type { Clock } from '../../src/common/time/clock';
import { assignManagers, createChild, createCreche, createTerritory, fullWeek } from '../support/factories';
import { createUser, startTestApp, TestApp, TestUser } from '../support/test-app';
import { apiRoutes } from '../support/routes';
import { waitFor } from '../support/wait';

const RATES = {
  collective: [1, 2, 3, 4, 8].map((fromChildren, i) => ({
    fromChildren,
    rate: ['0.0619', '0.0516', '0.0413', '0.0310', '0.0206'][i],
  })),
  familial: [1, 2, 3, 6].map((fromChildren, i) => ({
    fromChildren,
    rate: ['0.0516', '0.0413', '0.0310', '0.0206'][i],
  })),
};

describe(FeesController.name, () => {
  const clock: Clock & { at: Date } = {
    at: new Date('2026-11-26T10:00:00Z'),
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
    t = await startTestApp({ runWorkers: true, clock });
    admin = await createUser(t, 'ADMIN');
    manager = await createUser(t, 'MANAGER');
    auditor = await createUser(t, 'CAF_AUDITOR');
    territoryId = (await createTerritory(t, admin)).id;
  });
  afterAll(async () => {
    await t.close();
  });

  async function crecheWithContract(contract: Record<string, unknown>, crecheOver: Record<string, unknown> = {}) {
    const creche = await createCreche(t, admin, territoryId, {
      kind: 'COLLECTIVE',
      places: 20,
      capacityBands: [],
      closures: [],
      ...crecheOver,
    });
    await assignManagers(t, admin, creche.id, manager);
    const child = await createChild(t);
    const res = await t
      .http()
      .post(`/creches/${creche.id}/contracts`)
      .set(manager.auth)
      .send({ childId: child.id, schedule: fullWeek(), ...contract })
      .expect(201);
    return { crecheId: creche.id, crecheName: creche.name, contract: res.body };
  }

  it('publishes every scale version with its provenance; none is verified without a cited Cnaf document', async () => {
    const res = await t.http().get('/fee-scales').expect(200);
    const seeded = res.body.filter((s: { effectiveFrom: string }) => s.effectiveFrom <= '2026-01-01');
    expect(seeded).toHaveLength(11);
    // The seed floors cite no Cnaf document by title and date (#14 §6): all unverified, each saying how it was taken.
    expect(seeded.every((s: { verified: boolean; sourceTitle: string | null }) => !s.verified && !s.sourceTitle)).toBe(
      true,
    );
    expect(seeded.filter((s: { provenance: string }) => /derived|caf\.fr/.test(s.provenance))).toHaveLength(11);
    expect(seeded.every((s: { provenance: string }) => s.provenance.length > 20)).toBe(true);
    const one = await t.http().get(`/fee-scales/${seeded[10].id}`).expect(200);
    expect(one.body).toMatchObject({ effectiveFrom: '2026-01-01', floor: '814.62', ceiling: '8500.00' });
  });

  it('quotes the worked example for a parent without an account', async () => {
    const res = await t
      .http()
      .post('/fees/quote')
      .send({
        date: '2025-10-01',
        careType: 'COLLECTIVE',
        monthlyResources: '3000.00',
        dependentChildren: 2,
        hoursPerWeek: '40',
        weeksPerYear: 45,
      })
      .expect(200);
    expect(res.body).toMatchObject({
      hourlyRate: '1.55',
      monthlyHours: '150.00',
      monthlyFee: '232.50',
      effortRatePercent: '0.0516',
      tier: '2',
      boundedResources: '3000.00',
      scale: { effectiveFrom: '2025-09-01', verified: false },
    });
    expect(res.body.trace.map((s: { step: string }) => s.step)).toEqual([
      'SELECT_SCALE',
      'SELECT_TABLE',
      'TIER',
      'BOUND_RESOURCES',
      'EFFORT_RATE',
      'HOURLY_RATE',
      'MONTHLY_HOURS',
      'MONTHLY_FEE',
    ]);
  });

  it('quotes the floor when resources are unknown', async () => {
    const res = await t
      .http()
      .post('/fees/quote')
      .send({
        date: '2026-03-01',
        careType: 'MICRO_CRECHE',
        dependentChildren: 1,
        hoursPerWeek: '20',
        weeksPerYear: 40,
      })
      .expect(200);
    expect(res.body).toMatchObject({ boundedResources: '814.62', hourlyRate: '0.50' });
  });

  it('answers bad quote input with a 400 naming each field', async () => {
    const res = await t
      .http()
      .post('/fees/quote')
      .send({
        date: '2025-10-01',
        careType: 'CRECHE',
        monthlyResources: '-3000',
        dependentChildren: 0,
        hoursPerWeek: '200',
        weeksPerYear: 45,
      })
      .expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'careType',
      'dependentChildren',
      'hoursPerWeek',
      'monthlyResources',
    ]);
  });

  it('stores a contract fee with its trace at creation, readable by the auditor', async () => {
    const { contract, crecheId } = await crecheWithContract(
      {
        startDate: '2026-01-05',
        endDate: '2026-12-18',
        schedule: fullWeek('08:00', '16:00'),
        leavePeriods: [
          { from: '2026-07-20', to: '2026-07-31' },
          { from: '2026-10-19', to: '2026-10-30' },
          { from: '2026-12-14', to: '2026-12-18' },
        ],
        feeInputs: { monthlyResources: '3000.00', dependentChildren: 2 },
      },
      { closures: [{ from: '2026-08-03', to: '2026-08-14', label: 'Été' }] },
    );
    // 250 weekdays − 7 public holidays − 10 closure days − 25 leave days = 208 days × 8 h = 1 664 h ÷ 12 months.
    expect(contract.fee).toMatchObject({
      effectiveFrom: '2026-01-05',
      hourlyRate: '1.55',
      monthlyHours: '138.67',
      monthlyFee: '214.93',
    });
    expect(contract.reservedHours).toEqual({
      reservedHours: '1664',
      months: 12,
      monthlyHours: '138.67',
      monthlyHoursExact: '416/3',
    });
    const list = await t.http().get('/fee-computations').query({ crecheId }).set(auditor.auth).expect(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({
      contractId: contract.id,
      reason: 'CONTRACT_CREATED',
      tier: '2',
      effortRatePercent: '0.0516',
      boundedResources: '3000.00',
    });
    expect(list.body[0].trace.find((s: { step: string }) => s.step === 'RESERVED_HOURS')).toMatchObject({
      value: '1664 h',
      inputs: { scheduledDays: 250, publicHolidayDays: 7, closureDays: 10, leaveDays: 25 },
    });
    expect(list.body[0].trace.find((s: { step: string }) => s.step === 'MONTHLY_HOURS').value).toBe(
      '416/3 h = 138.67 h',
    );
    const one = await t.http().get(`/fee-computations/${list.body[0].id}`).set(auditor.auth).expect(200);
    expect(one.body.inputs).toMatchObject({
      date: '2026-01-05',
      careType: 'COLLECTIVE',
      monthlyResources: '3000.00',
      dependentChildren: 2,
    });
    await t
      .http()
      .get(`/fee-computations/${list.body[0].id}`)
      .set((await createUser(t, 'MANAGER')).auth)
      .expect(404);
    await t
      .http()
      .get('/fee-computations')
      .set((await createUser(t, 'PARENT')).auth)
      .expect(403);
  });

  it('refuses a crèche ceiling below the national ceiling (400) and applies a higher one', async () => {
    const low = await t
      .http()
      .post('/creches')
      .set(admin.auth)
      .send({
        territoryId,
        name: `Crèche plafond ${Date.now()}`,
        commune: '88372',
        kind: 'COLLECTIVE',
        places: 20,
        surnombre: false,
        openingHours: [{ weekday: 1, opens: '07:00', closes: '19:00' }],
        resourcesCeilingOverride: '5000.00',
      })
      .expect(400);
    expect(low.body.details[0].field).toBe('resourcesCeilingOverride');
    const { contract } = await crecheWithContract(
      {
        startDate: '2026-02-02',
        endDate: '2026-06-30',
        feeInputs: { monthlyResources: '10000.00', dependentChildren: 1 },
      },
      { resourcesCeilingOverride: '9000.00' },
    );
    expect(contract.fee.hourlyRate).toBe('5.57');
  });

  it('keeps a used scale version immutable (409 on change and delete, and in the database itself)', async () => {
    const scales = (await t.http().get('/fee-scales').expect(200)).body;
    const used = scales.find((s: { effectiveFrom: string }) => s.effectiveFrom === '2026-01-01');
    expect(used.inUse).toBe(true);
    expect(
      (await t.http().patch(`/fee-scales/${used.id}`).set(admin.auth).send({ verified: false }).expect(409)).body.code,
    ).toBe('FEE_SCALE.IN_USE');
    await t.http().delete(`/fee-scales/${used.id}`).set(admin.auth).expect(409);
    await expect(t.dataSource.query(`UPDATE fee_scales SET floor = 1 WHERE id = $1`, [used.id])).rejects.toThrow(
      /used by stored computations/,
    );
  });

  it('lets an admin add, correct and delete an unused version, audited; refuses incoherent tiers', async () => {
    const body = {
      effectiveFrom: '2035-01-01',
      floor: '900.00',
      ceiling: '9000.00',
      tables: RATES,
      microCrecheTable: 'collective',
      provenance: 'Test version, not a real circular',
      verified: false,
    };
    const bad = await t
      .http()
      .post('/fee-scales')
      .set(admin.auth)
      .send({
        ...body,
        tables: {
          ...RATES,
          collective: [
            { fromChildren: 1, rate: '0.0500' },
            { fromChildren: 2, rate: '0.0600' },
          ],
        },
      })
      .expect(400);
    expect(bad.body.details[0].field).toBe('tables.collective[1].rate');
    // A version starts on a month's first day: invoices bill a month at the rate of its first day (R8.6).
    const midMonth = await t
      .http()
      .post('/fee-scales')
      .set(admin.auth)
      .send({ ...body, effectiveFrom: '2035-01-15' })
      .expect(400);
    expect(midMonth.body.details.map((d: { field: string }) => d.field)).toEqual(['effectiveFrom']);
    const created = await t.http().post('/fee-scales').set(admin.auth).send(body).expect(201);
    await t.http().post('/fee-scales').set(admin.auth).send(body).expect(409);
    // Verified only with the Cnaf document cited (#14 §6).
    const uncited = await t
      .http()
      .patch(`/fee-scales/${created.body.id}`)
      .set(admin.auth)
      .send({ verified: true })
      .expect(400);
    expect(uncited.body.details[0].field).toBe('verified');
    const cited = await t
      .http()
      .patch(`/fee-scales/${created.body.id}`)
      .set(admin.auth)
      .send({ verified: true, sourceTitle: 'Circulaire Cnaf de test', sourceDate: '2034-11-15' })
      .expect(200);
    expect(cited.body).toMatchObject({
      verified: true,
      sourceTitle: 'Circulaire Cnaf de test',
      sourceDate: '2034-11-15',
    });
    await t.http().delete(`/fee-scales/${created.body.id}`).set(admin.auth).expect(204);
    const actions = (
      await t.dataSource.query(`SELECT action FROM audit_events WHERE subject_id = $1 ORDER BY id`, [created.body.id])
    ).map((r: { action: string }) => r.action);
    expect(actions).toEqual(['fee_scale.created', 'fee_scale.updated', 'fee_scale.deleted']);
    await expect(
      t.dataSource.query(
        `INSERT INTO fee_scales (effective_from, floor, ceiling, tables, micro_creche_table, provenance, verified)
         SELECT '2036-01-01', floor, ceiling, tables, micro_creche_table, 'no citation', true FROM fee_scales LIMIT 1`,
      ),
    ).rejects.toThrow(/ck_fee_scales_verified_cites_source/);
  });

  it('recomputes running contracts when a new version takes effect, once, through the fees queue', async () => {
    const { contract } = await crecheWithContract({
      startDate: '2030-06-03',
      endDate: '2031-12-19',
      feeInputs: { monthlyResources: '3000.00', dependentChildren: 1 },
    });
    expect(contract.fee.hourlyRate).toBe('1.86'); // 2026 scale: 3000 × 0.0619 %
    const rates = { ...RATES, collective: [{ fromChildren: 1, rate: '0.0650' }, ...RATES.collective.slice(1)] };
    await t
      .http()
      .post('/fee-scales')
      .set(admin.auth)
      .send({
        effectiveFrom: '2031-01-01',
        floor: '850.00',
        ceiling: '9000.00',
        tables: rates,
        microCrecheTable: 'collective',
        provenance: 'Test version for 2031',
        verified: false,
        // Other files of the run may have invoiced months from then on this database (409 FEE_SCALE.MONTHS_INVOICED).
        invoicedMonthsAcknowledged: true,
      })
      .expect(201);
    clock.at = new Date('2031-01-01T03:00:00Z');
    await t.app.get(QueueProducer).add('fees.apply-scales', {});
    const count = () =>
      t.dataSource.query(`SELECT count(*)::int AS n FROM fee_computations WHERE contract_id = $1`, [contract.id]);
    await waitFor(async () => (await count())[0].n === 2);
    await t.app.get(ContractFeesProcessor).applyScales(); // a second run changes nothing
    const rows = await t.dataSource.query(
      `SELECT reason, to_char(effective_from, 'YYYY-MM-DD') AS d, hourly_rate FROM fee_computations WHERE contract_id = $1 ORDER BY effective_from`,
      [contract.id],
    );
    expect(rows).toEqual([
      { reason: 'CONTRACT_CREATED', d: '2030-06-03', hourly_rate: '1.86' },
      { reason: 'SCALE_CHANGED', d: '2031-01-01', hourly_rate: '1.95' },
    ]);
    const view = await t.http().get(`/contracts/${contract.id}`).set(manager.auth).expect(200);
    expect(view.body.fee).toMatchObject({ effectiveFrom: '2031-01-01', hourlyRate: '1.95' });
    clock.at = new Date('2026-11-26T10:00:00Z');
  });

  it('recomputes from the date a household situation changes (on-change job), audited without the income', async () => {
    const { contract } = await crecheWithContract({
      startDate: '2026-02-02',
      endDate: '2027-12-17',
      feeInputs: { monthlyResources: '3000.00', dependentChildren: 1 },
    });
    // Nothing is backdated (#14 §4): today is 2026-11-26.
    const backdated = await t
      .http()
      .patch(`/contracts/${contract.id}/fee-inputs`)
      .set(manager.auth)
      .send({ monthlyResources: '2000.00', dependentChildren: 2, effectiveFrom: '2026-06-01' })
      .expect(400);
    expect(backdated.body.details).toEqual([
      { field: 'effectiveFrom', errors: ['effectiveFrom must not be in the past (today is 2026-11-26)'] },
    ]);
    // Invoices bill a month at one rate: a change from the 15th would be shown and not billed until July.
    const midMonth = await t
      .http()
      .patch(`/contracts/${contract.id}/fee-inputs`)
      .set(manager.auth)
      .send({ monthlyResources: '2000.00', dependentChildren: 2, effectiveFrom: '2027-06-15' })
      .expect(400);
    expect(midMonth.body.details).toEqual([
      {
        field: 'effectiveFrom',
        errors: [
          "effectiveFrom must be a month's first day (or the contract's start): invoices bill a month at one rate",
        ],
      },
    ]);
    await t
      .http()
      .patch(`/contracts/${contract.id}/fee-inputs`)
      .set(manager.auth)
      .send({ monthlyResources: '2000.00', dependentChildren: 2, effectiveFrom: '2027-06-01' })
      .expect(200);
    const row = await waitFor(
      async () =>
        (
          await t.dataSource.query(
            `SELECT hourly_rate, reason FROM fee_computations WHERE contract_id = $1 AND reason = 'INPUTS_CHANGED'`,
            [contract.id],
          )
        )[0],
    );
    expect(row).toEqual({ hourly_rate: '1.03', reason: 'INPUTS_CHANGED' }); // 2000 × 0.0516 % = 1.032
    const [pending] = await t.dataSource.query(`SELECT fee_pending_from FROM contracts WHERE id = $1`, [contract.id]);
    expect(pending.fee_pending_from).toBeNull();
    const [event] = await t.dataSource.query(
      `SELECT details FROM audit_events WHERE action = 'contract.fee_inputs_changed' AND subject_id = $1`,
      [contract.id],
    );
    expect(JSON.stringify(event.details)).not.toContain('2000');
    const outside = await t
      .http()
      .patch(`/contracts/${contract.id}/fee-inputs`)
      .set(manager.auth)
      .send({ dependentChildren: 2, effectiveFrom: '2028-06-01' })
      .expect(400);
    expect(outside.body.details[0].field).toBe('effectiveFrom');
  });

  it('rechecks stored fees against the rules and reports deviations with both traces', async () => {
    const { contract, crecheId } = await crecheWithContract({
      startDate: '2033-03-07',
      endDate: '2033-12-16',
      feeInputs: { monthlyResources: '3000.00', dependentChildren: 1 },
    });
    const clean = await t.http().post('/audit/fees/recheck').query({ crecheId }).set(auditor.auth).expect(200);
    expect(clean.body).toEqual({ checked: 1, deviations: [] });
    // A version inserted later with an earlier date changes what the rules select for that computation.
    const rates = { ...RATES, collective: [{ fromChildren: 1, rate: '0.0700' }, ...RATES.collective.slice(1)] };
    await t
      .http()
      .post('/fee-scales')
      .set(admin.auth)
      .send({
        effectiveFrom: '2033-01-01',
        floor: '850.00',
        ceiling: '9000.00',
        tables: rates,
        microCrecheTable: 'collective',
        provenance: 'Retroactive test version',
        verified: false,
        // Other files of the run may have invoiced months from then on this database (409 FEE_SCALE.MONTHS_INVOICED).
        invoicedMonthsAcknowledged: true,
      })
      .expect(201);
    const res = await t.http().post('/audit/fees/recheck').query({ crecheId }).set(auditor.auth).expect(200);
    expect(res.body.checked).toBe(1);
    expect(res.body.deviations).toHaveLength(1);
    expect(res.body.deviations[0]).toMatchObject({
      contractId: contract.id,
      stored: { hourlyRate: '1.95' },
      recomputed: { hourlyRate: '2.10' },
    }); // 2031 test version, then 2033
    expect(res.body.deviations[0].recomputed.trace.length).toBeGreaterThan(5);
  });

  it('exports a French CSV (BOM, ";" and decimal comma) per contract and period, with the crèche\'s name, the household\'s Caf number and the reason in French', async () => {
    const { contract, crecheId, crecheName } = await crecheWithContract({
      startDate: '2026-01-05',
      endDate: '2026-12-18',
      schedule: fullWeek('08:00', '16:00'),
      feeInputs: { monthlyResources: '3000.00', dependentChildren: 2 },
    });
    await t.dataSource.query(
      `UPDATE families SET caf_number = '1234567' WHERE id = (SELECT family_id FROM children WHERE id = $1)`,
      [contract.childId],
    );
    const res = await t
      .http()
      .get('/audit/fees/export.csv')
      .query({ crecheId, year: 2026 })
      .set(auditor.auth)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe(
      'contrat;debut_periode;fin_periode;bareme_en_vigueur_depuis;bareme_verifie;tranche;ressources_retenues;taux_effort_pct;tarif_horaire;heures_mensuelles;participation_mensuelle;motif;heures_mensuelles_exactes;foyer_payeur;creche;matricule_allocataire;libelle_motif',
    );
    expect(lines[1]).toBe(
      `${contract.id};2026-01-05;2026-12-18;2026-01-01;non;2;3000,00;0,0516;1,55;162,00;251,10;CONTRACT_CREATED;162;;${crecheName};1234567;signature du contrat`,
    );
    expect(res.headers['content-disposition']).toBe('attachment; filename="participations-familiales-2026.csv"');
  });

  it('gives a Caf auditor 403 on every write route (walked from the router)', async () => {
    // Public computations, read-only rechecks and the auditor's own password are not writes to Berceau's data.
    const exempt = new Set([
      'POST /auth/register',
      'POST /auth/login',
      'POST /fees/quote',
      'POST /creches/:id/fees/quote',
      'POST /audit/fees/recheck',
      'POST /me/password',
      'POST /me/verify-email',
      'POST /auth/verify-email',
      'POST /auth/refresh',
      'POST /auth/logout',
      'POST /auth/password-reset-request',
      'POST /auth/password-reset',
    ]);
    const writes = apiRoutes(t.app).filter(
      (r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && !exempt.has(`${r.method} ${r.url}`),
    );
    expect(writes.length).toBeGreaterThan(10);
    const refused: string[] = [];
    for (const r of writes) {
      const url = r.url.replace(/:[A-Za-z]+/g, '5b0f7a4e-8a9c-4b6e-9d55-0d6f2f1c3a11');
      const res = await t.http()[r.method.toLowerCase() as 'post'](url).set(auditor.auth).send({});
      if (res.status === 403) refused.push(`${r.method} ${r.url}`);
    }
    expect(refused).toEqual(writes.map((r) => `${r.method} ${r.url}`));
  });
});
