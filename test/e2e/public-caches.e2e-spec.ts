import { DbNotifications, LISTENER_APPLICATION_NAME } from '../../src/common/db/db-notifications';
import { FEE_SCALES_CHANGED_CHANNEL, FeeScalesCache } from '../../src/modules/fees/fee-scales.cache';
import { FeesService } from '../../src/modules/fees/fees.service';
import { createCreche, createTerritory, RAMBERVILLERS } from '../support/factories';
import { createUser, startTestApp, TestApp, TestUser } from '../support/test-app';
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

/** A quote on a date only a scale of this file can cover (its versions take effect in 2041). */
const QUOTE = {
  date: '2041-06-01',
  careType: 'COLLECTIVE',
  monthlyResources: '500.00',
  dependentChildren: 2,
  hoursPerWeek: '40',
  weeksPerYear: 45,
};

/**
 * The fee scales and the public crèche list are held in memory by every API instance (issue #18), two instances on
 * one database here. The scales are dropped by the notification PostgreSQL sends at each commit (seen within
 * moments); the list is served while its committed version has not moved (seen by the very next request).
 */
describe('in-memory scales and crèche list across API instances', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp();
    admin = await createUser(a, 'ADMIN');
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  /** Instance b has read (and holds) the scales and the list, and hears the notifications. */
  async function bHolds(): Promise<void> {
    await waitFor(async () => {
      await b.http().post('/fees/quote').send(QUOTE).expect(200);
      await b.http().get('/creches').expect(200);
      return b.app.get(DbNotifications).isListening(FEE_SCALES_CHANGED_CHANNEL);
    });
  }

  const quoteOnB = async () => (await b.http().post('/fees/quote').send(QUOTE).expect(200)).body;

  it('quotes on one instance with a scale created, changed and deleted on the other (notified at commit)', async () => {
    await bHolds();
    const before = await quoteOnB();
    expect(before.scale.effectiveFrom < '2041-01-01').toBe(true);
    /** The notification crosses processes: b sees the change within moments, and keeps seeing it. */
    const seenOnB = async (check: (quote: Record<string, unknown>) => boolean) => {
      await waitFor(async () => check(await quoteOnB()), 2000);
      expect(check(await quoteOnB())).toBe(true);
    };

    const created = await a
      .http()
      .post('/fee-scales')
      .set(admin.auth)
      .send({
        effectiveFrom: '2041-01-01',
        floor: '800.00',
        ceiling: '9000.00',
        tables: RATES,
        microCrecheTable: 'collective',
        provenance: 'Test version of the cache test, not a real circular',
        verified: false,
      })
      .expect(201);
    // The instance that made the change sees it at once (it drops its own scales after its commit).
    expect((await a.http().post('/fees/quote').send(QUOTE).expect(200)).body.scale.id).toBe(created.body.id);
    await seenOnB(
      (q) =>
        JSON.stringify(q.scale) ===
          JSON.stringify({ id: created.body.id, effectiveFrom: '2041-01-01', verified: false }) &&
        q.boundedResources === '800.00',
    );

    await a.http().patch(`/fee-scales/${created.body.id}`).set(admin.auth).send({ floor: '850.00' }).expect(200);
    expect((await a.http().post('/fees/quote').send(QUOTE).expect(200)).body.boundedResources).toBe('850.00');
    await seenOnB((q) => q.boundedResources === '850.00');

    await a.http().delete(`/fee-scales/${created.body.id}`).set(admin.auth).expect(204);
    await seenOnB((q) => JSON.stringify(q.scale) === JSON.stringify(before.scale));
  });

  it('lists on one instance a crèche created or changed on the other, and a territory renaming a commune, at once', async () => {
    const territory = await createTerritory(a, admin);
    await bHolds();
    const listed = async () =>
      ((await b.http().get('/creches').expect(200)).body as { id: string; name: string; commune: { name: string } }[])
        .filter((c) => c.id === creche.id)
        .map((c) => ({ name: c.name, commune: c.commune.name }));
    let creche = { id: 'none', name: '' };
    expect(await listed()).toEqual([]);

    creche = await createCreche(a, admin, territory.id, { name: 'Les Mirabelles' });
    expect(await listed()).toEqual([{ name: 'Les Mirabelles', commune: 'Rambervillers' }]);

    await a.http().patch(`/creches/${creche.id}`).set(admin.auth).send({ name: 'Les Quetsches' }).expect(200);
    expect(await listed()).toEqual([{ name: 'Les Quetsches', commune: 'Rambervillers' }]);

    const communes = RAMBERVILLERS.map((c) => (c.inseeCode === '88372' ? { ...c, name: 'Rambervillers-Ville' } : c));
    await a.http().patch(`/territories/${territory.id}`).set(admin.auth).send({ communes }).expect(200);
    expect(await listed()).toEqual([{ name: 'Les Quetsches', commune: 'Rambervillers-Ville' }]);
    // And filtered by territory, held apart.
    const mine = (await b.http().get(`/creches?territoryId=${territory.id}`).expect(200)).body;
    expect(mine.map((c: { name: string }) => c.name)).toEqual(['Les Quetsches']);
  });

  it('lists every change at once while other visitors keep the instance busy (their version reads shared)', async () => {
    const territory = await createTerritory(a, admin);
    const creche = await createCreche(a, admin, territory.id, { name: 'Les Noisettes 0' });
    await bHolds();
    // Other visitors keep b busy with the list: a version read of b's is nearly always under way.
    let busy = true;
    const statuses = new Set<number>();
    const visitors = Array.from({ length: 8 }, async () => {
      while (busy) statuses.add((await b.http().get('/creches')).status);
    });
    try {
      for (let i = 1; i <= 15; i += 1) {
        await a
          .http()
          .patch(`/creches/${creche.id}`)
          .set(admin.auth)
          .send({ name: `Les Noisettes ${i}` })
          .expect(200);
        const names = (await b.http().get('/creches').expect(200)).body.map((c: { name: string }) => c.name);
        expect(names).toContain(`Les Noisettes ${i}`);
      }
    } finally {
      busy = false;
      await Promise.all(visitors);
    }
    expect([...statuses]).toEqual([200]);
  });

  it('sees changes made straight in the database (no instance of ours told)', async () => {
    const territory = await createTerritory(a, admin);
    const creche = await createCreche(a, admin, territory.id, { name: 'Les Myrtilles' });
    await bHolds();
    await a.dataSource.query(`UPDATE creches SET name = 'Les Brimbelles' WHERE id = $1`, [creche.id]);
    const names = (await b.http().get('/creches').expect(200)).body.map((c: { name: string }) => c.name);
    expect(names).toContain('Les Brimbelles');
    expect(names).not.toContain('Les Myrtilles');
    const [latest] = await a.dataSource.query(
      `INSERT INTO fee_scales (effective_from, floor, ceiling, tables, micro_creche_table, provenance, verified)
       SELECT '2041-02-01', '820.00', ceiling, tables, micro_creche_table, 'cache test', false FROM fee_scales
        ORDER BY effective_from DESC LIMIT 1 RETURNING id`,
    );
    try {
      await waitFor(async () => (await quoteOnB()).scale.id === latest.id, 2000);
    } finally {
      await a.dataSource.query(`DELETE FROM fee_scales WHERE id = $1`, [latest.id]);
    }
    await waitFor(async () => (await quoteOnB()).scale.id !== latest.id, 2000);
  });

  it('gives a booking the scales its own transaction sees, even before the notification has dropped the held ones', async () => {
    await bHolds();
    const cache = b.app.get(FeeScalesCache);
    // The notification is late (it is never heard here): b's quotes keep the versions it holds.
    const deaf = jest.spyOn(cache, 'notified').mockImplementation(() => undefined);
    const [scale] = await a.dataSource.query(
      `INSERT INTO fee_scales (effective_from, floor, ceiling, tables, micro_creche_table, provenance, verified)
       SELECT '2041-04-01', '766.00', ceiling, tables, micro_creche_table, 'cache test', false FROM fee_scales
        ORDER BY effective_from DESC LIMIT 1 RETURNING id`,
    );
    const inTransaction = () =>
      b.dataSource.transaction(async (em) => (await b.app.get(FeesService).scaleVersions(em)).map((v) => v.id));
    try {
      expect((await quoteOnB()).scale.id).not.toBe(scale.id);
      // What a booking's fee is computed from: the versions of its transaction (their stamp differs from the held).
      expect(await inTransaction()).toContain(scale.id);
    } finally {
      deaf.mockRestore();
      await a.dataSource.query(`DELETE FROM fee_scales WHERE id = $1`, [scale.id]);
    }
    await waitFor(async () => (await quoteOnB()).scale.id !== scale.id, 2000);
    // Held again and equal to the table: taken from memory, without the deleted version.
    expect(await inTransaction()).not.toContain(scale.id);
  });

  it('reads the scales on every quote while the notification connection is down, and listens again alone', async () => {
    await bHolds();
    const notifications = b.app.get(DbNotifications);
    // Cut the listening connections (both instances'): no notification can arrive.
    await a.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`,
      [LISTENER_APPLICATION_NAME],
    );
    await waitFor(() => !notifications.isListening(FEE_SCALES_CHANGED_CHANNEL), 2000);
    const [scale] = await a.dataSource.query(
      `INSERT INTO fee_scales (effective_from, floor, ceiling, tables, micro_creche_table, provenance, verified)
       SELECT '2041-03-01', '777.00', ceiling, tables, micro_creche_table, 'cache test', false FROM fee_scales
        ORDER BY effective_from DESC LIMIT 1 RETURNING id`,
    );
    try {
      // No notification, yet the very next quote has it: nothing is held while the connection is down.
      expect((await quoteOnB()).scale.id).toBe(scale.id);
      // It listens again on its own (quotes start it).
      await waitFor(async () => (await quoteOnB(), notifications.isListening(FEE_SCALES_CHANGED_CHANNEL)), 5000);
    } finally {
      await a.dataSource.query(`DELETE FROM fee_scales WHERE id = $1`, [scale.id]);
    }
    await waitFor(async () => (await quoteOnB()).scale.id !== scale.id, 2000);
  });

  it('compresses the held list for clients that ask (same JSON), and sends it plain to the others', async () => {
    const territory = await createTerritory(a, admin);
    for (let i = 0; i < 3; i += 1) await createCreche(a, admin, territory.id);
    await bHolds();
    const plain = await b.http().get('/creches').set('accept-encoding', 'identity').expect(200);
    expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(plain.headers['content-encoding']).toBeUndefined();
    // superagent inflates what it receives: the body read is the JSON once decompressed.
    const gz = await b.http().get('/creches').set('accept-encoding', 'gzip').expect(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toContain('accept-encoding');
    expect(gz.body).toEqual(plain.body);
  });
});
