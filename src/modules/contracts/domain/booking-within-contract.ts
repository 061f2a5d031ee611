import { dayOf, minuteOf, weekdayOf } from '../../../common/time/calendar';

/** What a contract reserves on its days: its weekly slots, less the child's declared leave. */
export interface ReservingContract {
  readonly schedule: readonly { readonly weekday: number; readonly from: string; readonly to: string }[];
  readonly leavePeriods: readonly { readonly from: string; readonly to: string }[];
}

/**
 * The contract's slot a booking of the child on `date`, from `from` to `to`, overlaps, or null. The contract's hours
 * that day are billed in its instalment already (docs/rules.md §8): booked again, they would be billed twice and take
 * a second place. None is reserved on declared leave, nor on a day the crèche is closed (`closed`: a closure, or a
 * public holiday it does not open on), so such a day is booked as occasional care. Times "HH:MM", ends exclusive.
 */
export function contractSlotOverlapping(
  contract: ReservingContract,
  date: string,
  from: string,
  to: string,
  closed: boolean,
): { from: string; to: string } | null {
  if (closed) return null;
  const day = dayOf(date);
  if (contract.leavePeriods.some((p) => dayOf(p.from) <= day && day <= dayOf(p.to))) return null;
  const weekday = weekdayOf(day);
  const slot = contract.schedule.find(
    (s) => s.weekday === weekday && minuteOf(s.from) < minuteOf(to) && minuteOf(from) < minuteOf(s.to),
  );
  return slot ? { from: slot.from, to: slot.to } : null;
}
