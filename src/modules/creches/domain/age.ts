import { addMonths, Day } from '../../../common/time/calendar';

/** Default minimum age (docs/rules.md §1): 10 weeks. A child with a disability is welcome up to 6 years. */
export const DEFAULT_MIN_AGE_DAYS = 70;
export const DISABILITY_MAX_AGE_MONTHS = 72;

export type AgeFit = 'OK' | 'TOO_YOUNG' | 'TOO_OLD';

/** Whether a child born on `birth` may start on `start` at a crèche with these age limits. */
export function ageFit(input: {
  birth: Day;
  start: Day;
  disability: boolean;
  minAgeMonths: number | null;
  maxAgeMonths: number;
}): AgeFit {
  const minStart =
    input.minAgeMonths !== null ? addMonths(input.birth, input.minAgeMonths) : input.birth + DEFAULT_MIN_AGE_DAYS;
  if (input.start < minStart) return 'TOO_YOUNG';
  const maxMonths = input.disability ? Math.max(input.maxAgeMonths, DISABILITY_MAX_AGE_MONTHS) : input.maxAgeMonths;
  return input.start >= addMonths(input.birth, maxMonths) ? 'TOO_OLD' : 'OK';
}
