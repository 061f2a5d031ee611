import fc from 'fast-check';
import { dayOf, Weekday } from '../../../common/time/calendar';
import { checkAdmission, PresenceIndex } from '../../creches/domain/capacity';
import { compileRules } from '../../creches/domain/creche-rules';
import type { Presence } from '../../creches/domain/presence';
import { compareScored } from '../../waitlist/domain/score';
import { allocate } from './allocate';
import type { AllocationResult, AllocationSnapshot, SnapshotApplicant, SnapshotCreche } from './snapshot';

const START = dayOf('2027-03-01');
const t = (h: number) => h * 60;
const open = [1, 2, 3, 4, 5].map((weekday) => ({ weekday: weekday as Weekday, from: t(6), to: t(20) }));

function creche(id: string, places: number, over: Partial<SnapshotCreche> = {}): SnapshotCreche {
  return {
    id,
    places,
    surnombre: false,
    openingHours: open,
    capacityBands: [],
    closures: [],
    publicHolidays: [],
    opensOnPublicHolidays: false,
    reservedInsertionPlaces: 0,
    minAgeMonths: null,
    maxAgeMonths: 48,
    existing: [],
    ...over,
  };
}
function applicant(id: string, prefs: [string, number][], over: Partial<SnapshotApplicant> = {}): SnapshotApplicant {
  return {
    applicationId: id,
    familyId: `f-${id}`,
    submittedAt: '2026-01-01T00:00:00.000Z',
    socialMinimaOrInsertion: false,
    birth: dayOf('2026-01-01'),
    disability: false,
    start: START,
    end: START + 13,
    slots: [{ weekday: 1, from: t(8), to: t(12) }],
    preferences: prefs.map(([crecheId, score]) => ({ crecheId, score })),
    ...over,
  };
}

describe('allocate', () => {
  it('places the best-ranked children first and says why the others are not placed', () => {
    const result = allocate({
      engineVersion: 'x',
      creches: [creche('A', 1), creche('B', 1)],
      applicants: [
        applicant('a1', [
          ['A', 400],
          ['B', 300],
        ]),
        applicant('a2', [['A', 350]]),
        applicant('a3', [
          ['A', 500],
          ['B', 100],
        ]),
      ],
    });
    expect(result.placements.map((p) => [p.applicationId, p.crecheId])).toEqual([
      ['a3', 'A'],
      ['a1', 'B'],
    ]);
    expect(result.unplaced).toEqual([
      { applicationId: 'a1', reasons: [{ crecheId: 'A', reason: 'OUTRANKED', lowestHeldScore: 500 }] },
      { applicationId: 'a2', reasons: [{ crecheId: 'A', reason: 'OUTRANKED', lowestHeldScore: 500 }] },
    ]);
  });

  it('checks each crèche against the schedule asked of it (#15): a fallback with other hours, its own capacity', () => {
    // A opens 06:00–20:00, B 08:00–18:00. The child asks A for 06:00–14:00 (full: one place, taken by a1) and B for
    // 09:00–17:00, where it shares no hour with a3, who holds B's only place 06:00–09:00 on the same Monday.
    const earlyB = creche('B', 1, {
      openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday: weekday as Weekday, from: t(6), to: t(20) })),
    });
    const shift = [{ weekday: 1 as Weekday, from: t(6), to: t(14) }];
    const day = [{ weekday: 1 as Weekday, from: t(9), to: t(17) }];
    const result = allocate({
      engineVersion: 'x',
      creches: [creche('A', 1), earlyB],
      applicants: [
        applicant('a1', [['A', 500]], { slots: shift }),
        applicant('a2', [], {
          slots: shift,
          preferences: [
            { crecheId: 'A', score: 300 },
            { crecheId: 'B', score: 300, slots: day },
          ],
        }),
        applicant('a3', [['B', 400]], { slots: [{ weekday: 1, from: t(6), to: t(9) }] }),
      ],
    });
    expect(result.placements.map((p) => [p.applicationId, p.crecheId])).toEqual([
      ['a1', 'A'],
      ['a3', 'B'],
      ['a2', 'B'],
    ]);
    // Asked of B on the shift instead, a2 would overlap a3 there and lose (fewer points): the slots given count.
    const same = allocate({
      engineVersion: 'x',
      creches: [creche('A', 1), earlyB],
      applicants: [
        applicant('a1', [['A', 500]], { slots: shift }),
        applicant(
          'a2',
          [
            ['A', 300],
            ['B', 300],
          ],
          { slots: shift },
        ),
        applicant('a3', [['B', 400]], { slots: [{ weekday: 1, from: t(6), to: t(9) }] }),
      ],
    });
    expect(same.placements.map((p) => p.applicationId)).not.toContain('a2');
  });

  it("checks a crèche-specific schedule against that crèche's opening hours only", () => {
    const narrow = creche('B', 1, {
      openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday: weekday as Weekday, from: t(8), to: t(18) })),
    });
    const result = allocate({
      engineVersion: 'x',
      creches: [narrow],
      applicants: [
        applicant('early', [['B', 300]], { slots: [{ weekday: 1, from: t(6), to: t(14) }] }),
        applicant('own', [], {
          slots: [{ weekday: 1, from: t(6), to: t(14) }],
          preferences: [{ crecheId: 'B', score: 200, slots: [{ weekday: 2, from: t(8), to: t(16) }] }],
        }),
      ],
    });
    expect(result.placements.map((p) => p.applicationId)).toEqual(['own']);
    expect(result.unplaced[0]).toMatchObject({
      applicationId: 'early',
      reasons: [{ crecheId: 'B', reason: 'CLOSED' }],
    });
  });

  it('reports no capacity with the conflicting day and hours, a closed slot, and age', () => {
    const full = creche('A', 1, {
      existing: [
        { kind: 'REGULAR', id: 'c', start: START, end: START + 30, slots: [{ weekday: 1, from: t(8), to: t(10) }] },
      ],
    });
    const result = allocate({
      engineVersion: 'x',
      creches: [full, creche('B', 5), creche('C', 5, { minAgeMonths: 18 })],
      applicants: [
        applicant(
          'a1',
          [
            ['A', 400],
            ['B', 300],
            ['C', 200],
          ],
          { slots: [{ weekday: 1, from: t(9), to: t(21) }] },
        ),
      ],
    });
    expect(result.placements).toEqual([]);
    expect(result.unplaced[0].reasons).toEqual([
      {
        crecheId: 'A',
        reason: 'NO_CAPACITY',
        conflict: { date: '2027-03-01', from: '09:00', to: '10:00', rule: 'PLACES' },
      },
      { crecheId: 'B', reason: 'CLOSED', conflict: { date: '2027-03-01', from: '20:00', to: '21:00', rule: 'CLOSED' } },
      { crecheId: 'C', reason: 'AGE' },
    ]);
  });

  it('honours reserved places for families on social minima or in insertion before priority', () => {
    const result = allocate({
      engineVersion: 'x',
      creches: [creche('A', 2, { reservedInsertionPlaces: 1 })],
      applicants: [
        applicant('a1', [['A', 500]]),
        applicant('a2', [['A', 450]]),
        applicant('a3', [['A', 100]], { socialMinimaOrInsertion: true }),
      ],
    });
    expect(result.placements.map((p) => [p.applicationId, p.reserved])).toEqual([
      ['a1', false],
      ['a3', true],
    ]);
  });

  it('fits children with complementary schedules into one place', () => {
    const result = allocate({
      engineVersion: 'x',
      creches: [creche('A', 1)],
      applicants: [
        applicant('early', [['A', 300]], { slots: [{ weekday: 1, from: t(6), to: t(13) }] }),
        applicant('late', [['A', 200]], { slots: [{ weekday: 1, from: t(13), to: t(20) }] }),
      ],
    });
    expect(result.placements).toHaveLength(2);
  });
});

// ---- properties -------------------------------------------------------------------------------------------------

const slotArb = fc
  .record({
    weekday: fc.integer({ min: 1, max: 5 }),
    from: fc.integer({ min: 6, max: 17 }),
    len: fc.integer({ min: 1, max: 6 }),
  })
  .map((s) => ({ weekday: s.weekday as Weekday, from: t(s.from), to: t(Math.min(20, s.from + s.len)) }));
const snapshotArb = (reserved: boolean): fc.Arbitrary<AllocationSnapshot> =>
  fc
    .record({
      places: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
      quota: reserved ? fc.integer({ min: 0, max: 1 }) : fc.constant(0),
      apps: fc.array(
        fc.record({
          prefs: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }),
          scores: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 3, maxLength: 3 }),
          slots: fc.array(slotArb, { minLength: 1, maxLength: 2 }),
          insertion: fc.boolean(),
          startOffset: fc.integer({ min: 0, max: 7 }),
          young: fc.integer({ min: 0, max: 9 }),
        }),
        { maxLength: 12 },
      ),
    })
    .map(({ places, quota, apps }) => {
      const creches = places.map((p, i) =>
        creche(`C${i}`, p, {
          reservedInsertionPlaces: quota,
          existing:
            i === 0
              ? [
                  {
                    kind: 'REGULAR',
                    id: 'x',
                    start: START,
                    end: START + 30,
                    slots: [{ weekday: 1, from: t(8), to: t(10) }],
                  },
                ]
              : [],
        }),
      );
      const applicants = apps.map((a, i) =>
        applicant(
          `a${String(i).padStart(2, '0')}`,
          a.prefs.filter((p) => p < places.length).map((p) => [`C${p}`, a.scores[p]] as [string, number]),
          {
            slots: a.slots,
            socialMinimaOrInsertion: a.insertion,
            start: START + a.startOffset,
            end: START + a.startOffset + 13,
            birth: a.young === 0 ? START - 30 : dayOf('2026-01-01'),
            submittedAt: `2026-01-0${1 + (i % 9)}T00:00:00.000Z`,
          },
        ),
      );
      return { engineVersion: 'x', creches, applicants: applicants.filter((a) => a.preferences.length > 0) };
    });

function rulesOf(c: SnapshotCreche) {
  return compileRules({
    places: c.places,
    surnombre: c.surnombre,
    openingHours: c.openingHours,
    capacityBands: c.capacityBands,
    closures: c.closures,
    publicHolidays: new Set(c.publicHolidays),
    opensOnPublicHolidays: c.opensOnPublicHolidays,
  });
}
const presence = (a: SnapshotApplicant): Presence => ({
  kind: 'REGULAR',
  id: a.applicationId,
  start: a.start,
  end: a.end,
  slots: a.slots,
});
const heldAt = (s: AllocationSnapshot, r: AllocationResult, crecheId: string) =>
  r.placements
    .filter((p) => p.crecheId === crecheId)
    .map((p) => s.applicants.find((a) => a.applicationId === p.applicationId)!);
const fitsWith = (c: SnapshotCreche, others: SnapshotApplicant[], a: SnapshotApplicant) =>
  checkAdmission({
    rules: rulesOf(c),
    existing: new PresenceIndex([...c.existing, ...others.map(presence)]),
    candidate: presence(a),
  }).ok;
const ageOk = (a: SnapshotApplicant) => a.birth !== START - 30;
/** Children that `a` prefers to its outcome. */
function betterCreches(s: AllocationSnapshot, r: AllocationResult, a: SnapshotApplicant): SnapshotCreche[] {
  const placed = r.placements.find((p) => p.applicationId === a.applicationId);
  const limit = placed ? placed.preferencePosition - 1 : a.preferences.length;
  return a.preferences.slice(0, limit).map((p) => s.creches.find((c) => c.id === p.crecheId)!);
}

describe('allocate properties', () => {
  it('never exceeds capacity at any crèche', () => {
    fc.assert(
      fc.property(snapshotArb(true), (s) => {
        const r = allocate(s);
        for (const c of s.creches) {
          const index = new PresenceIndex(c.existing);
          for (const a of heldAt(s, r, c.id)) {
            expect(checkAdmission({ rules: rulesOf(c), existing: index, candidate: presence(a) }).ok).toBe(true);
            index.add(presence(a));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('leaves no justified envy: no crèche a child prefers could hold it instead of a lower-priority child', () => {
    fc.assert(
      fc.property(snapshotArb(false), (s) => {
        const r = allocate(s);
        for (const a of s.applicants.filter(ageOk)) {
          for (const c of betterCreches(s, r, a)) {
            const held = heldAt(s, r, c.id);
            const key = (x: SnapshotApplicant) => ({
              score: x.preferences.find((p) => p.crecheId === c.id)!.score,
              submittedAt: x.submittedAt,
              id: x.applicationId,
            });
            for (const b of held.filter((b) => compareScored(key(a), key(b)) < 0)) {
              expect(
                fitsWith(
                  c,
                  held.filter((x) => x !== b),
                  a,
                ),
              ).toBe(false);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is non-wasteful: no child is left out of a crèche it prefers where it would fit as things stand', () => {
    fc.assert(
      fc.property(snapshotArb(true), (s) => {
        const r = allocate(s);
        for (const a of s.applicants.filter(ageOk)) {
          for (const c of betterCreches(s, r, a)) expect(fitsWith(c, heldAt(s, r, c.id), a)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same result whatever the order of the snapshot lists', () => {
    fc.assert(
      fc.property(snapshotArb(true), (s) => {
        const reversed = { ...s, creches: [...s.creches].reverse(), applicants: [...s.applicants].reverse() };
        expect(allocate(reversed)).toEqual(allocate(s));
      }),
      { numRuns: 200 },
    );
  });
});
