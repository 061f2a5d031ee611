import { hhmmOf, minuteOf } from '../../../common/time/calendar';
import { AtypicalHours, isAtypicalDay } from '../../territories/domain/atypical-hours';

/** The parts of an opening range that fall in atypical hours (public holidays aside: they are dates, not weekdays). */
export function atypicalRanges(
  def: AtypicalHours,
  weekday: number,
  opens: string,
  closes: string,
): { from: string; to: string }[] {
  const from = minuteOf(opens);
  const to = minuteOf(closes);
  if (isAtypicalDay(def, weekday, false)) return [{ from: opens, to: closes }];
  const out: { from: string; to: string }[] = [];
  if (from < def.before) out.push({ from: opens, to: hhmmOf(Math.min(to, def.before)) });
  if (to > def.after) out.push({ from: hhmmOf(Math.max(from, def.after)), to: closes });
  return out;
}
