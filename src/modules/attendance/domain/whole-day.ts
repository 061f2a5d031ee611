/**
 * « Tout le monde est arrivé »: which children the whole day's arrival at once brings in (R8.9). Pure, shared by the
 * API and Aujourd'hui, so the confirmation names exactly the children the API checks in.
 */

/** A child often comes a little before its slot: one whose day starts within this many minutes of the tap is due. */
export const WHOLE_DAY_DUE_WITHIN_MINUTES = 30;

const END_OF_DAY = 24 * 60;

/** A planned slot of the day, in minutes since midnight (`to` may be 1440, midnight at the end of the day). */
export interface DaySlot {
  readonly from: number;
  readonly to: number;
}

/**
 * The latest start of a child's day the tap at `minute` brings in: 30 minutes on, within the day, or the page's own
 * `expectedBy` if earlier (the page names the children before the tap; the API never goes past its own bound, so a
 * tablet whose clock is ahead, or a page of before this rule, cannot bring in a child expected later).
 */
export function wholeDayDueBy(minute: number, expectedBy?: number): number {
  return Math.min(minute + WHOLE_DAY_DUE_WITHIN_MINUTES, END_OF_DAY, expectedBy ?? END_OF_DAY);
}

/**
 * Whether the whole day's arrival at `minute` brings the child in: one of its slots is under way or starts by
 * `dueBy`. One expected later is checked in when it comes; one whose planned hours are over (a night that ended at
 * 07:30, for a tap at 09:30) is not checked in for hours it was not there.
 */
export function dueForWholeDay(slots: readonly DaySlot[], minute: number, dueBy: number): boolean {
  return slots.some((s) => s.from <= dueBy && s.to > minute);
}
