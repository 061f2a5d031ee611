/**
 * The lifecycle of an allocation round: a DRAFT explains every decision and may be replayed; confirming it once
 * turns it into offers. (A stale draft is not confirmed: the manager runs a new round.) Until then its managers may
 * leave proposals out of it, or bring them back (EXCLUDE); a confirmed round's exclusions are its record.
 *
 *   DRAFT --EXCLUDE--> DRAFT
 *   DRAFT --CONFIRM--> CONFIRMED
 */
export const ROUND_STATUSES = ['DRAFT', 'CONFIRMED'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

export const ROUND_EVENTS = ['CONFIRM', 'EXCLUDE'] as const;
export type RoundEvent = (typeof ROUND_EVENTS)[number];

export const ROUND_TRANSITIONS: { readonly [S in RoundStatus]: { readonly [E in RoundEvent]?: RoundStatus } } = {
  DRAFT: { CONFIRM: 'CONFIRMED', EXCLUDE: 'DRAFT' },
  CONFIRMED: {},
};

export function nextRoundStatus(from: RoundStatus, event: RoundEvent): RoundStatus | null {
  return ROUND_TRANSITIONS[from][event] ?? null;
}
