import { performance } from 'node:perf_hooks';
import { startBenchApp } from './support/bench-app';
import { fmt, median } from './support/bench-env';

/**
 * The territory dashboard (issue #17) for a territory of 2 000 waiting children: 5 communes, 20 crèches, 2 000 active
 * applications with mixed atypical schedules, 1 200 first offers in the last 12 months. Target: under 2 s over HTTP.
 */
async function main(): Promise<boolean> {
  const b = await startBenchApp({ runWorkers: false });
  const { ds } = b;
  try {
    const communes = ['88372', '88035', '88239', '88392', '88420'].map((inseeCode, i) => ({
      inseeCode,
      name: `C${i}`,
    }));
    const [territory] = await ds.query(
      `INSERT INTO territories (name, communes, atypical_hours) VALUES ('CC Bench', $1, '{"before":"07:30","after":"19:00","saturdays":true,"sundays":true,"publicHolidays":true}') RETURNING id`,
      [JSON.stringify(communes)],
    );
    const opening = JSON.stringify([1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '05:00', closes: '21:00' })));
    const bands = JSON.stringify(
      [1, 2, 3, 4, 5].flatMap((weekday) => [
        { weekday, from: '05:00', to: '07:00', places: 6 },
        { weekday, from: '19:00', to: '21:00', places: 6 },
      ]),
    );
    await ds.query(
      `INSERT INTO creches (territory_id, name, commune_insee_code, kind, places, opening_hours, capacity_bands, opens_on_public_holidays)
       SELECT $1, 'Crèche ' || g, ($4::text[])[1 + g % 5], 'MICRO_CRECHE', 12, $2, $3, g % 4 = 0 FROM generate_series(1, 20) g`,
      [territory.id, opening, bands, communes.map((c) => c.inseeCode)],
    );
    const schedules = JSON.stringify([
      [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '05:30', to: '13:30' })),
      [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '12:30', to: '20:30' })),
      [
        { weekday: 6, from: '06:00', to: '14:00' },
        { weekday: 3, from: '08:00', to: '17:00' },
      ],
      [1, 2, 4].map((weekday) => ({ weekday, from: '08:00', to: '18:00' })),
    ]);
    await ds.query(
      `WITH f AS (
         INSERT INTO families (commune_insee_code, monthly_resources, dependent_children)
         SELECT CASE WHEN g % 17 = 0 THEN '75056' ELSE ($1::text[])[1 + g % 5] END, 2000, 1 FROM generate_series(1, 2000) g RETURNING id),
       c AS (
         INSERT INTO children (family_id, first_name, birth_date)
         SELECT id, 'Enfant', DATE '2026-01-01' + (row_number() OVER ())::int % 300 FROM f RETURNING id, family_id),
       a AS (
         INSERT INTO applications (family_id, child_id, desired_start_date, schedule, submitted_at, last_confirmed_at)
         SELECT family_id, id, '2027-09-01', ($2::jsonb)->((row_number() OVER ())::int % 4), now() - interval '200 days', now() FROM c
         RETURNING id, schedule)
       INSERT INTO application_preferences (application_id, rank, creche_id, schedule)
       SELECT a.id, 1, (SELECT id FROM creches WHERE territory_id = $3 ORDER BY id OFFSET (abs(hashtext(a.id::text)) % 20) LIMIT 1), a.schedule FROM a`,
      [communes.map((c) => c.inseeCode), schedules, territory.id],
    );
    const [round] = await ds.query(
      `INSERT INTO allocation_rounds (territory_id, creche_ids, start_date, status, snapshot, snapshot_hash, capacity_fingerprint,
                                      result, policy_versions, engine_version, created_by)
       VALUES ($1, '{}', '2027-09-01', 'CONFIRMED', '{}', 'h', 'f', '{}', '{}', 'bench', $2) RETURNING id`,
      [territory.id, b.admin.id],
    );
    await ds.query(
      `INSERT INTO offers (round_id, application_id, family_id, child_id, creche_id, start_date, end_date, schedule, score, status, deadline, answered_at, created_at)
       SELECT $1, a.id, a.family_id, a.child_id, p.creche_id, '2027-09-01', '2028-08-31', a.schedule, 300, 'DECLINED',
              now(), now(), now() - (random() * 300 || ' days')::interval
         FROM applications a JOIN application_preferences p ON p.application_id = a.id
        WHERE p.creche_id IN (SELECT id FROM creches WHERE territory_id = $2) ORDER BY a.id LIMIT 1200`,
      [round.id, territory.id],
    );
    const path = `/territories/${territory.id}/dashboard`;
    await b.call('GET', path, b.admin.token); // warm-up
    const times: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const t0 = performance.now();
      await b.call('GET', path, b.admin.token);
      times.push(performance.now() - t0);
    }
    const csv = performance.now();
    const res = await fetch(`${b.base}${path}.csv`, { headers: { authorization: `Bearer ${b.admin.token}` } });
    await res.arrayBuffer();
    const csvMs = performance.now() - csv;
    const ok = median(times) < 2000 && csvMs < 2000;
    console.log(
      `territory dashboard, 2 000 applications × 20 crèches × 5 communes, 1 200 offers: median ${fmt(median(times), 0)} ms, CSV ${fmt(csvMs, 0)} ms   (target < 2 s)${ok ? '' : '   TOO SLOW'}`,
    );
    return ok;
  } finally {
    await b.close();
  }
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
