/**
 * The one home of an application's lifecycle: which event moves it from which status to which. Every status change
 * in the code goes through `applicationTransition` (repositories turn it into a conditional update, so that two
 * processes racing on one application move it once).
 *
 *   SUBMITTED --OFFER--> OFFERED --ACCEPT_OFFER--> ACCEPTED
 *   OFFERED --DECLINE_OFFER | EXPIRE_OFFER--> SUBMITTED (back on the waitlist, one refusal counted)
 *   OFFERED --OFFER_WITHDRAWN--> SUBMITTED (the crèche withdrew its offer: back on the waitlist, no refusal)
 *   SUBMITTED | OFFERED --WITHDRAW--> WITHDRAWN
 *   SUBMITTED --LAPSE--> LAPSED (keep-alive unanswered, or untouched past the retention period)
 */
export const APPLICATION_STATUSES = ['SUBMITTED', 'OFFERED', 'ACCEPTED', 'WITHDRAWN', 'LAPSED'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const APPLICATION_EVENTS = [
  'OFFER',
  'ACCEPT_OFFER',
  'DECLINE_OFFER',
  'EXPIRE_OFFER',
  'OFFER_WITHDRAWN',
  'WITHDRAW',
  'LAPSE',
] as const;
export type ApplicationEvent = (typeof APPLICATION_EVENTS)[number];

export const APPLICATION_TRANSITIONS: {
  readonly [S in ApplicationStatus]: { readonly [E in ApplicationEvent]?: ApplicationStatus };
} = {
  SUBMITTED: { OFFER: 'OFFERED', WITHDRAW: 'WITHDRAWN', LAPSE: 'LAPSED' },
  OFFERED: {
    ACCEPT_OFFER: 'ACCEPTED',
    DECLINE_OFFER: 'SUBMITTED',
    EXPIRE_OFFER: 'SUBMITTED',
    OFFER_WITHDRAWN: 'SUBMITTED',
    WITHDRAW: 'WITHDRAWN',
  },
  ACCEPTED: {},
  WITHDRAWN: {},
  LAPSED: {},
};

/** Statuses still on the waitlist (the family may confirm its interest, withdraw, be offered a place). */
export const ACTIVE_APPLICATION_STATUSES: readonly ApplicationStatus[] = ['SUBMITTED', 'OFFERED'];

/** The status `event` leads to from `from`, or null when the lifecycle refuses it. */
export function nextApplicationStatus(from: ApplicationStatus, event: ApplicationEvent): ApplicationStatus | null {
  return APPLICATION_TRANSITIONS[from][event] ?? null;
}

/** For a conditional update: the statuses `event` may leave from, and the one it leads to. */
export function applicationTransition(event: ApplicationEvent): { from: ApplicationStatus[]; to: ApplicationStatus } {
  const from = APPLICATION_STATUSES.filter((s) => nextApplicationStatus(s, event) !== null);
  const targets = new Set(from.map((s) => nextApplicationStatus(s, event)));
  // Each event has one target whatever the status it leaves: the spec checks it for every event.
  return { from, to: [...targets][0]! };
}
