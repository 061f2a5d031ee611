/** Criteria a territory's policy may give points to: facts about a household, never free-text judgements. */
export const CRITERIA = [
  'RESIDES_IN_TERRITORY',
  'BOTH_WORKING',
  'ONE_WORKING_ONE_JOBSEEKING',
  'ONE_WORKING_ONE_INACTIVE',
  'ATYPICAL_HOURS_COVERED',
  'SINGLE_PARENT',
  'SOCIAL_MINIMA_OR_INSERTION',
  'CHILD_DISABILITY',
  'OTHER_HOUSEHOLD_DISABILITY',
  'SIBLING_ENROLLED',
  'MULTIPLE_BIRTH',
] as const;
export type CriterionCode = (typeof CRITERIA)[number];

export const TIE_BREAKS = ['SUBMITTED_AT', 'APPLICATION_ID'] as const;
export type TieBreak = (typeof TIE_BREAKS)[number];

export interface PolicyCriterion {
  readonly code: CriterionCode;
  readonly label: string;
  readonly points: number;
}

export interface PriorityPolicy {
  readonly id: string;
  readonly version: number;
  readonly effectiveFrom: string;
  readonly criteria: readonly PolicyCriterion[];
  /** Points per full month on the waitlist, up to `waitingMonthCap` months. */
  readonly waitingMonthPoints: number;
  readonly waitingMonthCap: number;
  /** Points per refused offer that matched the request (negative). */
  readonly refusalPenalty: number;
  readonly tieBreak: readonly TieBreak[];
}
