import fc from 'fast-check';
import { dayOf, Weekday } from '../../../common/time/calendar';
import { compileRules } from '../../creches/domain/creche-rules';
import type { Presence } from '../../creches/domain/presence';
import { allocate } from './allocate';
import { allocateReference } from '../../../../test/support/allocate-reference';
import { SlotLedger } from './slot-ledger';
import type { AllocationSnapshot, SnapshotApplicant, SnapshotCreche } from './snapshot';

/**
 * Issue #18: the optimised engine (slot ledger, typed arrays) must return exactly what the engine did before it —
 * same placements, same reasons with the same conflicts, same proposal count, same key order — so that stored rounds
 * replay under the same ENGINE_VERSION. `allocateReference` is that engine, kept verbatim.
 */
const START = dayOf('2027-09-06');
const q = (quarterHours: number) => quarterHours * 15;

type Slot = { weekday: Weekday; from: number; to: number };
const slotArb = (minFrom: number, maxTo: number, maxWeekday: number): fc.Arbitrary<Slot> =>
  fc
    .record({
      weekday: fc.integer({ min: 1, max: maxWeekday }),
      from: fc.integer({ min: minFrom, max: maxTo - 1 }),
      len: fc.integer({ min: 1, max: 40 }),
    })
    .map((s) => ({ weekday: s.weekday as Weekday, from: q(s.from), to: q(Math.min(maxTo, s.from + s.len)) }));
// Mostly inside the opening hours of a weekday (so that children compete for places), sometimes not.
const scheduleArb = fc.oneof(
  { weight: 6, arbitrary: fc.array(slotArb(28, 68, 5), { minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: fc.array(slotArb(16, 88, 7), { minLength: 1, maxLength: 4 }) },
);

const crecheArb = (i: number): fc.Arbitrary<SnapshotCreche> =>
  fc
    .record({
      places: fc.integer({ min: 1, max: 9 }),
      surnombre: fc.boolean(),
      days: fc.constantFrom([1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 6], [1, 2, 4, 5]),
      openFrom: fc.integer({ min: 24, max: 32 }),
      openTo: fc.integer({ min: 68, max: 84 }),
      split: fc.boolean(),
      band: fc.option(fc.record({ weekday: fc.integer({ min: 1, max: 5 }), from: fc.integer({ min: 24, max: 60 }) })),
      closure: fc.option(fc.integer({ min: 0, max: 80 })),
      holidays: fc.uniqueArray(fc.integer({ min: 0, max: 120 }), { maxLength: 3 }),
      opensOnPublicHolidays: fc.boolean(),
      reserved: fc.integer({ min: 0, max: 2 }),
      minAgeMonths: fc.option(fc.integer({ min: 2, max: 6 })),
      contracts: fc.array(
        fc.record({
          slots: scheduleArb,
          start: fc.integer({ min: -30, max: 30 }),
          len: fc.integer({ min: 7, max: 200 }),
        }),
        { maxLength: 3 },
      ),
      bookings: fc.array(fc.record({ day: fc.integer({ min: 0, max: 90 }), slot: slotArb(20, 84, 5) }), {
        maxLength: 3,
      }),
    })
    .map((r): SnapshotCreche => {
      const hours = r.days.flatMap((weekday) =>
        r.split
          ? [
              { weekday: weekday as Weekday, from: q(r.openFrom), to: q(48) },
              { weekday: weekday as Weekday, from: q(50), to: q(r.openTo) },
            ]
          : [{ weekday: weekday as Weekday, from: q(r.openFrom), to: q(r.openTo) }],
      );
      const existing: Presence[] = [
        ...r.contracts.map((c, k) => ({
          kind: 'REGULAR' as const,
          id: `x${i}-${k}`,
          start: START + c.start,
          end: START + c.start + c.len,
          slots: c.slots,
        })),
        ...r.bookings.map((b, k) => ({
          kind: (k % 2 ? 'OCCASIONAL' : 'EMERGENCY') as 'OCCASIONAL' | 'EMERGENCY',
          id: `b${i}-${k}`,
          day: START + b.day,
          from: b.slot.from,
          to: b.slot.to,
        })),
      ];
      return {
        id: `C${i}`,
        places: r.places,
        surnombre: r.surnombre,
        openingHours: hours,
        capacityBands: r.band
          ? [
              {
                weekday: r.band.weekday as Weekday,
                from: q(r.band.from),
                to: q(r.band.from + 8),
                places: Math.max(0, r.places - 1),
              },
            ]
          : [],
        closures: r.closure === null ? [] : [{ from: START + r.closure, to: START + r.closure + 6 }],
        publicHolidays: r.holidays.map((d) => START + d),
        opensOnPublicHolidays: r.opensOnPublicHolidays,
        reservedInsertionPlaces: r.reserved,
        minAgeMonths: r.minAgeMonths,
        maxAgeMonths: 48,
        existing,
      };
    });

const snapshotArb: fc.Arbitrary<AllocationSnapshot> = fc
  .integer({ min: 1, max: 4 })
  .chain((n) =>
    fc.record({
      creches: fc.tuple(...Array.from({ length: n }, (_, i) => crecheArb(i))),
      apps: fc.array(
        fc.record({
          // Index n is a crèche that is not in the snapshot.
          prefs: fc.array(
            fc.record({
              c: fc.integer({ min: 0, max: n }),
              score: fc.integer({ min: 0, max: 6 }),
              own: fc.option(scheduleArb),
            }),
            { minLength: 1, maxLength: 4 },
          ),
          slots: scheduleArb,
          insertion: fc.boolean(),
          start: fc.integer({ min: 0, max: 20 }),
          len: fc.integer({ min: 6, max: 120 }),
          ageDays: fc.integer({ min: 20, max: 900 }),
          disability: fc.boolean(),
          submitted: fc.integer({ min: 1, max: 9 }),
          family: fc.integer({ min: 0, max: 8 }),
        }),
        { maxLength: 25 },
      ),
    }),
  )
  .map(({ creches, apps }) => ({
    engineVersion: 'x',
    creches,
    applicants: apps.map((a, i): SnapshotApplicant => ({
      applicationId: `a${String(i).padStart(2, '0')}`,
      familyId: `f${a.family}`,
      submittedAt: `2026-01-0${a.submitted}T00:00:00.000Z`,
      socialMinimaOrInsertion: a.insertion,
      birth: START + a.start - a.ageDays,
      disability: a.disability,
      start: START + a.start,
      end: START + a.start + a.len,
      slots: a.slots,
      preferences: a.prefs.map((p) => ({
        crecheId: `C${p.c}`,
        score: p.score,
        ...(p.own ? { slots: p.own } : {}),
      })),
    })),
  }));

const stats = { runs: 0, placements: 0, capacityRefusals: 0 };
function expectSame(s: AllocationSnapshot): void {
  const expected = allocateReference(s);
  const actual = allocate(s);
  stats.runs += 1;
  stats.placements += actual.placements.length;
  stats.capacityRefusals += actual.unplaced.filter((u) => u.reasons.some((r) => r.reason === 'OUTRANKED')).length;
  expect(actual).toEqual(expected);
  // Same key order too: stored rounds are compared as JSON.
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

describe('allocate against the engine before the slot ledger (#18)', () => {
  it('returns exactly the same allocation on random rounds (surnombre, bands, closures, bookings, own schedules)', () => {
    fc.assert(fc.property(snapshotArb, expectSame), { numRuns: 400 });
  });

  it('returns exactly the same allocation on a crowded round over a year (many displacements and reopenings)', () => {
    for (const seed of [1, 2, 3]) {
      fc.assert(
        fc.property(
          snapshotArb.map((s) => ({
            ...s,
            applicants: s.applicants.map((a) => ({ ...a, end: a.start + 364 })),
          })),
          expectSame,
        ),
        { numRuns: 30, seed },
      );
    }
  });

  it('returns exactly the same allocation where the weekly rule of surnombre binds (long days, 115 % at an instant)', () => {
    const longDays = fc.record({
      days: fc.uniqueArray(fc.integer({ min: 1, max: 5 }), { minLength: 4, maxLength: 5 }),
      from: fc.integer({ min: 28, max: 30 }),
      to: fc.integer({ min: 73, max: 76 }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 12 }),
        fc.array(
          fc.record({
            schedule: longDays,
            score: fc.integer({ min: 0, max: 9 }),
            start: fc.integer({ min: 0, max: 10 }),
          }),
          {
            minLength: 8,
            maxLength: 20,
          },
        ),
        (places, apps) =>
          expectSame({
            engineVersion: 'x',
            creches: [
              {
                id: 'M',
                places,
                surnombre: true,
                openingHours: [1, 2, 3, 4, 5].map((weekday) => ({
                  weekday: weekday as Weekday,
                  from: q(28),
                  to: q(76),
                })),
                capacityBands: [],
                closures: [],
                publicHolidays: [START + 10],
                opensOnPublicHolidays: false,
                reservedInsertionPlaces: 0,
                minAgeMonths: null,
                maxAgeMonths: 48,
                existing: [],
              },
            ],
            applicants: apps.map((a, i) => ({
              applicationId: `m${String(i).padStart(2, '0')}`,
              familyId: `g${i}`,
              submittedAt: '2026-01-01T00:00:00.000Z',
              socialMinimaOrInsertion: false,
              birth: START - 400,
              disability: false,
              start: START + a.start,
              end: START + a.start + 90,
              slots: a.schedule.days.map((weekday) => ({
                weekday: weekday as Weekday,
                from: q(a.schedule.from),
                to: q(a.schedule.to),
              })),
              preferences: [{ crecheId: 'M', score: a.score }],
            })),
          }),
      ),
      { numRuns: 150 },
    );
  });

  it('exercised competition for places (a check of the generators)', () => {
    expect(stats.placements / stats.runs).toBeGreaterThan(1);
    expect(stats.capacityRefusals / stats.runs).toBeGreaterThan(0.3);
  });

  it('keeps the general ledger for schedules outside the day (and answers as before)', () => {
    const s = fc.sample(snapshotArb, { numRuns: 40, seed: 18 });
    for (const snap of s) {
      const odd = {
        ...snap,
        applicants: snap.applicants.map((a, i) =>
          i % 3 ? a : { ...a, slots: [...a.slots, { weekday: 2 as Weekday, from: q(40), to: q(40) }] },
        ),
      };
      expectSame(odd);
    }
    // An empty slot is one the slot ledger declines.
    const c = fc.sample(crecheArb(0), { numRuns: 1, seed: 18 })[0];
    const rules = compileRules({ ...c, publicHolidays: new Set(c.publicHolidays) });
    const empty = {
      kind: 'REGULAR' as const,
      id: 'e',
      start: START,
      end: START + 30,
      slots: [{ weekday: 2 as Weekday, from: q(40), to: q(40) }],
    };
    expect(SlotLedger.of(rules, c.existing, [empty], START, START + 30)).toBeNull();
  });
});
