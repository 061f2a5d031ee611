import type { Minute } from '../../../common/time/calendar';

/**
 * A territory's definition of atypical hours. Default (Caf du Bas-Rhin, docs/rules.md §3): before 07:30, after 19:00,
 * Saturdays, Sundays and public holidays.
 */
export interface AtypicalHours {
  readonly before: Minute;
  readonly after: Minute;
  readonly saturdays: boolean;
  readonly sundays: boolean;
  readonly publicHolidays: boolean;
}

export const DEFAULT_ATYPICAL_HOURS: AtypicalHours = {
  before: 7 * 60 + 30,
  after: 19 * 60,
  saturdays: true,
  sundays: true,
  publicHolidays: true,
};

/** Whether the whole day counts as atypical (weekend or public holiday, as the definition says). */
export function isAtypicalDay(def: AtypicalHours, weekday: number, publicHoliday: boolean): boolean {
  return (def.saturdays && weekday === 6) || (def.sundays && weekday === 7) || (def.publicHolidays && publicHoliday);
}

/** Minutes of [from, to) that fall in atypical hours on that day. */
export function atypicalMinutes(
  def: AtypicalHours,
  weekday: number,
  publicHoliday: boolean,
  from: Minute,
  to: Minute,
): number {
  if (isAtypicalDay(def, weekday, publicHoliday)) return to - from;
  const early = Math.max(0, Math.min(to, def.before) - from);
  const late = Math.max(0, to - Math.max(from, def.after));
  return early + late;
}
