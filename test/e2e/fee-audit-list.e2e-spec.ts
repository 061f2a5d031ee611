import { FeeAuditController } from '../../src/modules/fee-audit/fee-audit.controller';
import { assignManagers, createChild, createCreche, createTerritory, fullWeek } from '../support/factories';
import { createUser, startTestApp, TestApp, TestUser } from '../support/test-app';

const RATES = {
  collective: [1, 2, 3, 4, 8].map((fromChildren, i) => ({
    fromChildren,
    rate: ['0.0700', '0.0516', '0.0413', '0.0310', '0.0206'][i],
  })),
  familial: [1, 2, 3, 6].map((fromChildren, i) => ({
    fromChildren,
    rate: ['0.0516', '0.0413', '0.0310', '0.0206'][i],
  })),
};

/**
 * The Caf auditor's list of stored fee computations (issue #19, the auditors' pages): labelled rows (crèche, child,
 * household's Caf number), filters by crèche, period, reason and deviations from today's rules, offset pages; and the
 * audit log's filter by the actor's role. Auditors and admins only. The run's database is shared with the other test
 * files, so each query names this file's crèches, and the retroactive scale is deleted once read.
 */
describe(`${FeeAuditController.name}: the auditor's list`, () => {
  let t: TestApp;
  let admin: TestUser;
  let manager: TestUser;
  let auditor: TestUser;
  let parent: TestUser;
  let crecheA: { id: string; name: string };
  let crecheB: { id: string; name: string };
  const contracts: Record<string, string> = {};
  const fields = (body: { details?: { field: string }[] }) => (body.details ?? []).map((d) => d.field);

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, 'ADMIN');
    manager = await createUser(t, 'MANAGER');
    auditor = await createUser(t, 'CAF_AUDITOR');
    parent = await createUser(t, 'PARENT');
    const territoryId = (await createTerritory(t, admin)).id;
    const crecheOf = () =>
      createCreche(t, admin, territoryId, { kind: 'COLLECTIVE', places: 20, capacityBands: [], closures: [] });
    crecheA = await crecheOf();
    crecheB = await crecheOf();
    await assignManagers(t, admin, crecheA.id, manager);
    await assignManagers(t, admin, crecheB.id, manager);
    // Zoé and Léo at A (in 2035 and 2036), Inès at B; Zoé's household has a Caf number.
    for (const [name, creche, startDate, endDate] of [
      ['Zoé', crecheA, '2035-03-05', '2035-12-14'],
      ['Léo', crecheA, '2036-03-03', '2036-12-12'],
      ['Inès', crecheB, '2035-03-05', '2035-12-14'],
    ] as const) {
      const child = await createChild(t, '2034-06-10', name);
      const res = await t
        .http()
        .post(`/creches/${creche.id}/contracts`)
        .set(manager.auth)
        .send({ childId: child.id, schedule: fullWeek(), startDate, endDate })
        .expect(201);
      contracts[name] = res.body.id;
      if (name === 'Zoé')
        await t.dataSource.query(`UPDATE families SET caf_number = '7654321' WHERE id = $1`, [child.familyId]);
    }
  }, 90_000);
  afterAll(async () => {
    await t.close();
  });

  const list = (query: Record<string, unknown>, user = auditor) =>
    t.http().get('/audit/fees/computations').query(query).set(user.auth);
  /** The rows of this file's two crèches for the same filters (crèche A's, then B's). */
  const listBoth = async (query: Record<string, unknown>) => {
    const [a, b] = [
      await list({ ...query, crecheId: crecheA.id }).expect(200),
      await list({ ...query, crecheId: crecheB.id }).expect(200),
    ];
    return { items: [...a.body.items, ...b.body.items], total: a.body.total + b.body.total };
  };

  it("lists computations with the crèche's name, the child and the household's Caf number, filtered by crèche and period", async () => {
    const res = await list({ crecheId: crecheA.id }).expect(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        effectiveFrom: '2035-03-05',
        crecheId: crecheA.id,
        crecheName: crecheA.name,
        contractId: contracts['Zoé'],
        childFirstName: 'Zoé',
        cafNumber: '7654321',
        reason: 'CONTRACT_CREATED',
        hourlyRate: expect.stringMatching(/^\d+\.\d\d$/),
        monthlyFee: expect.stringMatching(/^\d+\.\d\d$/),
        deviates: false,
      }),
      expect.objectContaining({ childFirstName: 'Léo', cafNumber: null, effectiveFrom: '2036-03-03' }),
    ]);
    const in2035 = await listBoth({ from: '2035-01-01', to: '2035-12-31' });
    expect(in2035.items.map((r: { childFirstName: string }) => r.childFirstName).sort()).toEqual(['Inès', 'Zoé']);
    expect(await listBoth({ reason: 'SCALE_CHANGED' })).toEqual({ items: [], total: 0 });
    expect((await listBoth({ reason: 'CONTRACT_CREATED' })).total).toBe(3);
  });

  it('pages by offset and keeps the total', async () => {
    const first = await list({ crecheId: crecheA.id, limit: 1 }).expect(200);
    const second = await list({ crecheId: crecheA.id, limit: 1, offset: 1 }).expect(200);
    const past = await list({ crecheId: crecheA.id, limit: 1, offset: 10 }).expect(200);
    expect(first.body.items).toHaveLength(1);
    expect(second.body.items).toHaveLength(1);
    expect([first.body.total, second.body.total, past.body.total]).toEqual([2, 2, 2]);
    expect(past.body.items).toEqual([]);
    expect(new Set([...first.body.items, ...second.body.items].map((r: { id: string }) => r.id)).size).toBe(2);
  });

  it("shows only the deviations from today's rules when asked, as the recheck finds them (with their crèche)", async () => {
    expect(await listBoth({ deviationsOnly: true })).toEqual({ items: [], total: 0 });
    // A version inserted later with an earlier date changes what the rules select for the 2036 computation only.
    const scale = await t
      .http()
      .post('/fee-scales')
      .set(admin.auth)
      .send({
        effectiveFrom: '2036-01-01',
        floor: '850.00',
        ceiling: '9000.00',
        tables: RATES,
        microCrecheTable: 'collective',
        provenance: 'Retroactive test version',
        verified: false,
      })
      .expect(201);
    try {
      const deviating = await listBoth({ deviationsOnly: 'true' });
      expect(deviating.total).toBe(1);
      expect(deviating.items).toEqual([
        expect.objectContaining({ childFirstName: 'Léo', crecheName: crecheA.name, deviates: true }),
      ]);
      const all = await list({ crecheId: crecheA.id, deviationsOnly: 'false' }).expect(200);
      expect(all.body.items.map((r: { deviates: boolean }) => r.deviates)).toEqual([false, true]);
      const recheck = await t
        .http()
        .post('/audit/fees/recheck')
        .query({ crecheId: crecheA.id })
        .set(auditor.auth)
        .expect(200);
      expect(recheck.body.deviations).toEqual([
        expect.objectContaining({ computationId: deviating.items[0].id, crecheId: crecheA.id }),
      ]);
      expect((await list({ deviationsOnly: true, crecheId: crecheB.id }).expect(200)).body.total).toBe(0);
    } finally {
      // Other test files compute fees on this database: the retroactive version must not outlive this test.
      await t.http().delete(`/fee-scales/${scale.body.id}`).set(admin.auth).expect(204);
    }
  });

  it.each([
    [{ reason: 'BECAUSE' }, 'reason'],
    [{ deviationsOnly: 'yes' }, 'deviationsOnly'],
    [{ from: '2035-06-01', to: '2035-01-01' }, 'from'],
    [{ from: '2035-02-30' }, 'from'],
    [{ crecheId: 'nope' }, 'crecheId'],
    [{ limit: 501 }, 'limit'],
  ])('answers %j with a 400 naming %s', async (query, field) => {
    const res = await list(query).expect(400);
    expect(fields(res.body)).toContain(field);
  });

  it('is for Caf auditors and admins: 403 for a manager and a parent, 401 signed out', async () => {
    await list({}, admin).expect(200);
    await list({}, manager).expect(403);
    await list({}, parent).expect(403);
    await t.http().get('/audit/fees/computations').expect(401);
  });

  it("filters the audit log by the actor's role (auditors only)", async () => {
    const res = await t.http().get('/audit/events').query({ actorRole: 'MANAGER' }).set(auditor.auth).expect(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(3);
    expect(res.body.items.every((e: { actorRole: string }) => e.actorRole === 'MANAGER')).toBe(true);
    const byAdmin = await t.http().get('/audit/events').query({ actorRole: 'ADMIN' }).set(auditor.auth).expect(200);
    expect(byAdmin.body.items.some((e: { action: string }) => e.action.startsWith('creche'))).toBe(true);
    expect(byAdmin.body.items.every((e: { actorRole: string }) => e.actorRole === 'ADMIN')).toBe(true);
    const bad = await t.http().get('/audit/events').query({ actorRole: 'manager; drop' }).set(auditor.auth).expect(400);
    expect(fields(bad.body)).toContain('actorRole');
    await t.http().get('/audit/events').query({ actorRole: 'MANAGER' }).set(manager.auth).expect(403);
  });
});
