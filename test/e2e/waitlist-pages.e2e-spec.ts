import { WaitlistService } from '../../src/modules/waitlist/waitlist.service';
import { assignManagers, createChild, createCreche, createTerritory, fullWeek } from '../support/factories';
import { createParentWithChild, TestParent } from '../support/families';
import { createUser, startTestApp, TestApp, TestUser } from '../support/test-app';

interface Entry {
  rank: number;
  applicationId: string;
  familyId: string;
  status: string;
  score: number;
  verifiedScore: number;
  fitsNow: boolean;
  atypicalHoursPerWeek: number;
  breakdown: { criterion: string; points: number; verified: boolean }[];
}
interface Page {
  items: Entry[];
  nextCursor: string | null;
  total: number;
  version: number;
  asOf: string;
}

/**
 * The waitlist served by pages (issue #18): ranked once per change of the crèche's applications, policy or planning,
 * stored for every API instance (two here, on one database), each change seen by the very next page everywhere.
 */
describe('waitlist pages', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: TestUser;
  let manager: TestUser;
  let territoryId: string;

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp();
    admin = await createUser(a, 'ADMIN');
    manager = await createUser(a, 'MANAGER');
    territoryId = (await createTerritory(a, admin)).id;
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const page = async (t: TestApp, crecheId: string, query = '', who: TestUser = manager): Promise<Page> =>
    (await t.http().get(`/creches/${crecheId}/waitlist${query}`).set(who.auth).expect(200)).body as Page;

  /** Every entry matching `query`, page after page of `limit`. */
  const walk = async (crecheId: string, query: string, limit: number): Promise<{ entries: Entry[]; pages: Page[] }> => {
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const p = await page(a, crecheId, `?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(p);
      cursor = p.nextCursor;
    } while (cursor && pages.length < 1000);
    return { entries: pages.flatMap((p) => p.items), pages };
  };

  describe('pagination and filters', () => {
    const N = 130;
    let crecheId: string;

    beforeAll(async () => {
      // One place, taken on weekday mornings: morning schedules no longer fit, afternoon ones do.
      crecheId = (
        await createCreche(a, admin, territoryId, {
          kind: 'COLLECTIVE',
          places: 1,
          capacityBands: [],
          openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '06:30', closes: '19:00' })),
        })
      ).id;
      await assignManagers(a, admin, crecheId, manager);
      const placed = await createChild(a);
      await a.dataSource.query(
        `INSERT INTO contracts (creche_id, child_id, start_date, end_date, schedule, fee_inputs)
         VALUES ($1, $2, '2027-01-04', '2029-12-28', $3, $4)`,
        [
          crecheId,
          placed.id,
          JSON.stringify(fullWeek('08:00', '12:00')),
          JSON.stringify({ monthlyResources: '2400.00', dependentChildren: 1, aeehChildren: 0, asePlacement: false }),
        ],
      );
      // N households, each with a child and an application (some families claim what they have not proved).
      const schedules = [fullWeek('08:00', '12:00'), fullWeek('13:00', '17:00'), fullWeek('07:00', '12:00')];
      await a.dataSource.query(
        `WITH f AS (
           INSERT INTO families (commune_insee_code, monthly_resources, dependent_children, parents_activity, social_minima_or_insertion)
           SELECT CASE WHEN g % 4 = 0 THEN '75056' ELSE '88372' END, 2000, 1,
                  (ARRAY['BOTH_WORKING','NONE_WORKING','ONE_WORKING_ONE_INACTIVE'])[1 + g % 3], g % 5 = 0
             FROM generate_series(1, $1::int) g RETURNING id),
         c AS (
           INSERT INTO children (family_id, first_name, birth_date)
           SELECT id, 'Enfant', DATE '2026-03-01' FROM f RETURNING id, family_id),
         n AS (SELECT id, family_id, row_number() OVER (ORDER BY id) AS n FROM c),
         ap AS (
           INSERT INTO applications (family_id, child_id, desired_start_date, schedule, submitted_at, last_confirmed_at)
           SELECT family_id, id, DATE '2027-01-04', ($2::jsonb)->(n::int % 3), now() - (n % 40) * interval '9 days', now()
             FROM n RETURNING id, schedule)
         INSERT INTO application_preferences (application_id, creche_id, rank, schedule) SELECT id, $3, 1, schedule FROM ap`,
        [N, JSON.stringify(schedules), crecheId],
      );
    });

    it('walks every application once, in rank order, whatever the page size (default 50, at most 200)', async () => {
      const first = await page(a, crecheId);
      expect(first.items).toHaveLength(50);
      expect(first.total).toBe(N);
      expect(first.nextCursor).toEqual(expect.any(String));
      const all = await page(a, crecheId, '?limit=200');
      expect(all.items.map((e) => e.rank)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
      expect(all.nextCursor).toBeNull();
      expect(new Set(all.items.map((e) => e.applicationId)).size).toBe(N);
      expect(first.items).toEqual(all.items.slice(0, 50));
      for (const limit of [1, 7, 50]) {
        const { entries, pages } = await walk(crecheId, '', limit);
        expect(pages).toHaveLength(Math.ceil(N / limit));
        expect(entries).toEqual(all.items);
        expect(pages.every((p) => p.total === N && p.version === all.version)).toBe(true);
      }
      for (const limit of ['0', '201', 'x']) {
        const res = await a.http().get(`/creches/${crecheId}/waitlist?limit=${limit}`).set(manager.auth).expect(400);
        expect(res.body.details[0].field).toBe('limit');
      }
    });

    it('filters without renumbering: status, fitting now or not, atypical hours, claims to verify', async () => {
      const all = (await page(a, crecheId, '?limit=200')).items;
      const cases: [string, (e: Entry) => boolean][] = [
        ['&status=SUBMITTED', (e) => e.status === 'SUBMITTED'],
        ['&status=OFFERED', (e) => e.status === 'OFFERED'],
        ['&fitsNow=true', (e) => e.fitsNow],
        ['&fitsNow=false', (e) => !e.fitsNow],
        ['&atypical=true', (e) => e.atypicalHoursPerWeek > 0],
        ['&atypical=false', (e) => e.atypicalHoursPerWeek === 0],
        ['&toVerify=true', (e) => e.verifiedScore < e.score],
        ['&fitsNow=true&toVerify=true', (e) => e.fitsNow && e.verifiedScore < e.score],
        ['&fitsNow=false&atypical=true', (e) => !e.fitsNow && e.atypicalHoursPerWeek > 0],
      ];
      for (const [query, keep] of cases) {
        const expected = all.filter(keep);
        const { entries, pages } = await walk(crecheId, query, 9);
        expect({ query, ranks: entries.map((e) => e.rank) }).toEqual({ query, ranks: expected.map((e) => e.rank) });
        expect(pages[0].total).toBe(expected.length);
      }
      // The data has some of each (else the filters above proved nothing).
      expect(all.filter((e) => e.fitsNow).length).toBeGreaterThan(10);
      expect(all.filter((e) => !e.fitsNow).length).toBeGreaterThan(10);
      expect(all.filter((e) => e.atypicalHoursPerWeek > 0).length).toBeGreaterThan(10);
      expect(all.filter((e) => e.verifiedScore < e.score).length).toBeGreaterThan(10);
      for (const [query, field] of [
        ['status=LAPSED', 'status'],
        ['fitsNow=yes', 'fitsNow'],
        ['toVerify=1', 'toVerify'],
        ['cursor=not-a-cursor', 'cursor'],
        ['cursor=%2B%2B', 'cursor'],
        // Forged cursors of our shape, with a day that does not exist.
        ...['1.2027-13-45.1', '0.2027-02-30.1', '0.0000-00-00.0'].map((c) => [
          `cursor=${Buffer.from(c).toString('base64url')}`,
          'cursor',
        ]),
        ['asOf=2027-02-30', 'asOf'],
      ]) {
        const res = await a.http().get(`/creches/${crecheId}/waitlist?${query}`).set(manager.auth).expect(400);
        expect({ query, field: res.body.details[0].field }).toEqual({ query, field });
      }
    });

    it('refuses a cursor once the ranking moved (409 WAITLIST.CHANGED), and one given for another day (400)', async () => {
      const first = await page(a, crecheId, '?limit=10&asOf=2027-01-04');
      const second = await page(a, crecheId, `?limit=10&cursor=${first.nextCursor}`);
      expect(second.asOf).toBe('2027-01-04');
      expect(second.items[0].rank).toBe(11);
      const other = await a
        .http()
        .get(`/creches/${crecheId}/waitlist?asOf=2027-01-05&cursor=${first.nextCursor}`)
        .set(manager.auth)
        .expect(400);
      expect(other.body.details[0].field).toBe('cursor');
      await a.dataSource.query(`UPDATE families SET single_parent = true WHERE id = $1`, [first.items[3].familyId]);
      const stale = await b
        .http()
        .get(`/creches/${crecheId}/waitlist?cursor=${first.nextCursor}`)
        .set(manager.auth)
        .expect(409);
      expect(stale.body.code).toBe('WAITLIST.CHANGED');
    });

    it('ranks once per change for every instance (the others read the stored ranking)', async () => {
      await a.dataSource.query(
        `UPDATE families SET single_parent = NOT single_parent WHERE id IN (
        SELECT a.family_id FROM applications a JOIN application_preferences p ON p.application_id = a.id
         WHERE p.creche_id = $1 LIMIT 1)`,
        [crecheId],
      );
      const spies = [a, b].map((t) => jest.spyOn(t.app.get(WaitlistService), 'rank'));
      try {
        const pages = await Promise.all(
          Array.from({ length: 12 }, (_, i) => page(i % 2 ? b : a, crecheId, '?asOf=2027-01-04')),
        );
        expect(new Set(pages.map((p) => p.version)).size).toBe(1);
        expect(new Set(pages.map((p) => JSON.stringify(p.items))).size).toBe(1);
        expect(spies.reduce((n, s) => n + s.mock.calls.length, 0)).toBe(1);
        await Promise.all([a, b].map((t) => t.app.get(WaitlistService).storesSettled()));
        const stored = await a.dataSource.query(
          `SELECT version FROM waitlist_rankings WHERE creche_id = $1 AND as_of = '2027-01-04'`,
          [crecheId],
        );
        expect(stored.map((r: { version: string }) => Number(r.version))).toEqual([pages[0].version]);
      } finally {
        spies.forEach((s) => s.mockRestore());
      }
    });
  });

  describe('changes seen by the next page on every instance', () => {
    let crecheId: string;
    let first: TestParent;

    const apply = async (p: TestParent, schedule = fullWeek('13:00', '17:00')) =>
      (
        await a
          .http()
          .post('/applications')
          .set(p.auth)
          .send({ childId: p.childId, desiredStartDate: '2027-09-01', schedule, preferences: [crecheId] })
          .expect(201)
      ).body as { id: string };

    /** Instance b's page, read right after a's change committed; a's must be the same. */
    const onBoth = async (): Promise<Page> => {
      const onB = await page(b, crecheId);
      const onA = await page(a, crecheId);
      expect(onA.items).toEqual(onB.items);
      expect(onA.version).toBe(onB.version);
      return onB;
    };

    beforeAll(async () => {
      crecheId = (
        await createCreche(a, admin, territoryId, {
          kind: 'COLLECTIVE',
          places: 2,
          capacityBands: [],
          openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '07:30', closes: '18:30' })),
        })
      ).id;
      await assignManagers(a, admin, crecheId, manager);
      first = await createParentWithChild(a, { socialMinimaOrInsertion: true });
      await apply(first);
    });

    it('an application created, then withdrawn', async () => {
      const before = await onBoth();
      expect(before.items.map((e) => e.familyId)).toEqual([first.familyId]);
      const second = await createParentWithChild(a);
      const app = await apply(second);
      const after = await onBoth();
      expect(after.version).toBeGreaterThan(before.version);
      expect(after.items.map((e) => e.applicationId)).toContain(app.id);
      expect(after.total).toBe(2);
      await a.http().post(`/applications/${app.id}/withdraw`).set(second.auth).expect(200);
      const withdrawn = await onBoth();
      expect(withdrawn.items.map((e) => e.familyId)).toEqual([first.familyId]);
    });

    it('a claim verified by a manager', async () => {
      const before = (await onBoth()).items[0];
      expect(before.verifiedScore).toBeLessThan(before.score);
      expect(before.breakdown.find((l) => l.criterion === 'SOCIAL_MINIMA_OR_INSERTION')?.verified).toBe(false);
      await a
        .http()
        .post(`/families/${first.familyId}/claims`)
        .set(manager.auth)
        .send({ claim: 'SOCIAL_MINIMA_OR_INSERTION', value: true })
        .expect(204);
      const after = (await onBoth()).items[0];
      expect(after.breakdown.find((l) => l.criterion === 'SOCIAL_MINIMA_OR_INSERTION')?.verified).toBe(true);
      expect(after.verifiedScore).toBeGreaterThan(before.verifiedScore);
    });

    it("a new version of the territory's priority policy", async () => {
      const before = (await onBoth()).items[0];
      await a
        .http()
        .put(`/territories/${territoryId}/priority-policy`)
        .set(admin.auth)
        .send({
          effectiveFrom: '2027-01-01',
          criteria: [{ code: 'SOCIAL_MINIMA_OR_INSERTION', points: 1000 }],
          waitingMonthPoints: 0,
          waitingMonthCap: 0,
          refusalPenalty: 0,
        })
        .expect(200);
      const after = (await onBoth()).items[0];
      expect(after.score).toBe(1000);
      expect(after.score).not.toBe(before.score);
    });

    it("the crèche's planning: a contract, then fewer places", async () => {
      expect((await onBoth()).items[0].fitsNow).toBe(true);
      const placed = await createChild(a);
      await a
        .http()
        .post(`/creches/${crecheId}/contracts`)
        .set(manager.auth)
        .send({
          childId: placed.id,
          startDate: '2027-01-04',
          endDate: '2028-12-29',
          schedule: fullWeek('08:00', '18:00'),
        })
        .expect(201);
      // One place left: the application still fits.
      expect((await onBoth()).items[0].fitsNow).toBe(true);
      await a.http().patch(`/creches/${crecheId}`).set(admin.auth).send({ places: 1 }).expect(200);
      const after = (await onBoth()).items[0];
      expect(after.fitsNow).toBe(false);
    });
  });

  it('is for the crèche’s managers and admins only', async () => {
    const crecheId = (await createCreche(a, admin, territoryId)).id;
    await assignManagers(a, admin, crecheId, manager);
    const stranger = await createUser(a, 'MANAGER');
    const parent = await createParentWithChild(a);
    expect((await page(b, crecheId)).items).toEqual([]);
    expect((await page(b, crecheId, '', admin)).total).toBe(0);
    const hidden = await b.http().get(`/creches/${crecheId}/waitlist`).set(stranger.auth).expect(404);
    expect(hidden.body.code).toBe('CRECHE.NOT_FOUND');
    await b.http().get(`/creches/${crecheId}/waitlist`).set(parent.auth).expect(403);
    await b.http().get(`/creches/${crecheId}/waitlist`).expect(401);
    await b.http().get(`/creches/00000000-0000-4000-8000-000000000000/waitlist`).set(admin.auth).expect(404);
  });
});
