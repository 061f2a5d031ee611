import { Day, Minute, Weekday, weekdayOf } from '../../../common/time/calendar';
import { CompiledRules, isClosedDay, placesAt, TimeSlot } from '../../creches/domain/creche-rules';
import { AtypicalHours, isAtypicalDay } from '../../territories/domain/atypical-hours';

/**
 * The atypical slots the CTG steering committee reads (docs/rules.md §3 and §10): before the territory's morning
 * limit, after its evening limit (on days that are not atypical all day), Saturdays, Sundays and public holidays.
 */
export const ATYPICAL_SLOTS = ['EARLY', 'LATE', 'SATURDAY', 'SUNDAY', 'PUBLIC_HOLIDAY'] as const;
export type AtypicalSlot = (typeof ATYPICAL_SLOTS)[number];

/**
 * What the figures of a slot are counted over: a week (the weekly schedules) or, for public holidays, which are
 * dates and not weekdays, the public holidays of the coming twelve months.
 */
export type SlotPeriod = 'WEEK' | 'YEAR';

export const SLOT_PERIOD: Record<AtypicalSlot, SlotPeriod> = {
  EARLY: 'WEEK',
  LATE: 'WEEK',
  SATURDAY: 'WEEK',
  SUNDAY: 'WEEK',
  PUBLIC_HOLIDAY: 'YEAR',
};

/** The slots the territory's definition makes atypical (a territory may not count Saturdays, for instance). */
export function slotsOf(def: AtypicalHours): AtypicalSlot[] {
  return ATYPICAL_SLOTS.filter(
    (s) =>
      (s !== 'SATURDAY' || def.saturdays) &&
      (s !== 'SUNDAY' || def.sundays) &&
      (s !== 'PUBLIC_HOLIDAY' || def.publicHolidays),
  );
}

const WEEK: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

/** The windows [from, to) of a weekday that belong to a weekly slot (none for PUBLIC_HOLIDAY). */
export function windowsOf(def: AtypicalHours, slot: AtypicalSlot, weekday: Weekday): [Minute, Minute][] {
  const wholeDay = isAtypicalDay(def, weekday, false);
  switch (slot) {
    case 'EARLY':
      return wholeDay ? [] : [[0, def.before]];
    case 'LATE':
      return wholeDay ? [] : [[def.after, 1440]];
    case 'SATURDAY':
      return def.saturdays && weekday === 6 ? [[0, 1440]] : [];
    case 'SUNDAY':
      return def.sundays && weekday === 7 ? [[0, 1440]] : [];
    case 'PUBLIC_HOLIDAY':
      return [];
  }
}

function overlap(a: [Minute, Minute], from: Minute, to: Minute): number {
  return Math.max(0, Math.min(a[1], to) - Math.max(a[0], from));
}

/** Minutes of a weekly schedule on one weekday that fall in [from, to). */
function scheduleMinutes(schedule: readonly TimeSlot[], weekday: Weekday, from: Minute, to: Minute): number {
  let total = 0;
  for (const s of schedule) if (s.weekday === weekday) total += overlap([s.from, s.to], from, to);
  return total;
}

/**
 * Minutes a weekly schedule requests in a slot: per week, or for PUBLIC_HOLIDAY over the given public holidays (a
 * holiday falling on a Monday asks for the Monday's hours). Minutes, integers.
 */
export function requestedMinutes(
  def: AtypicalHours,
  slot: AtypicalSlot,
  schedule: readonly TimeSlot[],
  publicHolidays: readonly Day[],
): number {
  if (slot === 'PUBLIC_HOLIDAY')
    return publicHolidays.reduce((sum, d) => sum + scheduleMinutes(schedule, weekdayOf(d), 0, 1440), 0);
  let total = 0;
  for (const w of WEEK)
    for (const [from, to] of windowsOf(def, slot, w)) total += scheduleMinutes(schedule, w, from, to);
  return total;
}

/** Σ over the minutes of [from, to) that the crèche opens on that weekday of the places at that minute (modulated). */
export function placeMinutesIn(c: CompiledRules, weekday: Weekday, from: Minute, to: Minute): number {
  let total = 0;
  for (const range of c.opening[weekday]) {
    const a = Math.max(range.from, from);
    const b = Math.min(range.to, to);
    if (a >= b) continue;
    const points = new Set<Minute>([a, b]);
    for (const band of c.bands[weekday]) for (const p of [band.from, band.to]) if (p > a && p < b) points.add(p);
    const sorted = [...points].sort((x, y) => x - y);
    for (let i = 0; i + 1 < sorted.length; i += 1)
      total += (sorted[i + 1] - sorted[i]) * placesAt(c, weekday, sorted[i]);
  }
  return total;
}

/**
 * Place-minutes a crèche offers in a slot: per week from its opening hours and capacity bands, or for PUBLIC_HOLIDAY
 * over the given public holidays it opens on (not on a closure). `c.rules.publicHolidays` must hold those holidays.
 */
export function offeredPlaceMinutes(
  def: AtypicalHours,
  slot: AtypicalSlot,
  c: CompiledRules,
  publicHolidays: readonly Day[],
): number {
  if (slot === 'PUBLIC_HOLIDAY')
    return publicHolidays
      .filter((d) => !isClosedDay(c, d, weekdayOf(d)))
      .reduce((sum, d) => sum + placeMinutesIn(c, weekdayOf(d), 0, 1440), 0);
  let total = 0;
  for (const w of WEEK) for (const [from, to] of windowsOf(def, slot, w)) total += placeMinutesIn(c, w, from, to);
  return total;
}
