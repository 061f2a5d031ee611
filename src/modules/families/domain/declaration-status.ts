/**
 * The one home of a fee declaration's lifecycle (docs/rules.md §4: a change is declared by the family with its proof,
 * checked by the manager). Repositories turn a transition into a conditional update (`WHERE status = ANY(<from>)`), so
 * two managers reviewing at once move a declaration once.
 *
 *   PENDING --VALIDATE--> VALIDATED (the household's situation changes from the declaration's `appliesFrom`)
 *   PENDING --REJECT--> REJECTED (with the reviewer's reason; nothing changes)
 *
 * A parent may withdraw a declaration while it is PENDING (a wrong figure, the wrong file): nothing was decided on it,
 * so it goes with its proof, as if never sent (`withdrawable`); the audit keeps that it was, by field names.
 */
export const DECLARATION_STATUSES = ['PENDING', 'VALIDATED', 'REJECTED'] as const;
export type DeclarationStatus = (typeof DECLARATION_STATUSES)[number];

export const DECLARATION_EVENTS = ['VALIDATE', 'REJECT'] as const;
export type DeclarationEvent = (typeof DECLARATION_EVENTS)[number];

export const DECLARATION_TRANSITIONS: {
  readonly [S in DeclarationStatus]: { readonly [E in DeclarationEvent]?: DeclarationStatus };
} = {
  PENDING: { VALIDATE: 'VALIDATED', REJECT: 'REJECTED' },
  VALIDATED: {},
  REJECTED: {},
};

/** Whether its household may still take it back: only before a manager has decided on it. */
export function withdrawable(status: DeclarationStatus): boolean {
  return status === 'PENDING';
}

/** The status `event` leads to from `from`, or null when the lifecycle refuses it. */
export function nextDeclarationStatus(from: DeclarationStatus, event: DeclarationEvent): DeclarationStatus | null {
  return DECLARATION_TRANSITIONS[from][event] ?? null;
}

/** For a conditional update: the statuses `event` may leave from, and the one it leads to. */
export function declarationTransition(event: DeclarationEvent): { from: DeclarationStatus[]; to: DeclarationStatus } {
  const from = DECLARATION_STATUSES.filter((s) => nextDeclarationStatus(s, event) !== null);
  const targets = new Set(from.map((s) => nextDeclarationStatus(s, event)));
  // Each event has one target whatever the status it leaves: the spec checks it for every event.
  return { from, to: [...targets][0]! };
}
