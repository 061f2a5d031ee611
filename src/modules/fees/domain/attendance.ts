import { Dec } from './decimal';
import { Day, dayOf, minuteOf, weekdayOf } from '../../../common/time/calendar';

export interface AttendanceInput {
  readonly schedule: readonly { weekday: number; from: string; to: string }[];
  readonly leaveWeeksPerYear: number;
  /** Crèche closures (inclusive ISO dates) and the weekdays it opens. */
  readonly closures: readonly { from: string; to: string }[];
  readonly openWeekdays: ReadonlySet<number>;
  /** The twelve months considered start here (ISO date). */
  readonly from: string;
}

export interface Attendance {
  /** Decimal string: exact hours per week of the schedule (5-minute grid). */
  readonly hoursPerWeek: string;
  readonly closureWeeks: number;
  readonly weeksPerYear: string;
  readonly billedMonths: number;
}

/**
 * Weeks of attendance of a regular contract over a year: 52 − the family's declared leave weeks − the crèche's
 * closure weeks (closed opening days over the twelve months from `from`, divided by the opening days per week,
 * rounded half-up to whole weeks). Billed over 12 months.
 */
export function attendanceOf(input: AttendanceInput): Attendance {
  const minutes = input.schedule.reduce((sum, s) => sum + minuteOf(s.to) - minuteOf(s.from), 0);
  const start = dayOf(input.from);
  const end: Day = start + 365;
  let closedOpenDays = 0;
  for (const c of input.closures) {
    for (let d = Math.max(dayOf(c.from), start); d <= Math.min(dayOf(c.to), end - 1); d += 1)
      if (input.openWeekdays.has(weekdayOf(d))) closedOpenDays += 1;
  }
  const perWeek = Math.max(1, input.openWeekdays.size);
  const closureWeeks = new Dec(closedOpenDays).div(perWeek).toDecimalPlaces(0, Dec.ROUND_HALF_UP).toNumber();
  return {
    hoursPerWeek: new Dec(minutes).div(60).toString(),
    closureWeeks,
    weeksPerYear: String(Math.max(0, 52 - input.leaveWeeksPerYear - closureWeeks)),
    billedMonths: 12,
  };
}
