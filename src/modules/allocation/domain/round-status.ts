/**
 * The lifecycle of an allocation round: a DRAFT explains every decision and may be replayed; confirming it once
 * turns it into offers. (A stale draft is not confirmed: the manager runs a new round.)
 *
 *   DRAFT --CONFIRM--> CONFIRMED
 */
export const ROUND_STATUSES = ['DRAFT', 'CONFIRMED'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

export const ROUND_EVENTS = ['CONFIRM'] as const;
export type RoundEvent = (typeof ROUND_EVENTS)[number];

export const ROUND_TRANSITIONS: { readonly [S in RoundStatus]: { readonly [E in RoundEvent]?: RoundStatus } } = {
  DRAFT: { CONFIRM: 'CONFIRMED' },
  CONFIRMED: {},
};

export function nextRoundStatus(from: RoundStatus, event: RoundEvent): RoundStatus | null {
  return ROUND_TRANSITIONS[from][event] ?? null;
}
