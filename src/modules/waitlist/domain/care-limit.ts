import { addMonths, Day, dayOf, isoOf } from '../../../common/time/calendar';
import { DISABILITY_MAX_AGE_MONTHS } from '../../creches/domain/age';
import { monthLabel, WaitEstimate, windowText } from './wait-estimate';

export type CareLimitReason = 'SCHOOL_ENTRY' | 'MAX_AGE';

/**
 * One year of care from the desired start, its last day: the end of the month before the start's month a year later
 * (1 September 2027 to 31 August 2028; 4 January 2027 to 31 December 2027). The contract's reserved hours are billed in
 * as many instalments as the calendar months it spans (R4.9): to the eve of the same date a year later, a contract from
 * 4 January spanned 13 months, the 13th billed a full instalment for three days without care (1–3 January). The
 * period a schedule must fit, and an offer's contract.
 */
export function careEndOf(start: Day): Day {
  const [y, m] = isoOf(start).split('-').map(Number);
  // The first day of the start's month a year later, less one day.
  return Date.UTC(y + 1, m - 1, 1) / 86_400_000 - 1;
}

/** The first day the applicant's child can no longer start at the crèche, and why. */
export interface CareLimit {
  readonly day: Day;
  readonly reason: CareLimitReason;
  /** The crèche's maximum age for this child, in months (48 by default; at least 72 with a disability). */
  readonly maxAgeMonths: number;
}

/**
 * The first day a child can no longer start at the crèche (docs/rules.md R10.4): its school entry (1 September of the
 * year it turns 3, Code de l'éducation art. L131-1 — the day a child in care frees its place, `releaseDay`) or the
 * crèche's maximum age (R1.3: a child starts only while younger than it), whichever comes first. A child with a
 * disability is welcome up to 6 years at least (DOMAIN.md §1): past school entry, so only that age limits it. Months
 * on civil dates (`addMonths`). `birth` is the birth date, or the expected one while the child is not born.
 */
export function careLimit(c: {
  readonly birth: Day;
  readonly disability: boolean;
  readonly maxAgeMonths: number;
}): CareLimit {
  const maxAgeMonths = c.disability ? Math.max(c.maxAgeMonths, DISABILITY_MAX_AGE_MONTHS) : c.maxAgeMonths;
  const maxAge = addMonths(c.birth, maxAgeMonths);
  const schoolEntry = dayOf(`${Number(isoOf(c.birth).slice(0, 4)) + 3}-09-01`);
  return !c.disability && schoolEntry < maxAge
    ? { day: schoolEntry, reason: 'SCHOOL_ENTRY', maxAgeMonths }
    : { day: maxAge, reason: 'MAX_AGE', maxAgeMonths };
}

/**
 * The estimate for one child: its window never reaches the day it can no longer start (`limit.day`).
 * - `WINDOW`: the window cut at the day before the limit when it went past it (`cut`: `LATEST` when only its end
 *   did, `EXPECTED` when the expected date did too — then the expected date is that last day, and a place before the
 *   limit is uncertain);
 * - `UNLIKELY`: even the earliest date is on or past the limit — no date, a place before the limit is unlikely.
 * The estimate's basis (rank, releases, pace) is unchanged.
 */
export type ChildWaitEstimate =
  | {
      readonly outlook: 'WINDOW';
      readonly estimate: WaitEstimate;
      readonly limit: CareLimit | null;
      readonly cut: 'NONE' | 'LATEST' | 'EXPECTED';
    }
  | { readonly outlook: 'UNLIKELY'; readonly estimate: WaitEstimate; readonly limit: CareLimit };

export function boundByCareLimit(e: WaitEstimate, limit: CareLimit | null): ChildWaitEstimate {
  if (limit === null || e.latest < limit.day) return { outlook: 'WINDOW', estimate: e, limit, cut: 'NONE' };
  if (e.earliest >= limit.day) return { outlook: 'UNLIKELY', estimate: e, limit };
  const last = limit.day - 1;
  return {
    outlook: 'WINDOW',
    estimate: { ...e, expected: Math.min(e.expected, last), latest: last },
    limit,
    cut: e.expected > last ? 'EXPECTED' : 'LATEST',
  };
}

/** "l'entrée à l'école de votre enfant (septembre 2029)", "ses 4 ans, l'âge limite de la crèche (mars 2030)" */
export function limitText(limit: CareLimit): string {
  const month = monthLabel(limit.day);
  if (limit.reason === 'SCHOOL_ENTRY') return `l'entrée à l'école de votre enfant (${month})`;
  const age = limit.maxAgeMonths % 12 === 0 ? `${limit.maxAgeMonths / 12} ans` : `${limit.maxAgeMonths} mois`;
  return `ses ${age}, l'âge limite de la crèche (${month})`;
}

/** The estimate in plain French, never a date the child cannot start on. */
export function childWindowText(c: ChildWaitEstimate): string {
  if (c.outlook === 'UNLIKELY')
    return `Une place dans cette crèche avant ${limitText(c.limit)} est peu probable : aucune date ne peut être estimée avant.`;
  if (c.cut === 'NONE') return windowText(c.estimate);
  const { earliest, latest } = c.estimate;
  if (c.cut === 'LATEST') return `${windowText(c.estimate)}, avant ${limitText(c.limit!)}`;
  return `Au plus tôt ${monthLabel(earliest)}, au plus tard ${monthLabel(latest)}, avant ${limitText(c.limit!)} : une place avant cette date est incertaine.`;
}
