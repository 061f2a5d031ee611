import { addMonths, Day, dayOf, isoOf } from '../../../common/time/calendar';
import type { TimeSlot } from '../../creches/domain/creche-rules';

/**
 * The estimated window for an offer at one crèche (issue #17), from three facts a family can check:
 * - its rank among the waiting applications whose schedule competes for the same slots (k = 1 + those ahead);
 * - the places of such schedules that children in care will free (contract end, school entry in September of the
 *   year the child turns 3, the crèche's maximum age — 4 years by default);
 * - the pace of admissions of such schedules over the last twelve months.
 * Releases give a date (the k-th release, then the observed pace for the places still missing); the pace alone gives
 * another (k admissions at the observed monthly pace). The
 * window spans both, at least a month either side of its centre; with one of the two, ±30 % of the wait (at least two
 * months). With neither, there is no estimate. Days are civil days; months are 30.44 days.
 */
export interface WaitEstimateInput {
  readonly asOf: Day;
  /** Waiting applications ranked ahead whose schedule competes with this one. */
  readonly competitorsAhead: number;
  /** Days on which a place of a competing schedule frees up (any order; those before `asOf` are ignored). */
  readonly releases: readonly Day[];
  /** Admissions of competing schedules in the twelve months before `asOf`. */
  readonly admissionsLast12Months: number;
}

export type EstimateMethod = 'RELEASES_AND_PACE' | 'RELEASES' | 'PACE';

export interface WaitEstimate {
  readonly expected: Day;
  readonly earliest: Day;
  readonly latest: Day;
  readonly method: EstimateMethod;
  /** 1 + competing applications ahead. */
  readonly competingRank: number;
  /** Releases counted (from `asOf` on). */
  readonly releases: number;
  readonly admissionsLast12Months: number;
}

export const DAYS_PER_MONTH = 30.44;
/** Releases further than this are not counted: a family's plans and the waitlist change long before. */
export const RELEASE_HORIZON_MONTHS = 36;

export function estimateWait(input: WaitEstimateInput): WaitEstimate | null {
  const k = input.competitorsAhead + 1;
  const horizon = addMonths(input.asOf, RELEASE_HORIZON_MONTHS);
  const upcoming = input.releases.filter((d) => d >= input.asOf && d <= horizon).sort((a, b) => a - b);
  const perMonth = input.admissionsLast12Months / 12;
  const atPace = (from: Day, places: number) => from + Math.round((places / perMonth) * DAYS_PER_MONTH);
  const byPace = perMonth > 0 ? atPace(input.asOf, k) : null;
  // The k-th release; past the last known one, the places still missing come at the observed pace.
  const byReleases =
    upcoming.length >= k
      ? upcoming[k - 1]
      : perMonth > 0 && upcoming.length > 0
        ? atPace(upcoming[upcoming.length - 1], k - upcoming.length)
        : null;
  const base = { competingRank: k, releases: upcoming.length, admissionsLast12Months: input.admissionsLast12Months };
  if (byReleases !== null && byPace !== null) {
    const expected = Math.round((byReleases + byPace) / 2);
    const month = Math.round(DAYS_PER_MONTH);
    return {
      ...base,
      method: 'RELEASES_AND_PACE',
      expected,
      earliest: Math.max(input.asOf, Math.min(byReleases, byPace, expected - month)),
      latest: Math.max(byReleases, byPace, expected + month),
    };
  }
  const only = byReleases ?? byPace;
  if (only === null) return null;
  const spread = Math.max(Math.round(2 * DAYS_PER_MONTH), Math.round(0.3 * (only - input.asOf)));
  return {
    ...base,
    method: byReleases !== null ? 'RELEASES' : 'PACE',
    expected: only,
    earliest: Math.max(input.asOf, only - spread),
    latest: only + spread,
  };
}

/**
 * The day a child in care frees its place: the day after its contract ends, or its school entry (1 September of the
 * year it turns 3: compulsory schooling from 3, Code de l'éducation art. L131-1), or the day it reaches the crèche's
 * maximum age, whichever comes first. `birth` null (not known): the contract's end only.
 */
export function releaseDay(c: {
  readonly endDate: Day;
  readonly birth: Day | null;
  readonly maxAgeMonths: number;
}): Day {
  if (c.birth === null) return c.endDate + 1;
  const schoolEntry = dayOf(`${Number(isoOf(c.birth).slice(0, 4)) + 3}-09-01`);
  return Math.min(c.endDate + 1, schoolEntry, addMonths(c.birth, c.maxAgeMonths));
}

/** Two weekly schedules compete for the same slots when they share some time on some weekday. */
export function schedulesCompete(a: readonly TimeSlot[], b: readonly TimeSlot[]): boolean {
  return a.some((x) => b.some((y) => x.weekday === y.weekday && x.from < y.to && y.from < x.to));
}

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/** "septembre 2027" */
export function monthLabel(day: Day): string {
  const iso = isoOf(day);
  return `${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
}

/** "≈ septembre 2027, entre juin et novembre" (the years are written when the window crosses one). */
export function windowText(e: WaitEstimate): string {
  const [earliest, expected, latest] = [e.earliest, e.expected, e.latest].map(monthLabel);
  const year = (d: Day) => isoOf(d).slice(0, 4);
  const sameYear = year(e.earliest) === year(e.latest) && year(e.earliest) === year(e.expected);
  const strip = (label: string) => label.replace(/ \d{4}$/, '');
  return sameYear
    ? `≈ ${expected}, entre ${strip(earliest)} et ${strip(latest)}`
    : `≈ ${expected}, entre ${earliest} et ${latest}`;
}

const ordinal = (n: number) => (n === 1 ? '1re' : `${n}e`);
const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/** The basis in plain French: rank, releases, pace. */
export function basisText(e: WaitEstimate): string {
  const releases =
    e.releases === 0
      ? `aucune place de ces horaires ne se libère dans les ${RELEASE_HORIZON_MONTHS} prochains mois d'après les contrats en cours`
      : `${plural(e.releases, 'place de ces horaires se libère', 'places de ces horaires se libèrent')} dans les ${RELEASE_HORIZON_MONTHS} prochains mois (fins de contrat, entrées à l'école en septembre, limite d'âge de la crèche)`;
  const pace =
    e.admissionsLast12Months === 0
      ? "la crèche n'a admis aucun enfant sur ces horaires au cours des 12 derniers mois"
      : `la crèche a admis ${plural(e.admissionsLast12Months, 'enfant', 'enfants')} sur ces horaires au cours des 12 derniers mois`;
  return `Votre demande est ${ordinal(e.competingRank)} parmi celles dont les horaires concurrencent les vôtres ; ${releases} ; ${pace}. C'est une estimation, pas un engagement.`;
}
