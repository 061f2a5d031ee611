import { Dec } from './decimal';
import { Day, dayOf, minuteOf, weekdayOf } from '../../../common/time/calendar';

/** A dated period, both ends inclusive (ISO dates). */
export interface DatedPeriod {
  readonly from: string;
  readonly to: string;
}

/**
 * A regular contract's reserved hours, fixed when it is signed (docs/rules.md#r49-mensualisation): what the fee
 * smooths over the contract's months. Stored with the contract and in every fee snapshot, so that a new rate (new
 * scale, new resources) never moves the hours.
 */
export interface Mensualisation {
  readonly contractStart: string;
  readonly contractEnd: string;
  /** Calendar months the contract spans (4 January to 25 June: 6). */
  readonly months: number;
  /** Minutes reserved over the whole contract (the schedule is on a 5-minute grid: whole minutes, exact). */
  readonly reservedMinutes: number;
  /** Days of the period with scheduled hours, and those taken out, by reason (for the trace). */
  readonly scheduledDays: number;
  readonly publicHolidayDays: number;
  readonly closureDays: number;
  readonly leaveDays: number;
  /** Scheduled minutes on those leave days (what the leave bound is measured in; absent in early snapshots). */
  readonly leaveMinutes?: number;
  /**
   * The crèche's bound on declared leave when the hours were reserved (weeks a year): a contract ended early keeps
   * only its share of it (docs/rules.md#r87-leaving-before-the-contracts-end). Absent from snapshots made before.
   */
  readonly maxLeaveWeeksPerYear?: number;
  /**
   * Leave given as a count of weeks, not dated: an estimate before the contract (an offer, the simulator) or a
   * contract signed before leave was dated (migrated). Taken out as weeks × weekly minutes × months ÷ 12, rounded
   * down to the minute (in the family's favour).
   */
  readonly undatedLeaveWeeks?: number;
  readonly undatedLeaveMinutes?: number;
  /**
   * The crèche's closures these hours left out (those over the period, cut to it): a closure the crèche adds later is
   * not in the reserved hours, and its days are deducted from the invoice (docs/rules.md#r81-deductions-for-absences).
   * Absent from snapshots made before closures were kept.
   */
  readonly closures?: readonly DatedPeriod[];
}

export interface MensualisationInput {
  readonly start: string;
  readonly end: string;
  readonly schedule: readonly { weekday: number; from: string; to: string }[];
  readonly closures: readonly DatedPeriod[];
  readonly leavePeriods: readonly DatedPeriod[];
  /** Public holidays over the period (days). */
  readonly publicHolidays: ReadonlySet<Day>;
  /** A crèche open on public holidays keeps those days' hours. */
  readonly opensOnPublicHolidays: boolean;
  readonly undatedLeaveWeeks?: number;
}

/** Calendar months from the start's month to the end's month, both counted. */
export function monthsSpanned(start: string, end: string): number {
  const months = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
  return months(end) - months(start) + 1;
}

/**
 * Reserved hours = for each day of the period, the child's scheduled hours that day, except public holidays (unless
 * the crèche opens on them), the crèche's closure days and the family's declared leave days.
 */
export function mensualise(input: MensualisationInput): Mensualisation {
  const minutesByWeekday = new Array<number>(8).fill(0);
  for (const s of input.schedule) minutesByWeekday[s.weekday] += minuteOf(s.to) - minuteOf(s.from);
  const closed = daysOf(input.closures);
  const leave = daysOf(input.leavePeriods);
  let scheduledDays = 0;
  let publicHolidayDays = 0;
  let closureDays = 0;
  let leaveDays = 0;
  let leaveMinutes = 0;
  let reservedMinutes = 0;
  for (let d = dayOf(input.start); d <= dayOf(input.end); d += 1) {
    const minutes = minutesByWeekday[weekdayOf(d)];
    if (minutes === 0) continue;
    scheduledDays += 1;
    if (!input.opensOnPublicHolidays && input.publicHolidays.has(d)) publicHolidayDays += 1;
    else if (closed.has(d)) closureDays += 1;
    else if (leave.has(d)) {
      leaveDays += 1;
      leaveMinutes += minutes;
    } else reservedMinutes += minutes;
  }
  const months = monthsSpanned(input.start, input.end);
  const base = {
    contractStart: input.start,
    contractEnd: input.end,
    months,
    scheduledDays,
    publicHolidayDays,
    closureDays,
    leaveDays,
    leaveMinutes,
    closures: closuresWithin(input.closures, input.start, input.end),
  };
  if (!input.undatedLeaveWeeks) return { ...base, reservedMinutes };
  const weekly = minutesByWeekday.reduce((a, b) => a + b, 0);
  const undatedLeaveMinutes = Math.min(reservedMinutes, Math.floor((input.undatedLeaveWeeks * weekly * months) / 12));
  return {
    ...base,
    reservedMinutes: reservedMinutes - undatedLeaveMinutes,
    undatedLeaveWeeks: input.undatedLeaveWeeks,
    undatedLeaveMinutes,
  };
}

/** The exact monthly hours as a reduced fraction of hours ("1696/11"), or a whole number when it divides. */
export function monthlyHoursFraction(m: Pick<Mensualisation, 'reservedMinutes' | 'months'>): string {
  const num = m.reservedMinutes;
  const den = 60 * m.months;
  const g = gcd(num, den) || 1;
  return den / g === 1 ? String(num / g) : `${num / g}/${den / g}`;
}

/** Problems of the shape of declared leave, for a 400 naming `leavePeriods`: each period inside the contract, no overlap. */
export function leaveProblems(periods: readonly DatedPeriod[], start: string, end: string): string[] {
  const problems: string[] = [];
  const sorted = [...periods].sort((a, b) => (a.from < b.from ? -1 : 1));
  for (const p of sorted) {
    if (p.to < p.from) problems.push(`leave period ${p.from} to ${p.to} ends before it starts`);
    else if (p.from < start || p.to > end)
      problems.push(`leave period ${p.from} to ${p.to} must fall within the contract (${start} to ${end})`);
  }
  for (let i = 1; i < sorted.length; i += 1)
    if (sorted[i].from <= sorted[i - 1].to)
      problems.push(`leave periods ${sorted[i - 1].from} and ${sorted[i].from} overlap`);
  return problems;
}

/** The periods that meet [start, end], cut to it, in date order (dates only: a closure's label is the crèche's). */
function closuresWithin(periods: readonly DatedPeriod[], start: string, end: string): DatedPeriod[] {
  return periods
    .filter((p) => p.from <= end && p.to >= start && p.from <= p.to)
    .map((p) => ({ from: p.from < start ? start : p.from, to: p.to > end ? end : p.to }))
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

function daysOf(periods: readonly DatedPeriod[]): Set<Day> {
  const out = new Set<Day>();
  for (const p of periods) for (let d = dayOf(p.from); d <= dayOf(p.to); d += 1) out.add(d);
  return out;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
export const DEFAULT_MAX_LEAVE_WEEKS_PER_YEAR = 10;

/**
 * The leave bound, measured in what leave takes off the bill: the scheduled minutes on leave days may not exceed
 * `maxWeeksPerYear` weeks of the child's schedule, pro rata of the contract's days (÷ 365). Counting calendar
 * days per calendar year would let leave taken on scheduled days only, or on both sides of a year end, go further.
 */
export function leaveBoundProblem(
  m: Mensualisation,
  schedule: readonly { from: string; to: string }[],
  maxWeeksPerYear: number,
): string | null {
  const weekly = weeklyMinutesOf(schedule);
  const allowed = allowedLeaveMinutes(m.contractStart, m.contractEnd, weekly, maxWeeksPerYear);
  const taken = m.leaveMinutes ?? 0;
  if (new Dec(taken).lte(allowed)) return null;
  const weeks = (minutes: Dec | number) => new Dec(minutes).div(weekly).toDecimalPlaces(1).toString();
  return `declared leave takes ${weeks(taken)} weeks of the schedule; the crèche allows ${weeks(allowed)} over this contract (at most ${maxWeeksPerYear} weeks a year)`;
}

/**
 * What the bound lets leave take off a period, in scheduled minutes: `maxWeeksPerYear` weeks of the schedule pro rata
 * of the period's days (÷ 365, a year at most), not of the months it touches (31 January to 1 March is one month, not
 * three). Exact: the caller rounds.
 */
export function allowedLeaveMinutes(start: string, end: string, weeklyMinutes: number, maxWeeksPerYear: number): Dec {
  const days = dayOf(end) - dayOf(start) + 1;
  return new Dec(maxWeeksPerYear).times(weeklyMinutes).times(Math.min(days, 365)).div(365);
}

/** The minutes a weekly schedule holds. */
export function weeklyMinutesOf(schedule: readonly { from: string; to: string }[]): number {
  return schedule.reduce((sum, s) => sum + minuteOf(s.to) - minuteOf(s.from), 0);
}
