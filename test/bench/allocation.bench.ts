import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { allocate } from '../../src/modules/allocation/domain/allocate';
import { allocateReference } from '../support/allocate-reference';
import type {
  AllocationSnapshot,
  SnapshotApplicant,
  SnapshotCreche,
} from '../../src/modules/allocation/domain/snapshot';
import { dayOf, Weekday } from '../../src/common/time/calendar';
import { PresenceIndex } from '../../src/modules/creches/domain/capacity';
import { compileRules } from '../../src/modules/creches/domain/creche-rules';
import { computeOccupancy } from '../../src/modules/creches/domain/occupancy';
import { DEFAULT_ATYPICAL_HOURS } from '../../src/modules/territories/domain/atypical-hours';
import { fmt, median } from './support/bench-env';

const START = dayOf('2027-09-06');
const h = (x: number) => Math.round(x * 60);

/** A deterministic pseudo-random generator, so every run allocates the same instance. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const PATTERNS: [number, number, number][][] = [
  [1, 2, 3, 4, 5].map((d) => [d, 5.5, 13.5]), // early shift
  [1, 2, 3, 4, 5].map((d) => [d, 12.5, 20.5]), // late shift
  [1, 2, 3, 4, 5].map((d) => [d, 8, 17]), // office hours
  [
    [1, 8, 18],
    [2, 8, 18],
    [4, 8, 18],
  ],
  [
    [6, 6, 14],
    [3, 8, 17],
    [5, 7, 15],
  ], // Saturday worker
  [
    [1, 5, 13],
    [3, 5, 13],
    [5, 13, 21],
    [6, 8, 12],
  ], // rotating shifts
];

export function instance(applicants: number, creches: number, seed = 7): AllocationSnapshot {
  const r = rng(seed);
  const cs: SnapshotCreche[] = Array.from({ length: creches }, (_, i) => {
    const micro = i % 3 === 0;
    const places = micro ? 12 : 20 + Math.floor(r() * 40);
    const days = micro ? [1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5];
    const existing = Array.from({ length: Math.floor(places * 0.4) }, (_, k) => ({
      kind: 'REGULAR' as const,
      id: `x${i}-${k}`,
      start: START - 100,
      end: START + 200 + Math.floor(r() * 200),
      slots: PATTERNS[2].map(([d, a, b]) => ({ weekday: d as Weekday, from: h(a), to: h(b) })),
    }));
    return {
      id: `c${String(i).padStart(3, '0')}`,
      places,
      surnombre: micro,
      openingHours: days.map((weekday) => ({
        weekday: weekday as Weekday,
        from: h(micro ? 5 : 7),
        to: h(micro ? 21 : 19),
      })),
      capacityBands: micro
        ? [1, 2, 3, 4, 5].flatMap((weekday) => [
            { weekday: weekday as Weekday, from: h(5), to: h(7), places: 6 },
            { weekday: weekday as Weekday, from: h(19), to: h(21), places: 6 },
          ])
        : [],
      closures: [{ from: dayOf('2027-12-24'), to: dayOf('2028-01-01') }],
      publicHolidays: [
        '2027-11-01',
        '2027-11-11',
        '2027-12-25',
        '2028-01-01',
        '2028-04-17',
        '2028-05-01',
        '2028-05-08',
        '2028-05-25',
        '2028-06-05',
        '2028-07-14',
        '2028-08-15',
      ].map(dayOf),
      opensOnPublicHolidays: false,
      reservedInsertionPlaces: 1,
      minAgeMonths: null,
      maxAgeMonths: 48,
      existing,
    };
  });
  const as: SnapshotApplicant[] = Array.from({ length: applicants }, (_, i) => {
    const pattern = PATTERNS[Math.floor(r() * PATTERNS.length)];
    const nPrefs = 1 + Math.floor(r() * 5);
    const prefs = new Set<number>();
    const home = Math.floor(r() * creches);
    while (prefs.size < Math.min(nPrefs, creches)) prefs.add((home + Math.floor(r() * 5)) % creches);
    const start = START + Math.floor(r() * 60);
    return {
      applicationId: `a${String(i).padStart(6, '0')}`,
      familyId: `f${i}`,
      submittedAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(r() * 600) * 86_400_000).toISOString(),
      socialMinimaOrInsertion: r() < 0.1,
      birth: start - 120 - Math.floor(r() * 500),
      disability: r() < 0.03,
      start,
      end: start + 364,
      slots: pattern.map(([d, a, b]) => ({ weekday: d as Weekday, from: h(a), to: h(b) })),
      preferences: [...prefs].map((c) => ({ crecheId: cs[c].id, score: 300 + Math.floor(r() * 200) })),
    };
  });
  return { engineVersion: 'bench', creches: cs, applicants: as };
}

/** Planned child-hours ÷ capacity hours over the year after the round's start, all crèches together. */
function fillRate(s: AllocationSnapshot, placed: ReturnType<typeof allocate>): number {
  let child = 0;
  let capacity = 0;
  for (const c of s.creches) {
    const rules = compileRules({ ...c, publicHolidays: new Set(c.publicHolidays) });
    const held = placed.placements
      .filter((p) => p.crecheId === c.id)
      .map((p) => s.applicants.find((a) => a.applicationId === p.applicationId)!);
    const index = new PresenceIndex([
      ...c.existing,
      ...held.map((a) => ({
        kind: 'REGULAR' as const,
        id: a.applicationId,
        start: a.start,
        end: a.end,
        slots: a.slots,
      })),
    ]);
    const occ = computeOccupancy({ rules, index, from: START, to: START + 364, atypical: DEFAULT_ATYPICAL_HOURS });
    child += occ.totals.childHours;
    capacity += occ.totals.capacityHours;
  }
  return (100 * child) / capacity;
}

function main(): void {
  const small = instance(2000, 20);
  const times: number[] = [];
  let result = allocate(small);
  for (let i = 0; i < 3; i += 1) {
    const t0 = performance.now();
    result = allocate(small);
    times.push(performance.now() - t0);
  }
  console.log(
    `allocation engine, 2 000 applications × 20 crèches (one-year horizon, mixed atypical schedules): median ${fmt(median(times) / 1000, 2)} s   (target < 2 s)`,
  );
  console.log(
    `  placed ${result.placements.length}, proposals ${result.proposals}, fill rate ${fmt(fillRate(small, result), 1)} % of capacity hours (existing contracts + placements)`,
  );

  // Each large instance in a child process of its own, so that its peak RSS (the process's maxRSS) is its own. The
  // reference is the engine as it was before issue #18 (allocate.reference.ts), on the same instance in the same run;
  // ALLOCATION_BENCH_REFERENCE_30K=1 also runs it at 30 000 × 500 (some 40-60 s more).
  const runs: [Engine, number, number, number, string][] = [
    ['reference', 10_000, 100, 11, ''],
    ['current', 10_000, 100, 11, ''],
    ...(process.env.ALLOCATION_BENCH_REFERENCE_30K === '1'
      ? [['reference', 30_000, 500, 13, ''] as [Engine, number, number, number, string]]
      : []),
    ['current', 30_000, 500, 13, '   (target < 30 s, peak RSS < 1 GiB)'],
  ];
  const digests = new Map<string, string>();
  for (const [engine, applications, creches, seed, target] of runs) {
    const m = measureInChild(engine, applications, creches, seed);
    const key = `${applications}x${creches}`;
    const same = digests.has(key)
      ? digests.get(key) === m.digest
        ? ', same result as the reference'
        : ', RESULT DIFFERS FROM THE REFERENCE'
      : '';
    digests.set(key, m.digest);
    console.log(
      `allocation engine (${engine}), ${applications.toLocaleString('fr-FR')} applications × ${creches} crèches (one-year horizon): ${fmt(m.seconds, 2)} s (CPU ${fmt(m.cpuSeconds, 2)} s), peak RSS ${m.peakMiB} MiB (${m.startMiB} MiB with the snapshot built), placed ${m.placed}, proposals ${m.proposals}${same}${target}`,
    );
    if (same.includes('DIFFERS')) process.exitCode = 1;
  }
}

type Engine = 'current' | 'reference';

interface Measure {
  seconds: number;
  /** CPU time of the process during the run (user + system): less sensitive than `seconds` to a shared host. */
  cpuSeconds: number;
  peakMiB: number;
  startMiB: number;
  placed: number;
  proposals: number;
  /** SHA-256 of the whole result as JSON. */
  digest: string;
}

/** Runs `allocate` once on a generated instance in a fresh Node process (same loader) and reads its figures. */
function measureInChild(engine: Engine, applications: number, creches: number, seed: number): Measure {
  const r = spawnSync(
    process.execPath,
    [...process.execArgv, __filename, 'child', engine, `${applications}`, `${creches}`, `${seed}`],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (r.status !== 0) throw new Error(`allocation child failed (${r.status ?? r.signal})`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Measure;
}

function child(engine: Engine, applications: number, creches: number, seed: number): void {
  const snapshot = instance(applications, creches, seed);
  const startMiB = Math.round(process.memoryUsage().rss / 1_048_576);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = (engine === 'current' ? allocate : allocateReference)(snapshot);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  // maxRSS is in KiB: the whole process's peak, the snapshot included.
  const peakMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  const m: Measure = {
    seconds,
    cpuSeconds,
    peakMiB,
    startMiB,
    placed: result.placements.length,
    proposals: result.proposals,
    digest: createHash('sha256').update(JSON.stringify(result)).digest('hex'),
  };
  console.log(JSON.stringify(m));
}

if (require.main === module) {
  const [, , mode, engine, ...sizes] = process.argv;
  if (mode === 'child') child(engine as Engine, Number(sizes[0]), Number(sizes[1]), Number(sizes[2]));
  else main();
}
