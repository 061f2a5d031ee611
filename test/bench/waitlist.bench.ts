import { performance } from 'node:perf_hooks';
import { WaitlistService } from '../../src/modules/waitlist/waitlist.service';
import { SEED_POLICY } from '../../src/modules/waitlist/domain/seed-policy';
import { BENCH_PASSWORD, startBenchApp } from './support/bench-app';
import { load, ServerProcess, startServer } from './support/http-servers';
import { fmt, median, percentile } from './support/bench-env';

/**
 * Ranking a 5 000-application waitlist (scoring + capacity fit) in-process; then, against two API processes on the
 * same database, the first page after a change and GET /api/creches/:id/waitlist under load (issue #18).
 */
async function main(): Promise<void> {
  const b = await startBenchApp({ runWorkers: false });
  const { ds, app } = b;
  const servers: ServerProcess[] = [];
  try {
    const [territory] = await ds.query(
      `INSERT INTO territories (name, communes, atypical_hours) VALUES ('CC Bench', '[{"inseeCode":"88372","name":"Rambervillers"}]', '{"before":"07:30","after":"19:00","saturdays":true,"sundays":true,"publicHolidays":true}') RETURNING id`,
    );
    await ds.query(
      `INSERT INTO priority_policies (territory_id, version, effective_from, criteria, waiting_month_points, waiting_month_cap, refusal_penalty, tie_break)
       SELECT $1, 1, '2019-01-01', criteria, 2, 24, -20, '["SUBMITTED_AT","APPLICATION_ID"]' FROM (SELECT $2::jsonb AS criteria) x`,
      [territory.id, JSON.stringify(SEED_POLICY.criteria)],
    );
    const opening = JSON.stringify([1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '05:00', closes: '21:00' })));
    const bands = JSON.stringify(
      [1, 2, 3, 4, 5].flatMap((weekday) => [
        { weekday, from: '05:00', to: '07:00', places: 6 },
        { weekday, from: '19:00', to: '21:00', places: 6 },
      ]),
    );
    const [creche] = await ds.query(
      `INSERT INTO creches (territory_id, name, commune_insee_code, kind, places, surnombre, opening_hours, capacity_bands) VALUES ($1, 'Micro', '88372', 'MICRO_CRECHE', 12, true, $2, $3) RETURNING id`,
      [territory.id, opening, bands],
    );
    await ds.query(`INSERT INTO creche_managers (creche_id, user_id) VALUES ($1, $2)`, [creche.id, b.manager.id]);
    // 5 000 households, each with a child and an application listing this crèche; 12 running contracts; 300 bookings.
    await ds.query(`
      WITH f AS (
        INSERT INTO families (commune_insee_code, monthly_resources, dependent_children, single_parent, parents_activity, atypical_work_hours, social_minima_or_insertion)
        SELECT CASE WHEN g % 5 = 0 THEN '75056' ELSE '88372' END, 1000 + (g % 50) * 100, 1 + g % 3, g % 7 = 0,
               (ARRAY['BOTH_WORKING','ONE_WORKING_ONE_JOBSEEKING','ONE_WORKING_ONE_INACTIVE','NONE_WORKING'])[1 + g % 4], g % 3 = 0, g % 11 = 0
          FROM generate_series(1, 5012) g RETURNING id),
      c AS (
        INSERT INTO children (family_id, first_name, birth_date, disability)
        SELECT id, 'Enfant', DATE '2026-01-01' + (row_number() OVER ())::int % 300, (row_number() OVER ()) % 40 = 0 FROM f RETURNING id, family_id)
      SELECT 1`);
    const kids: { id: string; family_id: string }[] = await ds.query(`SELECT id, family_id FROM children ORDER BY id`);
    const schedules = [
      [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '05:30', to: '13:30' })),
      [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '12:30', to: '20:30' })),
      [
        { weekday: 6, from: '06:00', to: '14:00' },
        { weekday: 3, from: '08:00', to: '17:00' },
      ],
      [1, 2, 4].map((weekday) => ({ weekday, from: '08:00', to: '18:00' })),
    ];
    for (let i = 0; i < 12; i += 1) {
      await ds.query(
        `INSERT INTO contracts (creche_id, child_id, start_date, end_date, schedule, fee_inputs) VALUES ($1, $2, '2027-01-04', '2027-12-17', $3, $4)`,
        [
          creche.id,
          kids[i].id,
          JSON.stringify(schedules[i % 4]),
          JSON.stringify({ monthlyResources: '2400.00', dependentChildren: 1, aeehChildren: 0, asePlacement: false }),
        ],
      );
    }
    await ds.query(
      `INSERT INTO bookings (creche_id, child_id, date, from_minute, to_minute, kind)
       SELECT $1, $2, DATE '2027-01-04' + (g * 7) % 340, 540, 720, 'OCCASIONAL' FROM generate_series(1, 300) g`,
      [creche.id, kids[12].id],
    );
    const apps = kids.slice(12);
    for (let i = 0; i < apps.length; i += 1000) {
      const chunk = apps.slice(i, i + 1000);
      await ds.query(
        `WITH a AS (
           INSERT INTO applications (family_id, child_id, desired_start_date, schedule, submitted_at, last_confirmed_at)
           SELECT x.family_id, x.child_id, DATE '2027-01-04' + (x.n % 200), x.schedule, now() - (x.n % 700) * interval '1 day', now()
             FROM jsonb_to_recordset($1::jsonb) AS x(family_id uuid, child_id uuid, n int, schedule jsonb) RETURNING id, schedule)
         INSERT INTO application_preferences (application_id, creche_id, rank, schedule) SELECT id, $2, 1, schedule FROM a`,
        [
          JSON.stringify(
            chunk.map((k, j) => ({
              family_id: k.family_id,
              child_id: k.id,
              n: i + j,
              schedule: schedules[(i + j) % 4],
            })),
          ),
          creche.id,
        ],
      );
    }
    const waitlist = app.get(WaitlistService);
    const times: number[] = [];
    let size = 0;
    let fitting = 0;
    for (let r = 0; r < 7; r += 1) {
      const t0 = performance.now();
      const ranked = await ds.transaction('REPEATABLE READ', (em) => waitlist.rank(em, creche.id, '2027-01-04'));
      times.push(performance.now() - t0);
      size = ranked.length;
      fitting = ranked.filter((e) => e.fitsNow).length;
    }
    console.log(
      `waitlist ranking of ${size} applications (scoring + capacity fit, ${fitting} fit now): median ${fmt(median(times.slice(2)), 1)} ms server-side   (target < 300 ms)`,
    );
    // The HTTP figures: Berceau's API in its own processes (production mode, request logging on, as
    // public-http.bench.ts), two instances on the bench's database; the load generator stays in this process.
    const env = { DATABASE_URL: b.databaseUrl, QUEUE_PREFIX: b.queuePrefix };
    servers.push(await startServer('berceau-server', env), await startServer('berceau-server', env));
    const [one, two] = servers;
    const login = await fetch(`${one.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'manager@bench.test', password: BENCH_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const path = `/api/creches/${creche.id}/waitlist?asOf=2027-01-04`;
    const headers = { authorization: `Bearer ${accessToken}` };
    const firstPage = async (server: ServerProcess) => {
      const t0 = performance.now();
      const res = await fetch(`${server.url}${path}`, { headers });
      const body = (await res.json()) as { items: unknown[]; total: number; version: number };
      if (res.status !== 200 || body.items.length !== 50 || body.total !== size)
        throw new Error(`first page: ${res.status}`);
      return { ms: performance.now() - t0, version: body.version };
    };
    // The first page after a change of the crèche's inputs (here a household's declared facts), on one instance
    // (ranked and stored), then on the other (read from the store).
    const afterChange: number[] = [];
    const onOther: number[] = [];
    let version = (await firstPage(one)).version;
    await firstPage(two);
    // 5 changes to warm up the servers' ranking code (a long-running instance has run it many times), then 15.
    for (let r = 0; r < 20; r += 1) {
      await ds.query(`UPDATE families SET single_parent = NOT single_parent WHERE id = $1`, [apps[r * 97].family_id]);
      const first = await firstPage(r % 2 ? two : one);
      if (first.version === version) throw new Error('the change did not move the version');
      version = first.version;
      if (r >= 5) afterChange.push(first.ms);
      const other = await firstPage(r % 2 ? one : two);
      if (other.version !== version) throw new Error('the other instance serves another version');
      if (r >= 5) onOther.push(other.ms);
    }
    console.log(
      `first page after a change (5 000 applications): ranked and stored ${fmt(median(afterChange), 1)} ms (p90 ${fmt(percentile(afterChange, 90), 1)}, max ${fmt(Math.max(...afterChange), 1)}), on the other instance ${fmt(median(onOther), 1)} ms   (target < 300 ms)`,
    );
    const figures = await load(one, { path, headers }, { connections: 20, seconds: 10, warmSeconds: 2 });
    console.log(
      `GET /api/creches/:id/waitlist (first page of 50 of 5 000), 20 concurrent clients, 10 s, one instance: ${fmt(figures.perSecond, 1)} req/s, non-2xx ${figures.non2xx}, errors ${figures.errors}   (target >= 300 req/s)`,
    );
    console.log(
      `  latency median ${figures.p50} ms, p99 ${figures.p99} ms   (target p99 < 100 ms); server CPU ${fmt(figures.cpuMsPerRequest, 2)} ms a request, ${fmt(figures.bytesPerRequest / 1024, 1)} KB`,
    );
    // Walking the whole list, 200 a page, as a manager exporting it would.
    const walked = new Set<string>();
    let cursor: string | null = null;
    const tw = performance.now();
    do {
      const res = await fetch(`${one.url}${path}&limit=200${cursor ? `&cursor=${cursor}` : ''}`, { headers });
      const body = (await res.json()) as { items: { applicationId: string }[]; nextCursor: string | null };
      for (const e of body.items) walked.add(e.applicationId);
      cursor = body.nextCursor;
    } while (cursor);
    if (walked.size !== size) throw new Error(`walked ${walked.size} of ${size}`);
    console.log(`  whole list in pages of 200: ${walked.size} entries in ${fmt(performance.now() - tw, 1)} ms`);
  } finally {
    for (const server of servers) await server.stop();
    await b.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
