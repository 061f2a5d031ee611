import {
  nextOfferStatus,
  OFFER_EVENTS,
  OFFER_STATUSES,
  OfferEvent,
  OfferStatus,
  offerTransition,
} from './offer-status';

const allowed: [OfferStatus, OfferEvent, OfferStatus][] = [
  ['OPEN', 'ACCEPT', 'ACCEPTED'],
  ['OPEN', 'DECLINE', 'DECLINED'],
  ['OPEN', 'EXPIRE', 'EXPIRED'],
  ['OPEN', 'WITHDRAW', 'WITHDRAWN'],
];
const refused = OFFER_STATUSES.flatMap((s) =>
  OFFER_EVENTS.filter((e) => !allowed.some(([f, ev]) => f === s && ev === e)).map((e) => [s, e] as const),
);

describe('offer lifecycle', () => {
  it.each(allowed)('%s --%s--> %s', (from, event, to) => {
    expect(nextOfferStatus(from, event)).toBe(to);
  });

  it.each(refused)('refuses %s --%s (an offer is answered once)', (from, event) => {
    expect(nextOfferStatus(from, event)).toBeNull();
  });

  it('covers every status and event pair', () => {
    expect(allowed.length + refused.length).toBe(OFFER_STATUSES.length * OFFER_EVENTS.length);
  });

  it.each(OFFER_EVENTS)('%s leaves only OPEN, towards one status', (event) => {
    expect(offerTransition(event).from).toEqual(['OPEN']);
  });
});
