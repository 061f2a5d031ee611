/**
 * The one home of an offer's lifecycle. An offer is answered once: every status change goes through
 * `offerTransition`, which repositories turn into a conditional update on `status = 'OPEN'`.
 *
 *   OPEN --ACCEPT--> ACCEPTED      (the family takes the place: a contract is created)
 *   OPEN --DECLINE--> DECLINED     (the family declines, withdraws its application, or the household is erased)
 *   OPEN --EXPIRE--> EXPIRED       (no answer by the deadline: counts as a refusal)
 *   OPEN --WITHDRAW--> WITHDRAWN   (the crèche can no longer honour it: the family is told why, no refusal counted)
 */
export const OFFER_STATUSES = ['OPEN', 'ACCEPTED', 'DECLINED', 'EXPIRED', 'WITHDRAWN'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export const OFFER_EVENTS = ['ACCEPT', 'DECLINE', 'EXPIRE', 'WITHDRAW'] as const;
export type OfferEvent = (typeof OFFER_EVENTS)[number];

export const OFFER_TRANSITIONS: { readonly [S in OfferStatus]: { readonly [E in OfferEvent]?: OfferStatus } } = {
  OPEN: { ACCEPT: 'ACCEPTED', DECLINE: 'DECLINED', EXPIRE: 'EXPIRED', WITHDRAW: 'WITHDRAWN' },
  ACCEPTED: {},
  DECLINED: {},
  EXPIRED: {},
  WITHDRAWN: {},
};

/** Why a crèche may withdraw an open offer (the family reads it in French; no refusal is counted). */
export const OFFER_WITHDRAWAL_REASONS = ['CAPACITY_REDUCED', 'CRECHE_CLOSURE', 'SCHEDULE_UNAVAILABLE'] as const;
export type OfferWithdrawalReason = (typeof OFFER_WITHDRAWAL_REASONS)[number];
/** Each reason as the family reads it: in the e-mail telling of the withdrawal and in its data export. */
export const OFFER_WITHDRAWAL_REASON_FR: Readonly<Record<OfferWithdrawalReason, string>> = {
  CAPACITY_REDUCED: "la capacité d'accueil de la crèche a été réduite.",
  CRECHE_CLOSURE: 'la crèche doit fermer pendant la période proposée.',
  SCHEDULE_UNAVAILABLE: 'les horaires demandés ne peuvent plus être assurés.',
};

export function nextOfferStatus(from: OfferStatus, event: OfferEvent): OfferStatus | null {
  return OFFER_TRANSITIONS[from][event] ?? null;
}

/** For a conditional update: the statuses `event` may leave from, and the one it leads to. */
export function offerTransition(event: OfferEvent): { from: OfferStatus[]; to: OfferStatus } {
  const from = OFFER_STATUSES.filter((s) => nextOfferStatus(s, event) !== null);
  return { from, to: nextOfferStatus(from[0]!, event)! };
}
