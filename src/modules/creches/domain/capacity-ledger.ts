import { Day, hhmmOf, isoOf, Minute, mondayOf, Weekday, weekdayOf } from '../../../common/time/calendar';
import { capacityMinutes, Conflict, normalizeSlots, PresenceIndex, presenceDays, round2 } from './capacity';
import { CompiledRules, isClosedDay, placesAt, surnombreLimit, TimeSlot } from './creche-rules';
import type { Interval, Presence } from './presence';

const CLOSED = -1;

/** One day's planned load: segments [points[i], points[i+1]) with the children present and the places (or CLOSED). */
interface DayLoad {
  points: Minute[];
  present: number[];
  places: number[];
}

export type LedgerAnswer = { readonly ok: true } | { readonly ok: false; readonly conflict: Conflict };

/**
 * The planned load of a crèche over a period, kept day by day so that many candidates can be checked (and held, and
 * released) quickly: the waitlist checks thousands of schedules, the allocation engine holds and releases children.
 * Same rules and answers as `checkAdmission` (first conflict only), built once from the planned presences.
 */
export class CapacityLedger {
  /** Day loads indexed by `day - first` (an array: this is read hundreds of times per check). */
  private readonly loads: (DayLoad | undefined)[] = [];
  private readonly first: Day;
  /** Planned child-minutes and capacity place-minutes per ISO week, indexed by `(monday - first) / 7`. */
  private readonly weekPlanned: number[] = [];
  private readonly weekCapacity: number[] = [];

  constructor(
    private readonly rules: CompiledRules,
    index: PresenceIndex,
    readonly from: Day,
    readonly to: Day,
  ) {
    this.first = mondayOf(from);
    for (let day = mondayOf(from); day <= mondayOf(to) + 6; day += 1) {
      const weekday = weekdayOf(day);
      const monday = mondayOf(day);
      if (isClosedDay(rules, day, weekday)) {
        this.weekPlanned[this.week(monday)] ??= 0;
        continue;
      }
      const intervals = index.intervalsOn(rules, day, weekday);
      const points = new Set<Minute>([0, 1440]);
      for (const r of rules.opening[weekday]) points.add(r.from).add(r.to);
      for (const b of rules.bands[weekday]) points.add(b.from).add(b.to);
      for (const i of intervals) points.add(i.from).add(i.to);
      const sorted = [...points].sort((a, b) => a - b);
      const load: DayLoad = { points: sorted, present: [], places: [] };
      for (let k = 0; k + 1 < sorted.length; k += 1) {
        const at = sorted[k];
        let present = 0;
        for (const i of intervals) if (i.from <= at && at < i.to) present += 1;
        const open = rules.opening[weekday].some((r) => r.from <= at && at < r.to);
        load.present.push(present);
        load.places.push(open ? placesAt(rules, weekday, at) : CLOSED);
      }
      this.loads[day - this.first] = load;
      const w = this.week(monday);
      this.weekPlanned[w] = (this.weekPlanned[w] ?? 0) + intervals.reduce((sum, i) => sum + i.to - i.from, 0);
      this.weekCapacity[w] = (this.weekCapacity[w] ?? 0) + capacityMinutes(rules, weekday);
    }
  }

  private week(monday: Day): number {
    return (monday - this.first) / 7;
  }

  /** Would `candidate` fit now? The first conflict if not. */
  fits(candidate: Presence): LedgerAnswer {
    const margin = this.rules.rules.surnombre || candidate.kind === 'EMERGENCY';
    const added = new Map<Day, number>();
    let found: Conflict | null = null;
    this.eachDay(candidate, (day, ranges, closed) => {
      const load = day >= this.first ? this.loads[day - this.first] : undefined;
      for (const r of ranges) {
        found =
          closed || !load ? conflict(day, r.from, r.to, 0, 0, 'CLOSED') : overload(load, day, r.from, r.to, margin);
        if (found) return false;
        // Only the weekly rule of surnombre needs the minutes added per week.
        if (margin) {
          const monday = day - ((((day + 3) % 7) + 7) % 7);
          added.set(monday, (added.get(monday) ?? 0) + r.to - r.from);
        }
      }
      return true;
    });
    if (found) return { ok: false, conflict: found };
    if (margin) {
      for (const [monday, minutes] of added) {
        const planned = (this.weekPlanned[this.week(monday)] ?? 0) + minutes;
        const capacity = this.weekCapacity[this.week(monday)] ?? 0;
        if (planned > capacity) {
          return {
            ok: false,
            conflict: {
              date: isoOf(monday),
              from: '00:00',
              to: '24:00',
              present: round2(planned / 60),
              limit: round2(capacity / 60),
              rule: 'WEEKLY_100',
            },
          };
        }
      }
    }
    return { ok: true };
  }

  /** Holds a presence (it must fit); `release` gives the room back. */
  add(candidate: Presence): void {
    this.apply(candidate, +1);
  }

  release(candidate: Presence): void {
    this.apply(candidate, -1);
  }

  /**
   * Calls `visit` for each day of a presence with its ranges that day, until it returns false. Regular contracts are
   * walked with the weekday advanced in step (the hot path of the waitlist and the allocation engine); closure days
   * and public holidays carry no presence.
   */
  private eachDay(p: Presence, visit: (day: Day, ranges: readonly Interval[], closed: boolean) => boolean): void {
    if (p.kind !== 'REGULAR') {
      for (const d of presenceDays(this.rules, p)) if (!visit(d.day, d.ranges, d.closed)) return;
      return;
    }
    const byWeekday = slotsByWeekday(p);
    const c = this.rules;
    const skipHolidays = !c.rules.opensOnPublicHolidays;
    let weekday = weekdayOf(p.start);
    for (let day = p.start; day <= p.end; day += 1, weekday = weekday === 7 ? 1 : ((weekday + 1) as Weekday)) {
      const ranges = byWeekday[weekday];
      if (ranges.length === 0 || c.closedDays.has(day) || (skipHolidays && c.rules.publicHolidays.has(day))) continue;
      if (!visit(day, ranges, c.opening[weekday].length === 0)) return;
    }
  }

  private apply(candidate: Presence, delta: 1 | -1): void {
    this.eachDay(candidate, (day, ranges) => {
      const load = day >= this.first ? this.loads[day - this.first] : undefined;
      if (!load) return true;
      for (const r of ranges) {
        split(load, r.from);
        split(load, r.to);
        for (let k = firstSegment(load.points, r.from); k + 1 < load.points.length && load.points[k] < r.to; k += 1)
          load.present[k] += delta;
        const monday = mondayOf(day);
        const w = this.week(monday);
        this.weekPlanned[w] = (this.weekPlanned[w] ?? 0) + delta * (r.to - r.from);
      }
      return true;
    });
  }
}

/** A regular presence's normalised slots grouped by weekday, computed once per presence object. */
const GROUPED = new WeakMap<Presence, TimeSlot[][]>();
function slotsByWeekday(p: Presence & { kind: 'REGULAR' }): TimeSlot[][] {
  let grouped = GROUPED.get(p);
  if (!grouped) {
    grouped = [[], [], [], [], [], [], [], []];
    for (const s of normalizeSlots(p.slots)) grouped[s.weekday].push(s);
    GROUPED.set(p, grouped);
  }
  return grouped;
}

/** Index of the segment containing minute `m` (the last point ≤ m). */
function firstSegment(points: readonly Minute[], m: Minute): number {
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (points[mid] <= m) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The first segment of [from, to) where one more child would exceed the limit (or the crèche is closed). */
function overload(load: DayLoad, day: Day, from: Minute, to: Minute, margin: boolean): Conflict | null {
  const { points, present, places } = load;
  for (let k = firstSegment(points, from); k + 1 < points.length; k += 1) {
    const a = points[k];
    const b = points[k + 1];
    if (b <= from) continue;
    if (a >= to) break;
    if (places[k] === CLOSED) return conflict(day, Math.max(a, from), Math.min(b, to), 0, 0, 'CLOSED');
    const limit = margin ? surnombreLimit(places[k]) : places[k];
    if (present[k] + 1 > limit)
      return conflict(
        day,
        Math.max(a, from),
        Math.min(b, to),
        present[k] + 1,
        limit,
        margin ? 'SURNOMBRE_115' : 'PLACES',
      );
  }
  return null;
}

/** Inserts a boundary at `m`, the new segment inheriting the load of the one it cuts. */
function split(load: DayLoad, m: Minute): void {
  let lo = 0;
  let hi = load.points.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (load.points[mid] === m) return;
    if (load.points[mid] < m) lo = mid + 1;
    else hi = mid - 1;
  }
  // points[lo - 1] < m < points[lo]: segment lo - 1 is cut in two.
  load.points.splice(lo, 0, m);
  load.present.splice(lo, 0, load.present[lo - 1]);
  load.places.splice(lo, 0, load.places[lo - 1]);
}

function conflict(
  day: Day,
  from: Minute,
  to: Minute,
  present: number,
  limit: number,
  rule: Conflict['rule'],
): Conflict {
  return { date: isoOf(day), from: hhmmOf(from), to: hhmmOf(to), present, limit, rule };
}
