import { TerritoryDashboardController } from '../../src/modules/territory-dashboard/territory-dashboard.controller';
import { createCreche, createTerritory } from '../support/factories';
import { insertApplication, insertDeclinedOffer, insertRound, Slot } from '../support/demand-factories';
import { createUser, startTestApp, TestApp, TestUser } from '../support/test-app';

/** The figures are for 1 March 2027: public holidays of the next twelve months run to 29 February 2028. */
const NOW = new Date('2027-03-01T10:00:00Z');

const weekdays = (from: string, to: string): Slot[] => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from, to }));
/** 30 minutes a day before 07:30: 2.5 h a week; 10 h on each weekday public holiday. */
const EARLY_RISER = weekdays('07:00', '17:00');
/** Nothing before 07:30 or after 19:00; Saturday mornings (4 h a week); 9 h a weekday holiday, 4 h a Saturday one. */
const SATURDAY_MORNINGS = [...weekdays('08:00', '17:00'), { weekday: 6, from: '08:00', to: '12:00' }];

/** Noon UTC, `daysBefore` days before `day`: the same civil day in Paris. */
const noon = (day: string, daysBefore = 0) =>
  new Date(new Date(`${day}T12:00:00Z`).getTime() - daysBefore * 86_400_000).toISOString();

describe(TerritoryDashboardController.name, () => {
  let t: TestApp;
  let admin: TestUser;
  let coordinator: TestUser;
  let territoryId: string;

  /**
   * The territory, worked by hand. One micro-crèche in Rambervillers (88372), the factories' one: Monday–Saturday
   * 05:00–21:00, 12 places, 6 before 07:00 and after 19:00 on weekdays, closed on public holidays.
   * - before 07:30: (2 h × 6 + 0.5 h × 12) × 5 days = 90 place-hours a week; after 19:00: 2 h × 6 × 5 = 60;
   *   Saturday: 16 h × 12 = 192; Sunday and public holidays: 0.
   * - Rambervillers: 6 early risers (2.5 h each, 15 h); Bru (88035): 3 early risers; Jeanménil (88239): 5 families
   *   wanting Saturday mornings (4 h each, 20 h).
   * - Public holidays from 2027-03-01 to 2028-02-29: 6 on weekdays, 4 on Saturdays, 1 on a Sunday. An early riser
   *   asks 6 × 10 = 60 h, a Saturday family 6 × 9 + 4 × 4 = 70 h.
   * - First offers in the last 12 months: five Rambervillers families after 30, 60, 90, 120, 150 days, one Bru family
   *   after 10 days; the sixth Rambervillers family's only offer is older than 12 months.
   */
  beforeAll(async () => {
    t = await startTestApp({ clock: { now: () => NOW } });
    admin = await createUser(t, 'ADMIN');
    coordinator = await createUser(t, 'TERRITORY_COORDINATOR');
    territoryId = (await createTerritory(t, admin)).id;
    const creche = await createCreche(t, admin, territoryId);
    await t
      .http()
      .put(`/territories/${territoryId}/coordinators`)
      .set(admin.auth)
      .send({ userIds: [coordinator.id] })
      .expect(200);
    const roundId = await insertRound(t, territoryId, creche.id, admin.id);
    const apply = (commune: string, schedule: Slot[], waitDays?: number, offeredOn = '2027-02-27') =>
      insertApplication(t, {
        commune,
        crecheId: creche.id,
        schedule,
        submittedAt: noon(offeredOn, waitDays ?? 200),
        publicHolidayCare: true,
      }).then(async (a) => {
        if (waitDays !== undefined)
          await insertDeclinedOffer(t, {
            roundId,
            applicationId: a.applicationId,
            crecheId: creche.id,
            createdAt: noon(offeredOn),
          });
      });
    for (const wait of [30, 60, 90, 120, 150]) await apply('88372', EARLY_RISER, wait);
    await apply('88372', EARLY_RISER, 45, '2026-02-15');
    await apply('88035', EARLY_RISER, 10);
    for (let i = 0; i < 2; i += 1) await apply('88035', EARLY_RISER);
    for (let i = 0; i < 5; i += 1) await apply('88239', SATURDAY_MORNINGS);
  });
  afterAll(async () => {
    await t.close();
  });

  const cell = (row: { cells: { slot: string }[] }, slot: string) => row.cells.find((c) => c.slot === slot);

  it('gives the hand-worked figures per commune and slot, with "< 5" for Bru and Rambervillers hidden with it', async () => {
    const res = await t.http().get(`/territories/${territoryId}/dashboard`).set(coordinator.auth).expect(200);
    const d = res.body;
    expect(d).toMatchObject({ territoryId, asOf: '2027-03-01', waitsSince: '2026-03-01', atypicalBefore: '07:30' });
    expect(d.slots.map((s: { slot: string }) => s.slot)).toEqual([
      'EARLY',
      'LATE',
      'SATURDAY',
      'SUNDAY',
      'PUBLIC_HOLIDAY',
    ]);
    const [ramb, bru, jean] = d.communes;
    expect([ramb.name, bru.name, jean.name]).toEqual(['Rambervillers', 'Bru', 'Jeanménil']);
    expect(d.communes).toHaveLength(3);

    // Bru's 3 and Jeanménil's 0 are "< 5", but together only 3: the territory's 9 minus Rambervillers' 6 would give
    // them back, with their 7.5 h. Rambervillers, the next smallest, is hidden too; its waits (6 offers) stay.
    expect(cell(ramb, 'EARLY')).toEqual({
      slot: 'EARLY',
      period: 'WEEK',
      activeApplications: { secret: true, value: null, reason: 'COMPLEMENTARY' },
      hoursRequested: { secret: true, value: null, reason: 'COMPLEMENTARY' },
      placeHoursOffered: 90,
      shareServedPercent: { secret: true, value: null, reason: 'COMPLEMENTARY' },
      // 90 and 120 days, to the nearest week.
      medianWaitDays: { secret: false, value: 91 },
      p80WaitDays: { secret: false, value: 119 },
    });
    // Bru's 3 (and Jeanménil's 0) are "< 5": the marker only, nothing derived from them.
    expect(cell(bru, 'EARLY')).toEqual({
      slot: 'EARLY',
      period: 'WEEK',
      activeApplications: { secret: true, value: null, reason: 'UNDER_THRESHOLD' },
      hoursRequested: { secret: true, value: null, reason: 'UNDER_THRESHOLD' },
      placeHoursOffered: 0,
      shareServedPercent: { secret: true, value: null, reason: 'UNDER_THRESHOLD' },
      medianWaitDays: { secret: true, value: null, reason: 'UNDER_THRESHOLD' },
      p80WaitDays: { secret: true, value: null, reason: 'UNDER_THRESHOLD' },
    });
    expect(cell(jean, 'EARLY')).toMatchObject({ activeApplications: { secret: true, reason: 'UNDER_THRESHOLD' } });
    // The territory: 9 applications, 22.5 h published to the nearest 10 h: 20 h; waits 10, 30, 60, 90, 120, 150 →
    // 3rd and ⌈4.8⌉ = 5th, 60 and 120 days, to the nearest week 63 and 119.
    expect(cell(d.territory, 'EARLY')).toMatchObject({
      activeApplications: { value: 9 },
      hoursRequested: { value: 20 },
      placeHoursOffered: 90,
      shareServedPercent: { value: 100 },
      medianWaitDays: { value: 63 },
      p80WaitDays: { value: 119 },
    });

    // Saturdays: Jeanménil's 5 families ask 20 h; the only crèche stands in Rambervillers (192 place-hours there).
    expect(cell(jean, 'SATURDAY')).toMatchObject({
      activeApplications: { value: 5 },
      hoursRequested: { value: 20 },
      placeHoursOffered: 0,
      shareServedPercent: { value: 0 },
    });
    expect(cell(ramb, 'SATURDAY')).toMatchObject({ activeApplications: { secret: true }, placeHoursOffered: 192 });
    // Its total, though, is hidden: Rambervillers' and Bru's 0 under a total of 5 would say "0, 0 and 5", and hiding
    // Jeanménil's 5 would not help (a "< 5" and a "secret" summing to 5 are 0 and 5). Without the total, nothing
    // ties the cells together, so Jeanménil's 5 is shown.
    expect(cell(d.territory, 'SATURDAY')).toEqual({
      slot: 'SATURDAY',
      period: 'WEEK',
      activeApplications: { secret: true, value: null, reason: 'COMPLEMENTARY' },
      hoursRequested: { secret: true, value: null, reason: 'COMPLEMENTARY' },
      placeHoursOffered: 192,
      shareServedPercent: { secret: true, value: null, reason: 'COMPLEMENTARY' },
      medianWaitDays: { secret: true, value: null, reason: 'UNDER_THRESHOLD' },
      p80WaitDays: { secret: true, value: null, reason: 'UNDER_THRESHOLD' },
    });
    // Nobody asks for evenings: the total itself is "< 5".
    expect(cell(d.territory, 'LATE')).toMatchObject({
      activeApplications: { secret: true, reason: 'UNDER_THRESHOLD' },
      placeHoursOffered: 60,
    });
  });

  it('hides a second commune on public holidays, where Bru alone would be given back by the total', async () => {
    const d = (await t.http().get(`/territories/${territoryId}/dashboard`).set(admin.auth).expect(200)).body;
    const [ramb, bru, jean] = d.communes;
    // 6 × 60 h = 360 h in Rambervillers, to the nearest 100 h over twelve months: 400 h; Bru (3) under 5;
    // Jeanménil's 5, the smallest other cell, hidden with it.
    expect(cell(ramb, 'PUBLIC_HOLIDAY')).toMatchObject({
      period: 'YEAR',
      activeApplications: { value: 6 },
      hoursRequested: { value: 400 },
      placeHoursOffered: 0,
      shareServedPercent: { value: 0 },
    });
    expect(cell(bru, 'PUBLIC_HOLIDAY')).toMatchObject({
      activeApplications: { secret: true, reason: 'UNDER_THRESHOLD' },
    });
    expect(cell(jean, 'PUBLIC_HOLIDAY')).toMatchObject({
      activeApplications: { secret: true, value: null, reason: 'COMPLEMENTARY' },
      hoursRequested: { secret: true, value: null },
    });
    // 6 + 3 + 5 = 14 applications, 360 + 180 + 350 = 890 h, rounded once: 900 h (not 400 + the hidden cells').
    expect(cell(d.territory, 'PUBLIC_HOLIDAY')).toMatchObject({
      activeApplications: { value: 14 },
      hoursRequested: { value: 900 },
    });
    // No figure of the response is Bru's count or hours.
    expect(JSON.stringify(bru.cells)).not.toMatch(/"value":(3|7\.5|180)\b/);
  });

  it('exports the French CSV: BOM, ";", decimal comma, "< 5", a file name', async () => {
    const res = await t
      .http()
      .get(`/territories/${territoryId}/dashboard.csv`)
      .set(coordinator.auth)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="tableau-de-bord-territoire-2027-03-01.csv"');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'code_insee;commune;creneau;periode;demandes_actives;heures_demandees_arrondies;heures_places_offertes;part_demande_servie_pct;attente_mediane_jours_arrondie;attente_80e_centile_jours_arrondie',
    );
    expect(lines).toContain('88372;Rambervillers;avant 07:30;par semaine;secret;secret;90;secret;91;119');
    expect(lines).toContain('88035;Bru;avant 07:30;par semaine;< 5;secret;0;secret;secret;secret');
    expect(lines).toContain('88239;Jeanménil;jours fériés;sur 12 mois;secret;secret;0;secret;secret;secret');
    expect(lines).toContain(';Territoire;avant 07:30;par semaine;9;20;90;100;63;119');
    expect(lines[lines.length - 1]).toBe('');
  });

  it('counts on public holidays only the families that ask for care then, not every weekday schedule', async () => {
    // Six Rambervillers households asking evenings until 20:00, five of them on public holidays too.
    const territory = (await createTerritory(t, admin)).id;
    const creche = await createCreche(t, admin, territory);
    for (let i = 0; i < 6; i += 1)
      await insertApplication(t, {
        commune: '88372',
        crecheId: creche.id,
        schedule: weekdays('08:00', '20:00'),
        submittedAt: noon('2027-02-01'),
        publicHolidayCare: i < 5,
      });
    const d = (await t.http().get(`/territories/${territory}/dashboard`).set(admin.auth).expect(200)).body;
    const [ramb] = d.communes;
    // Five, not six: 12 h × 6 weekday holidays = 72 h each, 360 h: 400 h to the nearest 100 h.
    expect(cell(ramb, 'PUBLIC_HOLIDAY')).toMatchObject({
      activeApplications: { value: 5 },
      hoursRequested: { value: 400 },
    });
  });

  describe('two readings, before and after one household leaves the waitlist', () => {
    /**
     * The reviewer's case: another territory, the same micro-crèche (60 place-hours a week after 19:00), ten
     * Rambervillers households asking evenings: 5 until 20:00 (5 h a week), 4 until 21:00 (10 h), and one until
     * 20:45 (1 h 45 × 5 evenings = 8.75 h; 12.75 h × 6 weekday holidays = 76.5 h a year), which then withdraws.
     * Exact hours after 19:00: 73.75 h, then 65 h; public holidays: 748.5 h, then 672 h.
     */
    let otherId: string;
    let leaverId: string;
    beforeAll(async () => {
      otherId = (await createTerritory(t, admin)).id;
      const creche = await createCreche(t, admin, otherId);
      const apply = (to: string) =>
        insertApplication(t, {
          commune: '88372',
          crecheId: creche.id,
          schedule: weekdays('08:00', to),
          submittedAt: noon('2027-02-01'),
          publicHolidayCare: true,
        });
      for (let i = 0; i < 5; i += 1) await apply('20:00');
      for (let i = 0; i < 4; i += 1) await apply('21:00');
      leaverId = (await apply('20:45')).applicationId;
    });

    const read = async () => ({
      json: (await t.http().get(`/territories/${otherId}/dashboard`).set(admin.auth).expect(200)).body,
      csv: (await t.http().get(`/territories/${otherId}/dashboard.csv`).set(admin.auth).expect(200)).text as string,
    });
    /** Every figure of the dashboard but the counts, which stay exact ("≥ 5 or hidden", R10.3). */
    const withoutCounts = (d: { communes: { cells: object[] }[]; territory: { cells: object[] } }) =>
      [...d.communes, d.territory].map((r) => r.cells.map((c) => ({ ...c, activeApplications: undefined })));

    it('does not give that household’s hours back: only the counts move', async () => {
      const before = await read();
      await t.dataSource.query(`UPDATE applications SET status = 'WITHDRAWN' WHERE id = $1`, [leaverId]);
      const after = await read();

      // Published to the nearest 10 h (weekly) and 100 h (public holidays, twelve months): 70 h and 700 h both times.
      for (const [d, n] of [
        [before.json, 10],
        [after.json, 9],
      ] as const) {
        expect(cell(d.territory, 'LATE')).toMatchObject({
          activeApplications: { value: n },
          hoursRequested: { value: 70 },
          placeHoursOffered: 60,
          // 60 ÷ 70 published hours, not 60 ÷ 73.75 or 60 ÷ 65 (which would give the exact hours back).
          shareServedPercent: { value: 86 },
        });
        expect(cell(d.territory, 'PUBLIC_HOLIDAY')).toMatchObject({
          activeApplications: { value: n },
          hoursRequested: { value: 700 },
        });
      }
      expect(withoutCounts(after.json)).toEqual(withoutCounts(before.json));
      // No figure anywhere moved by the household's own hours.
      const figures = (csv: string) =>
        csv
          .split('\r\n')
          .slice(1)
          .map((l) => l.split(';'));
      const [b, a] = [figures(before.csv), figures(after.csv)];
      expect(a).toHaveLength(b.length);
      b.forEach((line, i) => {
        // Only demandes_actives (the 5th column) may differ.
        expect([...a[i].slice(0, 4), ...a[i].slice(5)]).toEqual([...line.slice(0, 4), ...line.slice(5)]);
      });
      expect(b).toContainEqual([
        '',
        'Territoire',
        'après 19:00',
        'par semaine',
        '10',
        '70',
        '60',
        '86',
        'secret',
        'secret',
      ]);
      expect(a).toContainEqual([
        '',
        'Territoire',
        'après 19:00',
        'par semaine',
        '9',
        '70',
        '60',
        '86',
        'secret',
        'secret',
      ]);
      expect(`${before.csv}${after.csv}`).not.toMatch(/73,75|;65;|748,5|;672;|8,75|76,5/);
    });
  });

  describe('who may read it', () => {
    it('answers 403 to the coordinator of another territory, and to a coordinator with none', async () => {
      const other = (await createTerritory(t, admin)).id;
      const elsewhere = await createUser(t, 'TERRITORY_COORDINATOR');
      await t
        .http()
        .put(`/territories/${other}/coordinators`)
        .set(admin.auth)
        .send({ userIds: [elsewhere.id] })
        .expect(200);
      await t.http().get(`/territories/${other}/dashboard`).set(elsewhere.auth).expect(200);
      for (const path of ['dashboard', 'dashboard.csv']) {
        const res = await t.http().get(`/territories/${territoryId}/${path}`).set(elsewhere.auth).expect(403);
        expect(res.body.code).toBe('AUTH.FORBIDDEN');
      }
      const unassigned = await createUser(t, 'TERRITORY_COORDINATOR');
      await t.http().get(`/territories/${territoryId}/dashboard`).set(unassigned.auth).expect(403);
    });

    it.each(['PARENT', 'MANAGER', 'CAF_AUDITOR'] as const)('answers 403 to a %s', async (role) => {
      const user = await createUser(t, role);
      const res = await t.http().get(`/territories/${territoryId}/dashboard`).set(user.auth).expect(403);
      expect(res.body.code).toBe('AUTH.FORBIDDEN');
      await t.http().get(`/territories/${territoryId}/dashboard.csv`).set(user.auth).expect(403);
    });

    it('lets an admin read any territory, and answers 404 for none (to anyone)', async () => {
      await t.http().get(`/territories/${territoryId}/dashboard`).set(admin.auth).expect(200);
      const res = await t
        .http()
        .get('/territories/00000000-0000-4000-8000-000000000000/dashboard')
        .set(admin.auth)
        .expect(404);
      expect(res.body.code).toBe('TERRITORY.NOT_FOUND');
      // Territories are public: a coordinator gets the same 404 for a territory that does not exist.
      await t
        .http()
        .get('/territories/00000000-0000-4000-8000-000000000000/dashboard')
        .set(coordinator.auth)
        .expect(404);
    });

    it('names coordinators among TERRITORY_COORDINATOR accounts only (400 naming the field), admins only', async () => {
      const manager = await createUser(t, 'MANAGER');
      const res = await t
        .http()
        .put(`/territories/${territoryId}/coordinators`)
        .set(admin.auth)
        .send({ userIds: [coordinator.id, manager.id] })
        .expect(400);
      expect(res.body.details).toEqual([
        {
          field: 'userIds[1]',
          errors: [`user ${manager.id} is not a TERRITORY_COORDINATOR account that can be named here`],
        },
      ]);
      await t
        .http()
        .put(`/territories/${territoryId}/coordinators`)
        .set(coordinator.auth)
        .send({ userIds: [] })
        .expect(403);
      const list = await t.http().get(`/territories/${territoryId}/coordinators`).set(admin.auth).expect(200);
      expect(list.body).toEqual({ userIds: [coordinator.id] });
    });

    it('lists the territories an account reads (GET /me/territories): a coordinator theirs, an admin all', async () => {
      const mine = await t.http().get('/me/territories').set(coordinator.auth).expect(200);
      expect(mine.body).toEqual([
        expect.objectContaining({ id: territoryId, communes: expect.any(Array), atypicalHours: expect.any(Object) }),
      ]);
      const unassigned = await createUser(t, 'TERRITORY_COORDINATOR');
      await t.http().get('/me/territories').set(unassigned.auth).expect(200, []);
      const all = await t.http().get('/me/territories').set(admin.auth).expect(200);
      const listed = (await t.http().get('/territories').expect(200)).body as { id: string }[];
      expect(all.body.map((x: { id: string }) => x.id).sort()).toEqual(listed.map((x) => x.id).sort());
      expect(all.body.map((x: { id: string }) => x.id)).toContain(territoryId);
      for (const role of ['PARENT', 'MANAGER', 'CAF_AUDITOR'] as const) {
        const user = await createUser(t, role);
        await t.http().get('/me/territories').set(user.auth).expect(403);
      }
      await t.http().get('/me/territories').expect(401);
    });

    it('lets an admin create a coordinator account through POST /users', async () => {
      const res = await t
        .http()
        .post('/users')
        .set(admin.auth)
        .send({
          email: `coordination-${Date.now()}@example.fr`,
          password: 'une phrase de passe longue et sûre',
          firstName: 'Claire',
          lastName: 'Coordination',
          role: 'TERRITORY_COORDINATOR',
        })
        .expect(201);
      expect(res.body.role).toBe('TERRITORY_COORDINATOR');
    });
  });
});
