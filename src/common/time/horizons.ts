import { addMonths, dayOf, isoOf } from './calendar';

/**
 * How far the dates Berceau accepts may reach (issue #13: a child expected in 8999 froze the API, as every walk over
 * days had no end). Every date of a request is a civil date of years CALENDAR_YEARS; the dates below are bounded
 * further, relative to today. Each is a 400 naming the field. Documented in the README ("Dates and their horizons").
 */
export const CALENDAR_YEARS = { from: 2000, to: 2099 } as const;
export const HORIZONS = {
  /** An application's desired start: at most 3 years ahead. */
  startYearsAhead: 3,
  /** An expected birth: at most 10 months ahead. */
  expectedBirthMonthsAhead: 10,
  /** A contract: at most 5 years long. */
  contractYears: 5,
  /** A queried period (occupancy, reports): at most 366 days. */
  queryRangeDays: 366,
} as const;

export interface HorizonProblem {
  readonly field: string;
  readonly errors: string[];
}

/** `date` is no later than `months` months after `today` (ISO dates); otherwise a problem naming `field`. */
export function notAfterMonths(
  field: string,
  date: string,
  today: string,
  months: number,
  what: string,
): HorizonProblem[] {
  const limit = isoOf(addMonths(dayOf(today), months));
  return date > limit ? [{ field, errors: [`${field} must be at most ${what} ahead (${limit} at the latest)`] }] : [];
}

export function startHorizon(field: string, date: string, today: string): HorizonProblem[] {
  return notAfterMonths(field, date, today, 12 * HORIZONS.startYearsAhead, `${HORIZONS.startYearsAhead} years`);
}

export function expectedBirthHorizon(field: string, date: string, today: string): HorizonProblem[] {
  return notAfterMonths(
    field,
    date,
    today,
    HORIZONS.expectedBirthMonthsAhead,
    `${HORIZONS.expectedBirthMonthsAhead} months`,
  );
}

/**
 * A child's dates against today (ISO dates): a birth date is today or earlier (a child "born" in the future is an
 * expected birth); an expected birth is today or later, and at most 10 months ahead (once the day has passed, the
 * child is born: its birth date is asked for instead). Each problem names its field.
 */
export function childDatesProblems(
  dates: { birthDate?: string; expectedBirthDate?: string },
  today: string,
): HorizonProblem[] {
  const problems: HorizonProblem[] = [];
  if (dates.birthDate !== undefined && dates.birthDate > today)
    problems.push({ field: 'birthDate', errors: [`birthDate must not be in the future (today is ${today})`] });
  if (dates.expectedBirthDate !== undefined) {
    if (dates.expectedBirthDate < today)
      problems.push({
        field: 'expectedBirthDate',
        errors: [
          `expectedBirthDate must not be in the past (today is ${today}): once the child is born, give its birthDate`,
        ],
      });
    else problems.push(...expectedBirthHorizon('expectedBirthDate', dates.expectedBirthDate, today));
  }
  return problems;
}

/** A contract lasts at most 5 years from its start. */
export function contractLengthHorizon(startDate: string, endDate: string): HorizonProblem[] {
  const limit = isoOf(addMonths(dayOf(startDate), 12 * HORIZONS.contractYears) - 1);
  return endDate > limit
    ? [
        {
          field: 'endDate',
          errors: [`a contract lasts at most ${HORIZONS.contractYears} years (endDate ${limit} at the latest)`],
        },
      ]
    : [];
}
