import { dayOf, Weekday } from '../../../common/time/calendar';
import { allocate } from './allocate';
import { eraseHouseholdFromRound } from './erase-household';
import type { AllocationSnapshot, SnapshotApplicant } from './snapshot';

const START = dayOf('2027-09-01');
const open = [1, 2, 3, 4, 5].map((weekday) => ({ weekday: weekday as Weekday, from: 360, to: 1200 }));

function applicant(id: string, familyId: string, over: Partial<SnapshotApplicant> = {}): SnapshotApplicant {
  return {
    applicationId: id,
    familyId,
    submittedAt: '2026-01-01T10:11:12.345Z',
    socialMinimaOrInsertion: true,
    birth: dayOf('2026-02-10'),
    disability: true,
    start: START,
    end: START + 364,
    slots: [{ weekday: 1, from: 480, to: 960 }],
    preferences: [{ crecheId: 'A', score: 300 }],
    ...over,
  };
}

const snapshot: AllocationSnapshot = {
  engineVersion: 'x',
  creches: [
    {
      id: 'A',
      places: 2,
      surnombre: false,
      openingHours: open,
      capacityBands: [],
      closures: [],
      publicHolidays: [],
      opensOnPublicHolidays: false,
      reservedInsertionPlaces: 2,
      minAgeMonths: null,
      maxAgeMonths: 48,
      existing: [],
    },
  ],
  applicants: [applicant('a1', 'erased'), applicant('a2', 'other', { birth: dayOf('2026-03-17') })],
  awaitingVerification: ['a1', 'a2'],
};
const round = { snapshot, result: allocate(snapshot) };

describe('eraseHouseholdFromRound', () => {
  const erased = eraseHouseholdFromRound(round, 'erased')!;

  it.each([
    ['birth, to the first day of its month', 'birth', dayOf('2026-02-01')],
    ['disability, cleared', 'disability', false],
    ['social minima or insertion, cleared', 'socialMinimaOrInsertion', false],
    ['the mark of erasure', 'erased', true],
    ['the submission instant, kept', 'submittedAt', '2026-01-01T10:11:12.345Z'],
    ['the period, kept', 'start', START],
    ['the schedule, kept', 'slots', snapshot.applicants[0].slots],
    ['the preferences and scores, kept', 'preferences', snapshot.applicants[0].preferences],
  ] as const)("the household's entry: %s", (_, field, value) => {
    expect(erased.snapshot.applicants[0][field]).toEqual(value);
  });

  it("leaves the other households' entries and placements as they were", () => {
    expect(erased.snapshot.applicants[1]).toBe(snapshot.applicants[1]);
    expect(erased.result.placements.filter((p) => p.familyId === 'other')).toEqual(
      round.result.placements.filter((p) => p.familyId === 'other'),
    );
    expect(erased.snapshot.awaitingVerification).toEqual(['a2']);
  });

  it('no longer marks its placement as a reserved place', () => {
    expect(round.result.placements.find((p) => p.familyId === 'erased')?.reserved).toBe(true);
    expect(erased.result.placements.find((p) => p.familyId === 'erased')?.reserved).toBe(false);
  });

  it('is null for a round without the household, and once its entries are reduced', () => {
    expect(eraseHouseholdFromRound(round, 'nobody')).toBeNull();
    expect(eraseHouseholdFromRound(erased, 'erased')).toBeNull();
  });

  it('replays on the reduced snapshot', () => {
    const again = allocate(erased.snapshot);
    expect(again.placements.map((p) => p.applicationId).sort()).toEqual(['a1', 'a2']);
  });
});
