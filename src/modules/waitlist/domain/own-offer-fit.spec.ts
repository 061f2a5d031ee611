import fc from 'fast-check';
import { dayOf, minuteOf, Weekday } from '../../../common/time/calendar';
import { PresenceIndex } from '../../creches/domain/capacity';
import { CapacityLedger } from '../../creches/domain/capacity-ledger';
import { compileRules, CompiledRules, CrecheRules } from '../../creches/domain/creche-rules';
import type { Presence, RegularPresence } from '../../creches/domain/presence';
import { fitsBesideOwnOffer } from './own-offer-fit';

const START = dayOf('2027-09-06'); // a Monday
const SPAN = 28;
const t = minuteOf;

const rulesOf = (places: number, surnombre: boolean): CrecheRules => ({
  places,
  surnombre,
  openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday: weekday as Weekday, from: t('07:30'), to: t('18:30') })),
  capacityBands: [],
  closures: [],
  publicHolidays: new Set(),
  opensOnPublicHolidays: false,
});
const ledgerOf = (c: CompiledRules, presences: readonly Presence[]) =>
  new CapacityLedger(c, new PresenceIndex(presences), START, START + SPAN);
const regular = (id: string, from: string, to: string, weekdays = [1, 2, 3, 4, 5]): RegularPresence => ({
  kind: 'REGULAR',
  id,
  start: START,
  end: START + SPAN - 1,
  slots: weekdays.map((weekday) => ({ weekday: weekday as Weekday, from: t(from), to: t(to) })),
});

describe(fitsBesideOwnOffer.name, () => {
  // A crèche of 2 places, without surnombre; two open offers of 08:00–16:00 on weekdays hold both places.
  const c = compileRules(rulesOf(2, false));
  const offerA = regular('offer-a', '08:00', '16:00');
  const offerB = regular('offer-b', '08:00', '16:00');
  const asked = regular('application', '08:00', '16:00');

  it('does not count the application’s own offer against it: an offered application fits', () => {
    const ledger = ledgerOf(c, [offerA, offerB]);
    expect(fitsBesideOwnOffer(ledger, asked, offerA)).toEqual({ ok: true });
  });

  it('still counts every other offer: a third application does not fit, 3 children for 2 places', () => {
    const ledger = ledgerOf(c, [offerA, offerB]);
    expect(fitsBesideOwnOffer(ledger, asked, undefined)).toEqual({
      ok: false,
      conflict: { date: '2027-09-06', from: '08:00', to: '16:00', present: 3, limit: 2, rule: 'PLACES' },
    });
  });

  it('leaves the ledger as it found it (the own offer held again for the next application)', () => {
    const ledger = ledgerOf(c, [offerA, offerB]);
    fitsBesideOwnOffer(ledger, asked, offerA);
    expect(ledger.fits(asked)).toMatchObject({ ok: false, conflict: { present: 3, limit: 2 } });
  });

  const slotArb = fc
    .record({
      weekday: fc.integer({ min: 1, max: 6 }),
      a: fc.integer({ min: 84, max: 216 }),
      len: fc.integer({ min: 1, max: 48 }),
    })
    .map(({ weekday, a, len }) => ({ weekday: weekday as Weekday, from: a * 5, to: Math.min(228, a + len) * 5 }));
  const regularArb = fc
    .record({
      s: fc.integer({ min: -7, max: SPAN - 1 }),
      len: fc.integer({ min: 0, max: SPAN + 14 }),
      slots: fc.array(slotArb, { minLength: 1, maxLength: 4 }),
    })
    .map(({ s, len, slots }) => ({ start: START + s, end: START + s + len, slots }));
  const bookingArb = fc
    .record({ d: fc.integer({ min: 0, max: SPAN - 1 }), slot: slotArb })
    .map(({ d, slot }) => ({ day: START + d, from: slot.from, to: slot.to }));

  it('answers as a ledger built without the own offer, and restores the ledger, whatever is planned', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        fc.array(regularArb, { maxLength: 12 }),
        fc.array(bookingArb, { maxLength: 8 }),
        regularArb,
        regularArb,
        regularArb,
        (places, surnombre, contracts, bookings, own0, candidate0, probe0) => {
          const rules = compileRules(rulesOf(places, surnombre));
          const own: Presence = { kind: 'REGULAR', id: 'own', ...own0 };
          const others: Presence[] = [
            ...contracts.map((p, i): Presence => ({ kind: 'REGULAR', id: `c${i}`, ...p })),
            ...bookings.map((b, i): Presence => ({ kind: 'OCCASIONAL', id: `b${i}`, ...b })),
          ];
          const candidate: Presence = { kind: 'REGULAR', id: 'candidate', ...candidate0 };
          const probe: Presence = { kind: 'REGULAR', id: 'probe', ...probe0 };
          const ledger = ledgerOf(rules, [...others, own]);
          const answer = fitsBesideOwnOffer(ledger, candidate, own);
          const expected = ledgerOf(rules, others).fits(candidate);
          expect(answer.ok).toBe(expected.ok);
          // The same first conflict (its segment may end sooner: the own offer's boundaries stay in the ledger).
          if (!answer.ok && !expected.ok) {
            const { to: _to, ...first } = answer.conflict;
            const { to: _expectedTo, ...expectedFirst } = expected.conflict;
            expect(first).toEqual(expectedFirst);
          }
          // Restored: the next application is checked against everything planned, the own offer included.
          const fresh = ledgerOf(rules, [...others, own]);
          expect(ledger.fits(probe)).toEqual(fresh.fits(probe));
          expect(ledger.fits(own)).toEqual(fresh.fits(own));
        },
      ),
      { numRuns: 300 },
    );
  });
});
