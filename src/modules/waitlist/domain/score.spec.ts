import fc from 'fast-check';
import { DEFAULT_ATYPICAL_HOURS } from '../../territories/domain/atypical-hours';
import { minuteOf } from '../../../common/time/calendar';
import type { PriorityPolicy } from './priority-policy';
import { fullMonthsBetween, rankScored, scoreApplication, ScoringFamily } from './score';
import { SEED_POLICY } from './seed-policy';

const policy: PriorityPolicy = { id: 'p', version: 1, effectiveFrom: '2019-01-01', ...SEED_POLICY };
const creche = { id: 'c1', territoryCommunes: new Set(['88372', '88035']), atypicalHours: DEFAULT_ATYPICAL_HOURS };
const family: ScoringFamily = {
  communeInseeCode: '88372',
  parentsActivity: 'BOTH_WORKING',
  singleParent: false,
  atypicalWorkHours: false,
  socialMinimaOrInsertion: false,
  otherHouseholdDisability: false,
  siblingCrecheIds: new Set(),
};
const day = (from: string, to: string, weekday = 1) => ({ weekday, from: minuteOf(from), to: minuteOf(to) });
const application = {
  id: 'a1',
  submittedAt: '2026-01-10T09:00:00.000Z',
  refusals: 0,
  schedule: [day('08:00', '17:00')],
};
const child = { disability: false, multipleBirth: false };
const score = (
  over: {
    family?: Partial<ScoringFamily>;
    application?: Partial<typeof application>;
    child?: Partial<typeof child>;
    asOf?: string;
  } = {},
) =>
  scoreApplication({
    application: { ...application, ...over.application },
    family: { ...family, ...over.family },
    child: { ...child, ...over.child },
    creche,
    policy,
    asOf: over.asOf ?? '2026-01-10',
  });

describe('scoreApplication', () => {
  it('explains a resident family with both parents working: 300 + 40', () => {
    expect(score()).toEqual({
      score: 340,
      breakdown: [
        { criterion: 'RESIDES_IN_TERRITORY', points: 300 },
        { criterion: 'BOTH_WORKING', points: 40 },
      ],
    });
  });

  it('gives the atypical-hours points only when the schedule uses atypical hours the crèche covers', () => {
    expect(score({ family: { atypicalWorkHours: true } }).score).toBe(340);
    const early = score({ family: { atypicalWorkHours: true }, application: { schedule: [day('05:30', '13:30')] } });
    expect(early.breakdown).toContainEqual({ criterion: 'ATYPICAL_HOURS_COVERED', points: 50 });
    const saturday = score({
      family: { atypicalWorkHours: true },
      application: { schedule: [day('09:00', '12:00', 6)] },
    });
    expect(saturday.score).toBe(390);
  });

  it.each([
    [{ family: { communeInseeCode: '75056' } }, 40],
    [{ family: { singleParent: true } }, 370],
    [{ family: { parentsActivity: 'ONE_WORKING_ONE_JOBSEEKING' as const } }, 320],
    [{ family: { parentsActivity: 'ONE_WORKING_ONE_INACTIVE' as const } }, 310],
    [{ family: { parentsActivity: 'NONE_WORKING' as const } }, 300],
    [{ family: { socialMinimaOrInsertion: true } }, 380],
    [{ child: { disability: true } }, 370],
    [{ family: { otherHouseholdDisability: true } }, 360],
    [{ family: { siblingCrecheIds: new Set(['c1']) } }, 360],
    [{ family: { siblingCrecheIds: new Set(['other']) } }, 340],
    [{ child: { multipleBirth: true } }, 360],
    [{ asOf: '2026-04-09' }, 344], // 2 full months
    [{ asOf: '2026-04-10' }, 346], // 3 full months
    [{ asOf: '2030-01-10' }, 388], // capped at 24 months
    [{ application: { refusals: 2 } }, 300],
  ])('%j → %i', (over, expected) => {
    expect(score(over).score).toBe(expected);
  });

  it('counts whole months only', () => {
    expect(fullMonthsBetween('2026-01-31T10:00:00Z', '2026-02-28')).toBe(1);
    expect(fullMonthsBetween('2026-01-31T10:00:00Z', '2026-02-27')).toBe(0);
  });
});

describe('rankScored', () => {
  it('breaks ties by earlier submission, then by application id', () => {
    const ranked = rankScored([
      { id: 'b', score: 340, submittedAt: '2026-01-10T09:00:00.000Z' },
      { id: 'a', score: 340, submittedAt: '2026-01-10T09:00:00.000Z' },
      { id: 'c', score: 340, submittedAt: '2026-01-09T09:00:00.000Z' },
      { id: 'd', score: 400, submittedAt: '2026-02-01T09:00:00.000Z' },
    ]);
    expect(ranked.map((r) => r.item.id)).toEqual(['d', 'c', 'a', 'b']);
  });
});

const familyArb = fc.record({
  communeInseeCode: fc.constantFrom('88372', '75056', null),
  parentsActivity: fc.constantFrom(
    'BOTH_WORKING' as const,
    'ONE_WORKING_ONE_JOBSEEKING' as const,
    'ONE_WORKING_ONE_INACTIVE' as const,
    'NONE_WORKING' as const,
  ),
  singleParent: fc.boolean(),
  atypicalWorkHours: fc.boolean(),
  socialMinimaOrInsertion: fc.boolean(),
  otherHouseholdDisability: fc.boolean(),
  siblingCrecheIds: fc.constantFrom(new Set<string>(), new Set(['c1'])),
});
const appArb = fc.record({
  id: fc.uuid(),
  submittedAt: fc
    .integer({ min: 0, max: 1000 })
    .map((d) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString()),
  refusals: fc.integer({ min: 0, max: 3 }),
  family: familyArb,
  child: fc.record({ disability: fc.boolean(), multipleBirth: fc.boolean() }),
  early: fc.boolean(),
});
type App = {
  id: string;
  submittedAt: string;
  refusals: number;
  family: ScoringFamily;
  child: typeof child;
  early: boolean;
};
const scoreAll = (apps: App[]) =>
  apps.map((a) => ({
    id: a.id,
    submittedAt: a.submittedAt,
    score: scoreApplication({
      application: { ...a, schedule: [a.early ? day('05:30', '13:00') : day('08:00', '17:00')] },
      family: a.family,
      child: a.child,
      creche,
      policy,
      asOf: '2027-06-01',
    }).score,
  }));

describe('ranking properties', () => {
  it('never lowers the rank of an application that gains a satisfied positive criterion', () => {
    fc.assert(
      fc.property(
        fc.array(appArb, { minLength: 1, maxLength: 30 }),
        fc.nat(),
        fc.constantFrom('singleParent', 'socialMinimaOrInsertion', 'otherHouseholdDisability'),
        (apps, pick, flag) => {
          const i = pick % apps.length;
          const before = rankScored(scoreAll(apps)).find((r) => r.item.id === apps[i].id)!.rank;
          const improved = apps.map((a, j) => (j === i ? { ...a, family: { ...a.family, [flag]: true } } : a));
          const after = rankScored(scoreAll(improved)).find((r) => r.item.id === apps[i].id)!.rank;
          expect(after).toBeLessThanOrEqual(before);
        },
      ),
    );
  });

  it('is a total order that does not depend on the input order', () => {
    fc.assert(
      fc.property(fc.array(appArb, { maxLength: 30 }), (apps) => {
        const a = rankScored(scoreAll(apps)).map((r) => r.item.id);
        const b = rankScored(scoreAll([...apps].reverse())).map((r) => r.item.id);
        expect(b).toEqual(a);
        expect(new Set(a).size).toBe(
          new Set(apps.map((x) => x.id)).size === apps.length ? apps.length : new Set(a).size,
        );
      }),
    );
  });
});

describe('fullMonthsBetween', () => {
  it('agrees with counting months one by one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 1500 }), (a, gap) => {
        const from = new Date(Date.UTC(2020, 0, 1) + a * 86_400_000);
        const to = new Date(from.getTime() + gap * 86_400_000);
        let months = 0;
        for (;;) {
          const next = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + months + 1, 1));
          const last = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate();
          next.setUTCDate(Math.min(from.getUTCDate(), last));
          if (next > to) break;
          months += 1;
        }
        expect(fullMonthsBetween(from.toISOString(), to.toISOString().slice(0, 10))).toBe(months);
      }),
    );
  });
});
