import fc from 'fast-check';
import { dayOf, minuteOf, Weekday } from '../../../common/time/calendar';
import { checkAdmission, PresenceIndex } from './capacity';
import { CapacityLedger } from './capacity-ledger';
import { compileRules, CrecheRules } from './creche-rules';
import type { Presence } from './presence';

const START = dayOf('2027-03-01');
const SPAN = 21;
const t = minuteOf;
const slotArb = fc
  .record({
    weekday: fc.integer({ min: 1, max: 7 }),
    a: fc.integer({ min: 48, max: 270 }),
    len: fc.integer({ min: 1, max: 60 }),
  })
  .map(({ weekday, a, len }) => ({ weekday: weekday as Weekday, from: a * 5, to: Math.min(288, a + len) * 5 }));
const presenceArb: fc.Arbitrary<Presence> = fc.oneof(
  fc
    .record({
      s: fc.integer({ min: 0, max: SPAN - 1 }),
      len: fc.integer({ min: 0, max: SPAN }),
      slots: fc.array(slotArb, { minLength: 1, maxLength: 3 }),
    })
    .map(({ s, len, slots }): Presence => ({
      kind: 'REGULAR',
      id: '',
      start: START + s,
      end: Math.min(START + SPAN - 1, START + s + len),
      slots,
    })),
  fc
    .record({
      d: fc.integer({ min: 0, max: SPAN - 1 }),
      slot: slotArb,
      kind: fc.constantFrom('OCCASIONAL' as const, 'EMERGENCY' as const),
    })
    .map(({ d, slot, kind }): Presence => ({ kind, id: '', day: START + d, from: slot.from, to: slot.to })),
);
const rulesArb: fc.Arbitrary<CrecheRules> = fc
  .record({
    places: fc.integer({ min: 1, max: 6 }),
    surnombre: fc.boolean(),
    holiday: fc.integer({ min: 0, max: SPAN - 1 }),
  })
  .map(({ places, surnombre, holiday }) => ({
    places,
    surnombre,
    openingHours: [1, 2, 3, 4, 5, 6].map((weekday) => ({
      weekday: weekday as Weekday,
      from: t('05:00'),
      to: t('21:00'),
    })),
    capacityBands: [1, 2, 3].map((weekday) => ({
      weekday: weekday as Weekday,
      from: t('05:00'),
      to: t('07:00'),
      places: Math.max(1, places - 2),
    })),
    closures: [{ from: START + 10, to: START + 11 }],
    publicHolidays: new Set([START + holiday]),
    opensOnPublicHolidays: false,
  }));

describe(CapacityLedger.name, () => {
  it('answers like checkAdmission while presences are held one after another', () => {
    fc.assert(
      fc.property(rulesArb, fc.array(presenceArb, { maxLength: 25 }), (rules, raw) => {
        const c = compileRules(rules);
        const index = new PresenceIndex();
        const ledger = new CapacityLedger(c, new PresenceIndex(), START, START + SPAN);
        raw.forEach((p0, i) => {
          const p = { ...p0, id: `p${i}` };
          const exact = checkAdmission({ rules: c, existing: index, candidate: p });
          const fast = ledger.fits(p);
          expect(fast.ok).toBe(exact.ok);
          if (!exact.ok && !fast.ok)
            expect(exact.conflicts.some((x) => x.date === fast.conflict.date && x.rule === fast.conflict.rule)).toBe(
              true,
            );
          if (exact.ok) {
            index.add(p);
            ledger.add(p);
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it('gives the room back on release', () => {
    fc.assert(
      fc.property(
        rulesArb,
        fc.array(presenceArb, { maxLength: 15 }),
        presenceArb,
        presenceArb,
        (rules, raw, held, probe) => {
          const c = compileRules(rules);
          const existing = raw.map((p, i) => ({ ...p, id: `p${i}` }));
          const ledger = new CapacityLedger(c, new PresenceIndex(existing), START, START + SPAN);
          const before = ledger.fits(probe).ok;
          ledger.add({ ...held, id: 'h' });
          ledger.release({ ...held, id: 'h' });
          expect(ledger.fits(probe).ok).toBe(before);
        },
      ),
    );
  });
});
