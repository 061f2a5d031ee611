import { Day, hhmmOf, isoOf, Minute, mondayOf, Weekday, weekdayOf } from '../../../common/time/calendar';
import { CompiledRules, isClosedDay, outsideOpening, placesAt, surnombreLimit, TimeSlot } from './creche-rules';
import type { Interval, Presence, RegularPresence } from './presence';

export type ConflictRule = 'PLACES' | 'SURNOMBRE_115' | 'WEEKLY_100' | 'CLOSED';

/**
 * Where a presence does not fit. For PLACES / SURNOMBRE_115, `present` counts children (the newcomer included) and
 * `limit` is the most allowed at that instant; for WEEKLY_100, `date` is the Monday of the ISO week and `present` /
 * `limit` are the week's planned child-hours and capacity hours (T = 100 × present / limit must stay ≤ 100); for
 * CLOSED, both are 0.
 */
export interface Conflict {
  readonly date: string;
  readonly from: string;
  readonly to: string;
  readonly present: number;
  readonly limit: number;
  readonly rule: ConflictRule;
}

export type CapacityAnswer =
  | { readonly ok: true }
  | { readonly ok: false; readonly conflicts: readonly Conflict[]; readonly conflictCount: number };

/** Planned presences of a crèche, indexed by weekday (contracts) and by day (bookings). */
export class PresenceIndex {
  private readonly regular: RegularPresence[][] = Array.from({ length: 8 }, () => []);
  private readonly bookings = new Map<Day, (Interval & { id: string })[]>();

  constructor(presences: readonly Presence[] = []) {
    for (const p of presences) this.add(p);
  }

  add(p: Presence): void {
    if (p.kind === 'REGULAR') {
      const normalised = { ...p, slots: normalizeSlots(p.slots) };
      for (const wd of new Set(p.slots.map((s) => s.weekday))) this.regular[wd].push(normalised);
    } else {
      const list = this.bookings.get(p.day) ?? [];
      list.push({ id: p.id, from: p.from, to: p.to });
      this.bookings.set(p.day, list);
    }
  }

  /** Removes a presence (a contract ended, a booking cancelled). */
  remove(p: Presence): void {
    if (p.kind === 'REGULAR') {
      for (let wd = 1; wd <= 7; wd += 1) this.regular[wd] = this.regular[wd].filter((r) => r.id !== p.id);
    } else {
      const list = (this.bookings.get(p.day) ?? []).filter((b) => b.id !== p.id);
      this.bookings.set(p.day, list);
    }
  }

  /** Time ranges of the children planned on `day` (contracts skip closed days). */
  intervalsOn(c: CompiledRules, day: Day, weekday: Weekday): Interval[] {
    const out: Interval[] = [];
    if (!isClosedDay(c, day, weekday)) {
      for (const p of this.regular[weekday]) {
        if (day < p.start || day > p.end) continue;
        for (const s of p.slots) if (s.weekday === weekday) out.push(s);
      }
    }
    const booked = this.bookings.get(day);
    if (booked) out.push(...booked);
    return out;
  }
}

/** The days of a presence and its time ranges on each. */
export function* presenceDays(
  c: CompiledRules,
  p: Presence,
): Generator<{ day: Day; weekday: Weekday; ranges: Interval[]; closed: boolean }> {
  if (p.kind !== 'REGULAR') {
    const weekday = weekdayOf(p.day);
    yield { day: p.day, weekday, ranges: [{ from: p.from, to: p.to }], closed: isClosedDay(c, p.day, weekday) };
    return;
  }
  const slots = normalizeSlots(p.slots);
  for (let day = p.start; day <= p.end; day += 1) {
    const weekday = weekdayOf(day);
    const ranges = slots.filter((s) => s.weekday === weekday);
    if (ranges.length === 0) continue;
    // A contract does not attend on closure days and public holidays: not a conflict, just no presence.
    if (c.closedDays.has(day) || (!c.rules.opensOnPublicHolidays && c.rules.publicHolidays.has(day))) continue;
    yield { day, weekday, ranges, closed: c.opening[weekday].length === 0 };
  }
}

/** One child is in one place at a time: overlapping or touching slots of a weekday become one. */
export function normalizeSlots(slots: readonly TimeSlot[]): TimeSlot[] {
  const sorted = [...slots].sort((a, b) => a.weekday - b.weekday || a.from - b.from);
  const out: TimeSlot[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && last.weekday === s.weekday && s.from <= last.to)
      out[out.length - 1] = { ...last, to: Math.max(last.to, s.to) };
    else out.push(s);
  }
  return out;
}

export interface CheckInput {
  readonly rules: CompiledRules;
  readonly existing: PresenceIndex;
  readonly candidate: Presence;
  readonly maxConflicts?: number;
}

/**
 * Does `candidate` fit next to the existing presences, over its whole period? Exact on intervals: each day is
 * swept over the start and end instants of every presence and capacity band. Surnombre (115 % at an instant,
 * weekly occupancy T ≤ 100) applies when the crèche enables it, and always to emergency bookings.
 */
export function checkAdmission(input: CheckInput): CapacityAnswer {
  const { rules: c, existing, candidate } = input;
  const max = input.maxConflicts ?? 100;
  const margin = c.rules.surnombre || candidate.kind === 'EMERGENCY';
  const conflicts: Conflict[] = [];
  let count = 0;
  const push = (conflict: Conflict) => {
    count += 1;
    if (conflicts.length < max) conflicts.push(conflict);
  };
  const candidateMinutesByWeek = new Map<Day, number>();
  for (const { day, weekday, ranges, closed } of presenceDays(c, candidate)) {
    const others = existing.intervalsOn(c, day, weekday);
    for (const r of ranges) {
      const gaps = closed ? [[r.from, r.to] as [Minute, Minute]] : outsideOpening(c, weekday, r.from, r.to);
      for (const [from, to] of gaps) push(conflictOf(day, from, to, 0, 0, 'CLOSED'));
      for (const seg of overloads(c, weekday, r, others, margin))
        push(conflictOf(day, seg.from, seg.to, seg.present, seg.limit, margin ? 'SURNOMBRE_115' : 'PLACES'));
      const monday = mondayOf(day);
      candidateMinutesByWeek.set(monday, (candidateMinutesByWeek.get(monday) ?? 0) + (r.to - r.from));
    }
  }
  if (margin) {
    for (const [monday, added] of candidateMinutesByWeek) {
      const { planned, capacity } = weekLoad(c, existing, monday);
      if (planned + added > capacity)
        push({
          date: isoOf(monday),
          from: '00:00',
          to: '24:00',
          present: round2((planned + added) / 60),
          limit: round2(capacity / 60),
          rule: 'WEEKLY_100',
        });
    }
  }
  return count === 0 ? { ok: true } : { ok: false, conflicts, conflictCount: count };
}

interface Overload {
  from: Minute;
  to: Minute;
  present: number;
  limit: number;
}

/** Segments of `r` where the children present (the newcomer included) exceed the instant's limit. */
function overloads(
  c: CompiledRules,
  weekday: Weekday,
  r: Interval,
  others: readonly Interval[],
  margin: boolean,
): Overload[] {
  const points = new Set<Minute>([r.from, r.to]);
  for (const o of others) {
    if (o.from > r.from && o.from < r.to) points.add(o.from);
    if (o.to > r.from && o.to < r.to) points.add(o.to);
  }
  for (const b of c.bands[weekday]) {
    if (b.from > r.from && b.from < r.to) points.add(b.from);
    if (b.to > r.from && b.to < r.to) points.add(b.to);
  }
  const sorted = [...points].sort((a, b) => a - b);
  const out: Overload[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 1) {
    const at = sorted[i];
    let present = 1;
    for (const o of others) if (o.from <= at && at < o.to) present += 1;
    const places = placesAt(c, weekday, at);
    const limit = margin ? surnombreLimit(places) : places;
    if (present <= limit) continue;
    const last = out[out.length - 1];
    if (last && last.to === at && last.present === present && last.limit === limit) last.to = sorted[i + 1];
    else out.push({ from: at, to: sorted[i + 1], present, limit });
  }
  return out;
}

/** Planned child-minutes and capacity place-minutes (K) of the ISO week starting on `monday`. */
export function weekLoad(c: CompiledRules, index: PresenceIndex, monday: Day): { planned: number; capacity: number } {
  let planned = 0;
  let capacity = 0;
  for (let day = monday; day < monday + 7; day += 1) {
    const weekday = weekdayOf(day);
    if (isClosedDay(c, day, weekday)) continue;
    for (const i of index.intervalsOn(c, day, weekday)) planned += i.to - i.from;
    capacity += capacityMinutes(c, weekday);
  }
  return { planned, capacity };
}

/** Σ over the day's opening minutes of the places at each minute (modulated). */
export function capacityMinutes(c: CompiledRules, weekday: Weekday): number {
  let total = 0;
  for (const range of c.opening[weekday]) {
    const points = new Set<Minute>([range.from, range.to]);
    for (const b of c.bands[weekday]) {
      if (b.from > range.from && b.from < range.to) points.add(b.from);
      if (b.to > range.from && b.to < range.to) points.add(b.to);
    }
    const sorted = [...points].sort((a, b) => a - b);
    for (let i = 0; i + 1 < sorted.length; i += 1)
      total += (sorted[i + 1] - sorted[i]) * placesAt(c, weekday, sorted[i]);
  }
  return total;
}

function conflictOf(day: Day, from: Minute, to: Minute, present: number, limit: number, rule: ConflictRule): Conflict {
  return { date: isoOf(day), from: hhmmOf(from), to: hhmmOf(to), present, limit, rule };
}

/** Hours and percentages for display: two decimals (not money: euros use decimal.js). */
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
