import { dayOf, isoOf } from '../../../common/time/calendar';

/** A crèche's closure (its label aside): its first and last days, ISO. */
export interface ClosureDays {
  readonly from: string;
  readonly to: string;
}

/**
 * The months ("YYYY-MM") holding a day that a change of the crèche's closures closes or opens: a day closed by one
 * list and not by the other. A label's change, or closures cut and joined again, moves none.
 */
export function monthsOfChangedClosureDays(before: readonly ClosureDays[], after: readonly ClosureDays[]): string[] {
  const closed = (list: readonly ClosureDays[]) => {
    const days = new Set<number>();
    for (const c of list) for (let d = dayOf(c.from); d <= dayOf(c.to); d++) days.add(d);
    return days;
  };
  const [was, is] = [closed(before), closed(after)];
  const months = new Set<string>();
  for (const d of was) if (!is.has(d)) months.add(isoOf(d).slice(0, 7));
  for (const d of is) if (!was.has(d)) months.add(isoOf(d).slice(0, 7));
  return [...months].sort();
}
