import { Day, hhmmOf, isoOf, isoWeekOf, Minute, mondayOf, weekdayOf } from '../../../common/time/calendar';
import { atypicalMinutes, AtypicalHours, isAtypicalDay } from '../../territories/domain/atypical-hours';
import { capacityMinutes, round2 } from './capacity';
import type { PresenceIndex } from './capacity';
import { CompiledRules, isClosedDay, placesAt, RulesPiece, rulesOn, surnombreLimit } from './creche-rules';

export interface OccupancySegment {
  readonly from: string;
  readonly to: string;
  readonly present: number;
  /** Places at that instant (modulated). */
  readonly limit: number;
  /** The 115 % limit, when the crèche enables surnombre. */
  readonly surnombreLimit: number | null;
  readonly atypical: boolean;
}

export interface OccupancyDay {
  readonly date: string;
  readonly weekday: number;
  readonly publicHoliday: boolean;
  readonly segments: readonly OccupancySegment[];
}

export interface OccupancyWeek {
  readonly isoWeek: string;
  readonly plannedHours: number;
  readonly capacityHours: number;
  /** T = 100 × O / K (docs/rules.md §2), over the whole ISO week even when the period cuts it. */
  readonly occupancyT: number;
}

export interface Occupancy {
  readonly days: readonly OccupancyDay[];
  readonly weeks: readonly OccupancyWeek[];
  readonly totals: {
    readonly childHours: number;
    readonly capacityHours: number;
    readonly occupancyRate: number;
    readonly atypicalChildHours: number;
  };
}

/**
 * For each open day of [from, to]: the time segments with the children planned and the limit, split at every
 * presence start/end, capacity band and atypical-hours boundary; the weekly T of every ISO week touched; totals.
 * Rules given over time count each day under the piece in force that day (docs/rules.md R9.4).
 */
export function computeOccupancy(input: {
  rules: CompiledRules | readonly RulesPiece[];
  index: PresenceIndex;
  from: Day;
  to: Day;
  atypical: AtypicalHours;
}): Occupancy {
  const { rules, index, from, to, atypical } = input;
  const pieces: readonly RulesPiece[] = 'opening' in rules ? [{ from: -Infinity, rules }] : rules;
  const days: OccupancyDay[] = [];
  let childMinutes = 0;
  let capacity = 0;
  let atypicalChild = 0;
  const weeks = new Map<Day, { planned: number; capacity: number }>();
  for (let day = mondayOf(from); day <= to || weekdayOf(day) !== 1; day += 1) {
    const c = rulesOn(pieces, day);
    const weekday = weekdayOf(day);
    const inPeriod = day >= from && day <= to;
    const week = weeks.get(mondayOf(day)) ?? { planned: 0, capacity: 0 };
    weeks.set(mondayOf(day), week);
    if (isClosedDay(c, day, weekday)) continue;
    const intervals = index.intervalsOn(c, day, weekday);
    const planned = intervals.reduce((sum, i) => sum + (i.to - i.from), 0);
    const dayCapacity = capacityMinutes(c, weekday);
    week.planned += planned;
    week.capacity += dayCapacity;
    if (!inPeriod) continue;
    const holiday = c.rules.publicHolidays.has(day);
    childMinutes += planned;
    capacity += dayCapacity;
    atypicalChild += intervals.reduce((sum, i) => sum + atypicalMinutes(atypical, weekday, holiday, i.from, i.to), 0);
    days.push({
      date: isoOf(day),
      weekday,
      publicHoliday: holiday,
      segments: daySegments(c, weekday, intervals, atypical, holiday),
    });
  }
  return {
    days,
    weeks: [...weeks].map(([monday, w]) => ({
      isoWeek: isoWeekOf(monday),
      plannedHours: round2(w.planned / 60),
      capacityHours: round2(w.capacity / 60),
      occupancyT: w.capacity === 0 ? 0 : round2((100 * w.planned) / w.capacity),
    })),
    totals: {
      childHours: round2(childMinutes / 60),
      capacityHours: round2(capacity / 60),
      occupancyRate: capacity === 0 ? 0 : round2((100 * childMinutes) / capacity),
      atypicalChildHours: round2(atypicalChild / 60),
    },
  };
}

function daySegments(
  c: CompiledRules,
  weekday: ReturnType<typeof weekdayOf>,
  intervals: readonly { from: Minute; to: Minute }[],
  atypical: AtypicalHours,
  holiday: boolean,
): OccupancySegment[] {
  const wholeDayAtypical = isAtypicalDay(atypical, weekday, holiday);
  const out: OccupancySegment[] = [];
  for (const range of c.opening[weekday]) {
    const points = new Set<Minute>([range.from, range.to]);
    const cut = (m: Minute) => {
      if (m > range.from && m < range.to) points.add(m);
    };
    for (const i of intervals) {
      cut(i.from);
      cut(i.to);
    }
    for (const b of c.bands[weekday]) {
      cut(b.from);
      cut(b.to);
    }
    cut(atypical.before);
    cut(atypical.after);
    const sorted = [...points].sort((a, b) => a - b);
    for (let k = 0; k + 1 < sorted.length; k += 1) {
      const at = sorted[k];
      let present = 0;
      for (const i of intervals) if (i.from <= at && at < i.to) present += 1;
      const limit = placesAt(c, weekday, at);
      const seg: OccupancySegment = {
        from: hhmmOf(at),
        to: hhmmOf(sorted[k + 1]),
        present,
        limit,
        surnombreLimit: c.rules.surnombre ? surnombreLimit(limit) : null,
        atypical: wholeDayAtypical || at < atypical.before || at >= atypical.after,
      };
      const last = out[out.length - 1];
      if (
        last &&
        last.to === seg.from &&
        last.present === seg.present &&
        last.limit === seg.limit &&
        last.atypical === seg.atypical
      ) {
        out[out.length - 1] = { ...last, to: seg.to };
      } else out.push(seg);
    }
  }
  return out;
}
