/**
 * The lifecycle of a regular contract. A contract has no status column: where it stands follows from its dates and
 * the day (`contractStatusOn`), and this table says what may happen to it in each state.
 *
 *   UPCOMING --END_EARLY--> UPCOMING or ENDED on its new end date   (a shorter contract, or a cancelled start)
 *   RUNNING --END_EARLY--> RUNNING until its new end date, then ENDED
 *   any state --CHANGE_FEE_INPUTS--> (same state)   (a new situation from a date within it; issue #14 will forbid
 *                                                   backdating it)
 *   ENDED: it cannot end again earlier (its billed months rest on its end date)
 */
export const CONTRACT_STATUSES = ['UPCOMING', 'RUNNING', 'ENDED'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const CONTRACT_EVENTS = ['END_EARLY', 'CHANGE_FEE_INPUTS'] as const;
export type ContractEvent = (typeof CONTRACT_EVENTS)[number];

export const CONTRACT_TRANSITIONS: { readonly [S in ContractStatus]: readonly ContractEvent[] } = {
  UPCOMING: ['END_EARLY', 'CHANGE_FEE_INPUTS'],
  RUNNING: ['END_EARLY', 'CHANGE_FEE_INPUTS'],
  ENDED: ['CHANGE_FEE_INPUTS'],
};

/** Where a contract stands on `today` (ISO dates). */
export function contractStatusOn(contract: { startDate: string; endDate: string }, today: string): ContractStatus {
  if (today < contract.startDate) return 'UPCOMING';
  return today <= contract.endDate ? 'RUNNING' : 'ENDED';
}

export function contractAllows(status: ContractStatus, event: ContractEvent): boolean {
  return CONTRACT_TRANSITIONS[status].includes(event);
}
