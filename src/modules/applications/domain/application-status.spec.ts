import {
  APPLICATION_EVENTS,
  APPLICATION_STATUSES,
  ApplicationEvent,
  ApplicationStatus,
  applicationTransition,
  nextApplicationStatus,
} from './application-status';

const allowed: [ApplicationStatus, ApplicationEvent, ApplicationStatus][] = [
  ['SUBMITTED', 'OFFER', 'OFFERED'],
  ['SUBMITTED', 'WITHDRAW', 'WITHDRAWN'],
  ['SUBMITTED', 'LAPSE', 'LAPSED'],
  ['OFFERED', 'ACCEPT_OFFER', 'ACCEPTED'],
  ['OFFERED', 'DECLINE_OFFER', 'SUBMITTED'],
  ['OFFERED', 'EXPIRE_OFFER', 'SUBMITTED'],
  ['OFFERED', 'OFFER_WITHDRAWN', 'SUBMITTED'],
  ['OFFERED', 'WITHDRAW', 'WITHDRAWN'],
];
const isAllowed = (s: ApplicationStatus, e: ApplicationEvent) =>
  allowed.some(([from, event]) => from === s && event === e);
const refused = APPLICATION_STATUSES.flatMap((s) =>
  APPLICATION_EVENTS.filter((e) => !isAllowed(s, e)).map((e) => [s, e] as const),
);

describe('application lifecycle', () => {
  it.each(allowed)('%s --%s--> %s', (from, event, to) => {
    expect(nextApplicationStatus(from, event)).toBe(to);
  });

  it.each(refused)('refuses %s --%s', (from, event) => {
    expect(nextApplicationStatus(from, event)).toBeNull();
  });

  it('covers every status and event pair exactly once between the two lists', () => {
    expect(allowed.length + refused.length).toBe(APPLICATION_STATUSES.length * APPLICATION_EVENTS.length);
  });

  it.each(APPLICATION_EVENTS)('gives %s one target status for a conditional update', (event) => {
    const { from, to } = applicationTransition(event);
    expect(from.length).toBeGreaterThan(0);
    for (const s of from) expect(nextApplicationStatus(s, event)).toBe(to);
  });

  it('ends in ACCEPTED, WITHDRAWN and LAPSED (no event leaves them)', () => {
    for (const s of ['ACCEPTED', 'WITHDRAWN', 'LAPSED'] as const) {
      expect(APPLICATION_EVENTS.map((e) => nextApplicationStatus(s, e)).every((t) => t === null)).toBe(true);
    }
  });
});
