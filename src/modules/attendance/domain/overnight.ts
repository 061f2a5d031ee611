/** What a day plans for a child: its contract's slots that weekday and its bookings, as minutes of the day. */
export interface PlannedSlots {
  readonly weekday: number;
  readonly slots: readonly { readonly from: number; readonly to: number }[];
}

export interface OvernightFacts {
  /** The crèche's opening hours by ISO weekday, as minutes. */
  readonly openingHours: readonly { readonly weekday: number; readonly opens: number; readonly closes: number }[];
  readonly eve: PlannedSlots;
  readonly today: PlannedSlots;
}

/**
 * Whether an arrival left open the day before is a night in care, to be checked out across midnight
 * (docs/rules.md#r89-attendance-pointage): the crèche is open across that midnight (the eve's hours close at 24:00 and
 * today's open at 00:00) and the child was planned across it (a slot of the eve ending at 24:00, or one of today
 * starting at 00:00). Otherwise it is a departure nobody checked, which a manager corrects: a tap the next morning
 * must not bill the night.
 */
export function isOvernightStay(f: OvernightFacts): boolean {
  const open =
    f.openingHours.some((h) => h.weekday === f.eve.weekday && h.closes === 1440) &&
    f.openingHours.some((h) => h.weekday === f.today.weekday && h.opens === 0);
  const planned = f.eve.slots.some((s) => s.to === 1440) || f.today.slots.some((s) => s.from === 0);
  return open && planned;
}
