import type { Minute } from '../../../common/time/calendar';
import { atypicalMinutes, AtypicalHours } from '../../territories/domain/atypical-hours';
import type { CriterionCode, PriorityPolicy } from './priority-policy';

export type ParentsActivity =
  'BOTH_WORKING' | 'ONE_WORKING_ONE_JOBSEEKING' | 'ONE_WORKING_ONE_INACTIVE' | 'NONE_WORKING';

export interface ScoringApplication {
  readonly id: string;
  /** ISO date-time of submission: starts the waiting months and breaks ties. */
  readonly submittedAt: string;
  readonly refusals: number;
  readonly schedule: readonly { weekday: number; from: Minute; to: Minute }[];
}

export interface ScoringFamily {
  readonly communeInseeCode: string | null;
  readonly parentsActivity: ParentsActivity;
  readonly singleParent: boolean;
  readonly atypicalWorkHours: boolean;
  readonly socialMinimaOrInsertion: boolean;
  readonly otherHouseholdDisability: boolean;
  /** Crèches where a brother or sister has a running contract on the day of scoring. */
  readonly siblingCrecheIds: ReadonlySet<string>;
}

export interface ScoringChild {
  readonly disability: boolean;
  readonly multipleBirth: boolean;
}

export interface ScoringCreche {
  readonly id: string;
  readonly territoryCommunes: ReadonlySet<string>;
  readonly atypicalHours: AtypicalHours;
}

export interface ScoreLine {
  readonly criterion: string;
  readonly points: number;
}

export interface Score {
  readonly score: number;
  readonly breakdown: readonly ScoreLine[];
}

/** Minutes per week of the schedule that fall in the territory's atypical hours (public holidays aside). */
export function atypicalMinutesPerWeek(schedule: ScoringApplication['schedule'], def: AtypicalHours): number {
  return schedule.reduce((sum, s) => sum + atypicalMinutes(def, s.weekday, false, s.from, s.to), 0);
}

/**
 * Whole months from `fromIso` to `asOfIso` (dates or date-times): a month counts once the same day-of-month is
 * reached, or the month's last day when it is shorter (31 January → 28 February is one month).
 */
export function fullMonthsBetween(fromIso: string, asOfIso: string): number {
  const [y1, m1, d1] = [Number(fromIso.slice(0, 4)), Number(fromIso.slice(5, 7)), Number(fromIso.slice(8, 10))];
  const [y2, m2, d2] = [Number(asOfIso.slice(0, 4)), Number(asOfIso.slice(5, 7)), Number(asOfIso.slice(8, 10))];
  let months = (y2 - y1) * 12 + (m2 - m1);
  const lastDayOfMonth = new Date(Date.UTC(y2, m2, 0)).getUTCDate();
  if (d2 < d1 && d2 < lastDayOfMonth) months -= 1;
  return Math.max(0, months);
}

/**
 * The application's priority at one crèche under the territory's policy, with one breakdown line per criterion that
 * counted. Deterministic: the clock is `asOf`.
 */
export function scoreApplication(input: {
  application: ScoringApplication;
  family: ScoringFamily;
  child: ScoringChild;
  creche: ScoringCreche;
  policy: PriorityPolicy;
  asOf: string;
}): Score {
  const { application, family, child, creche, policy, asOf } = input;
  const holds: Record<CriterionCode, boolean> = {
    RESIDES_IN_TERRITORY: family.communeInseeCode !== null && creche.territoryCommunes.has(family.communeInseeCode),
    BOTH_WORKING: family.parentsActivity === 'BOTH_WORKING',
    ONE_WORKING_ONE_JOBSEEKING: family.parentsActivity === 'ONE_WORKING_ONE_JOBSEEKING',
    ONE_WORKING_ONE_INACTIVE: family.parentsActivity === 'ONE_WORKING_ONE_INACTIVE',
    ATYPICAL_HOURS_COVERED:
      family.atypicalWorkHours && atypicalMinutesPerWeek(application.schedule, creche.atypicalHours) > 0,
    SINGLE_PARENT: family.singleParent,
    SOCIAL_MINIMA_OR_INSERTION: family.socialMinimaOrInsertion,
    CHILD_DISABILITY: child.disability,
    OTHER_HOUSEHOLD_DISABILITY: family.otherHouseholdDisability,
    SIBLING_ENROLLED: family.siblingCrecheIds.has(creche.id),
    MULTIPLE_BIRTH: child.multipleBirth,
  };
  const breakdown: ScoreLine[] = policy.criteria
    .filter((c) => holds[c.code] && c.points !== 0)
    .map((c) => ({ criterion: c.code, points: c.points }));
  const months = Math.min(fullMonthsBetween(application.submittedAt, asOf), policy.waitingMonthCap);
  if (months > 0 && policy.waitingMonthPoints)
    breakdown.push({ criterion: `WAITING_MONTHS (${months})`, points: months * policy.waitingMonthPoints });
  if (application.refusals > 0 && policy.refusalPenalty)
    breakdown.push({
      criterion: `REFUSALS (${application.refusals})`,
      points: application.refusals * policy.refusalPenalty,
    });
  return { score: breakdown.reduce((sum, l) => sum + l.points, 0), breakdown };
}

export interface Ranked<T> {
  readonly rank: number;
  readonly item: T;
}

/** Higher score first; ties by earlier submission, then by application id: a total order. */
export function compareScored(
  a: { score: number; submittedAt: string; id: string },
  b: { score: number; submittedAt: string; id: string },
): number {
  return (
    b.score - a.score ||
    (a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export function rankScored<T extends { score: number; submittedAt: string; id: string }>(
  items: readonly T[],
): Ranked<T>[] {
  return [...items].sort(compareScored).map((item, i) => ({ rank: i + 1, item }));
}
