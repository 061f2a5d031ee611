import { addMonths, Day, dayOf, minuteOf, Weekday } from '../common/time/calendar';
import type { TimeSlot } from '../modules/creches/domain/creche-rules';
import { releaseDay, schedulesCompete } from '../modules/waitlist/domain/wait-estimate';
import { SCHEDULES } from './demo-seed';

/**
 * Six years of the demo territory's life (its two crèches, 12 and 30 places, and its six schedules), simulated with a
 * seeded generator so that the wait estimate can be back-tested against "what happened": the demo database itself
 * holds no past (every contract starts at go-live). Not used by the API.
 *
 * The model, per crèche: applications arrive at a steady monthly rate with one of the demo's schedules, a child born
 * up to 4 months after or 8 months before; 3 % withdraw each month. A child in care leaves at school entry (its
 * contract ends the day before) or at the crèche's maximum age, or — unknown in advance — earlier, when the family
 * moves (15 %). A place known to free in September is offered three months ahead, one freed unexpectedly the same day,
 * to the best-placed waiting application whose schedule competes with the leaving child's (any, when none competes);
 * 80 % accept, a refusal costs 20 points.
 */
export interface SimApplication {
  readonly id: number;
  readonly crecheIndex: number;
  readonly arrived: Day;
  readonly schedule: readonly TimeSlot[];
  /** The child's birth (or expected birth) day. */
  readonly birth: Day;
  readonly basePoints: number;
  refusals: number;
  withdrawn: Day | null;
  firstOffer: Day | null;
  admitted: Day | null;
}

export interface SimContract {
  readonly crecheIndex: number;
  /** The day it was signed (the offer's day; the start at go-live): from then on the crèche's contracts list it. */
  readonly signed: Day;
  readonly start: Day;
  /** The contract's end as written (the day before school entry, or the maximum age). */
  readonly plannedEnd: Day;
  /** When the child actually left (an early move, or the planned release). */
  readonly left: Day;
  readonly birth: Day;
  readonly schedule: readonly TimeSlot[];
}

export interface DemoHistory {
  readonly from: Day;
  readonly to: Day;
  readonly creches: readonly { readonly places: number; readonly maxAgeMonths: number }[];
  readonly applications: readonly SimApplication[];
  readonly contracts: readonly SimContract[];
}

/** Mulberry32: a small seeded generator, so the history is the same on every run. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEMO_SCHEDULES: TimeSlot[][] = SCHEDULES.map((s) =>
  s.map((x) => ({ weekday: x.weekday as Weekday, from: minuteOf(x.from), to: minuteOf(x.to) })),
);

/** Points at a day: a fixed part, 2 per full month waited (at most 24 months), −20 per refusal (docs/rules.md §5). */
export function pointsAt(a: SimApplication, day: Day): number {
  return a.basePoints + 2 * Math.min(24, Math.floor((day - a.arrived) / 30.44)) - 20 * a.refusals;
}

export function simulateDemoHistory(seed = 17): DemoHistory {
  const rnd = generator(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const from = dayOf('2021-09-01');
  const to = dayOf('2027-09-01');
  const creches = [
    { places: 12, maxAgeMonths: 48, arrivalsPerMonth: 1.6 },
    { places: 30, maxAgeMonths: 48, arrivalsPerMonth: 3.5 },
  ];
  const applications: SimApplication[] = [];
  const declinedToday = new Set<number>();
  const contracts: SimContract[] = [];
  const admit = (crecheIndex: number, signed: Day, start: Day, birth: Day, schedule: readonly TimeSlot[]) => {
    const c = creches[crecheIndex];
    const plannedEnd = releaseDay({ endDate: Number.MAX_SAFE_INTEGER, birth, maxAgeMonths: c.maxAgeMonths }) - 1;
    const early = rnd() < 0.15 ? start + 60 + Math.floor(rnd() * Math.max(1, plannedEnd - start - 60)) : null;
    contracts.push({
      crecheIndex,
      signed,
      start,
      plannedEnd,
      left: early !== null && early < plannedEnd ? early : plannedEnd + 1,
      birth,
      schedule,
    });
  };
  // Go-live: the crèches are full, children of every age.
  creches.forEach((c, i) => {
    for (let p = 0; p < c.places; p += 1) {
      const start = from - Math.floor(rnd() * 400);
      admit(i, start, start, from - 120 - Math.floor(rnd() * 800), pick(DEMO_SCHEDULES));
    }
  });
  // Arrivals.
  let id = 0;
  creches.forEach((c, i) => {
    for (let m = 0; addMonths(from, m) < to; m += 1) {
      const n = Math.floor(c.arrivalsPerMonth + rnd());
      for (let k = 0; k < n; k += 1) {
        const arrived = addMonths(from, m) + Math.floor(rnd() * 28);
        applications.push({
          id: (id += 1),
          crecheIndex: i,
          arrived,
          schedule: pick(DEMO_SCHEDULES),
          birth: arrived - 240 + Math.floor(rnd() * 360),
          basePoints: 300 + Math.floor(rnd() * 120),
          refusals: 0,
          withdrawn: rnd() < 0.03 * 24 ? arrived + 30 + Math.floor(rnd() * 700) : null,
          firstOffer: null,
          admitted: null,
        });
      }
    }
  });
  // Day by day: places freed by leaving children are offered.
  for (let day = from; day < to; day += 1) {
    for (const ci of creches.keys()) {
      const leaving = contracts.filter((k) => k.crecheIndex === ci && k.left === day + (isPlanned(k) ? 90 : 0));
      for (const k of leaving) offerPlace(ci, k.schedule, day, k.left);
    }
  }

  function isPlanned(k: SimContract): boolean {
    return k.left === k.plannedEnd + 1;
  }

  function offerPlace(ci: number, schedule: readonly TimeSlot[], day: Day, start: Day): void {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const waiting = applications.filter(
        (a) =>
          a.crecheIndex === ci &&
          a.arrived <= day &&
          a.admitted === null &&
          a.birth + 75 <= start &&
          start < releaseDay({ endDate: Number.MAX_SAFE_INTEGER, birth: a.birth, maxAgeMonths: 48 }) &&
          (a.withdrawn === null || a.withdrawn > day) &&
          !declinedToday.has(a.id),
      );
      if (!waiting.length) return;
      const competing = waiting.filter((a) => schedulesCompete(a.schedule, schedule));
      const pool = competing.length ? competing : waiting;
      const best = pool.reduce((x, y) => (pointsAt(y, day) > pointsAt(x, day) ? y : x));
      best.firstOffer ??= day;
      if (rnd() < 0.8) {
        best.admitted = start;
        admit(ci, day, start, best.birth, best.schedule);
        declinedToday.clear();
        return;
      }
      best.refusals += 1;
      declinedToday.add(best.id);
    }
    declinedToday.clear();
  }

  return { from, to, creches, applications, contracts };
}
