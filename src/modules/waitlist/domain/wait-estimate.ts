import { addMonths, Day, dayOf, isoOf } from '../../../common/time/calendar';
import { frenchMonth } from '../../../common/text/french-dates';
import type { TimeSlot } from '../../creches/domain/creche-rules';

/**
 * The estimated window for an offer at one crèche (issue #17), from three facts a family can check:
 * - its rank among the waiting applications whose schedule competes for the same slots; not all of those ahead will
 *   take a place: as many leave the list without an offer from the crèche (withdrawn, lapsed, admitted elsewhere) as
 *   did over the last twelve months, so k = 1 + those ahead × (1 − that share), rounded;
 * - the places of such schedules that children in care will free (contract end, school entry in September of the
 *   year the child turns 3, the crèche's maximum age — 4 years by default);
 * - the pace of admissions of such schedules over the last twelve months.
 * Releases give a date (the k-th release, then the observed pace for the places still missing); the pace alone gives
 * another (k admissions at the observed monthly pace). The expected date is midway; the window spans both dates and
 * at least half the wait either side of the expected date (never less than two months); with one of the two, that
 * date ± the same. With neither, there is no estimate. Half the wait: on the demo's history about 7 offers in 10 came
 * inside the window (`npm run bench`). Days are civil days; months are 30.44 days.
 */
export interface WaitEstimateInput {
  readonly asOf: Day;
  /** Waiting applications ranked ahead whose schedule competes with this one. */
  readonly competitorsAhead: number;
  /** Days on which a place of a competing schedule frees up (any order; those before `asOf` are ignored). */
  readonly releases: readonly Day[];
  /** Admissions of competing schedules in the twelve months before `asOf`. */
  readonly admissionsLast12Months: number;
  /**
   * Of the competing applications that left this crèche's list in the last twelve months, the share that left without
   * an offer from it (0‥1; 0 when none left).
   */
  readonly leftWithoutOfferShare: number;
}

export type EstimateMethod = 'RELEASES_AND_PACE' | 'RELEASES' | 'PACE';

export interface WaitEstimate {
  readonly expected: Day;
  readonly earliest: Day;
  readonly latest: Day;
  readonly method: EstimateMethod;
  /** 1 + competing applications ahead. */
  readonly competingRank: number;
  /** 1 + those ahead expected to stay until an offer (k). */
  readonly expectedRank: number;
  /** The share of leavers without an offer, in percent (rounded). */
  readonly leftWithoutOfferPercent: number;
  /** Releases counted (from `asOf` on). */
  readonly releases: number;
  readonly admissionsLast12Months: number;
}

export const DAYS_PER_MONTH = 30.44;
/** Releases further than this are not counted: a family's plans and the waitlist change long before. */
export const RELEASE_HORIZON_MONTHS = 36;

export function estimateWait(input: WaitEstimateInput): WaitEstimate | null {
  const share = Math.min(1, Math.max(0, input.leftWithoutOfferShare));
  const k = 1 + Math.round(input.competitorsAhead * (1 - share));
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
  const spreadOf = (d: Day) => Math.max(Math.round(2 * DAYS_PER_MONTH), Math.round(0.5 * (d - input.asOf)));
  const base = {
    competingRank: input.competitorsAhead + 1,
    expectedRank: k,
    leftWithoutOfferPercent: Math.round(share * 100),
    releases: upcoming.length,
    admissionsLast12Months: input.admissionsLast12Months,
  };
  if (byReleases !== null && byPace !== null) {
    const expected = Math.round((byReleases + byPace) / 2);
    const spread = spreadOf(expected);
    return {
      ...base,
      method: 'RELEASES_AND_PACE',
      expected,
      earliest: Math.max(input.asOf, Math.min(byReleases, byPace, expected - spread)),
      latest: Math.max(byReleases, byPace, expected + spread),
    };
  }
  const only = byReleases ?? byPace;
  if (only === null) return null;
  const spread = spreadOf(only);
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

/**
 * What the estimate reads about one crèche for one application, as the API's read model gives it
 * (src/read-models/wait-estimate.read-model.ts): schedules and dates only.
 */
export interface WaitEstimateFacts {
  readonly asOf: Day;
  /** The schedule the application requests at the crèche. */
  readonly schedule: readonly TimeSlot[];
  /** The schedules requested at the crèche by the waiting applications ranked ahead of it. */
  readonly aheadSchedules: readonly (readonly TimeSlot[])[];
  /** The crèche's contracts whose written end is on `asOf` or later, with the child's birth and the crèche's age limit. */
  readonly inCare: readonly {
    readonly schedule: readonly TimeSlot[];
    readonly endDate: Day;
    readonly birth: Day | null;
    readonly maxAgeMonths: number;
  }[];
  /** The schedules of the crèche's contracts that started in the twelve months up to `asOf` (its admissions). */
  readonly admissions: readonly (readonly TimeSlot[])[];
  /**
   * The applications that left the crèche's list in the twelve months before `asOf`: their schedule, and whether they
   * left with an offer from the crèche (`offered`) or without one (withdrawn, lapsed, admitted elsewhere).
   */
  readonly leavers: readonly { readonly schedule: readonly TimeSlot[]; readonly offered: boolean }[];
}

/**
 * The estimate from the crèche's facts (what WaitEstimateService and the back-test both call): only the schedules that
 * compete with the application's count — those ranked ahead, the places that will free up (`releaseDay`), the
 * admissions, and the leavers whose share without an offer thins the rank.
 */
export function estimateFromFacts(f: WaitEstimateFacts): WaitEstimate | null {
  const competes = (other: readonly TimeSlot[]) => schedulesCompete(f.schedule, other);
  const leavers = f.leavers.filter((l) => competes(l.schedule));
  return estimateWait({
    asOf: f.asOf,
    competitorsAhead: f.aheadSchedules.filter(competes).length,
    releases: f.inCare.filter((c) => competes(c.schedule)).map((c) => releaseDay(c)),
    admissionsLast12Months: f.admissions.filter(competes).length,
    leftWithoutOfferShare: leavers.length ? leavers.filter((l) => !l.offered).length / leavers.length : 0,
  });
}

/** Two weekly schedules compete for the same slots when they share some time on some weekday. */
export function schedulesCompete(a: readonly TimeSlot[], b: readonly TimeSlot[]): boolean {
  return a.some((x) => b.some((y) => x.weekday === y.weekday && x.from < y.to && y.from < x.to));
}

/** "septembre 2027" */
export function monthLabel(day: Day): string {
  return frenchMonth(isoOf(day));
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

/** The basis in plain French: rank, releases, pace (admissions of any origin, not only from the waitlist). */
export function basisText(e: WaitEstimate): string {
  const releases =
    e.releases === 0
      ? `aucune place de ces horaires ne se libère dans les ${RELEASE_HORIZON_MONTHS} prochains mois d'après les contrats en cours`
      : `${plural(e.releases, 'place de ces horaires se libère', 'places de ces horaires se libèrent')} dans les ${RELEASE_HORIZON_MONTHS} prochains mois (fins de contrat, entrées à l'école en septembre, limite d'âge de la crèche)`;
  // Every contract that started counts, whether its child came from Berceau's waitlist or was admitted by the crèche
  // directly: said so, beside the score of the last family admitted from the waitlist (which may be none yet).
  const pace =
    e.admissionsLast12Months === 0
      ? "aucun contrat sur ces horaires n'a commencé dans la crèche au cours des 12 derniers mois"
      : `${plural(e.admissionsLast12Months, 'contrat sur ces horaires a commencé', 'contrats sur ces horaires ont commencé')} dans la crèche au cours des 12 derniers mois (toutes admissions, par la liste d'attente de Berceau ou directement par la crèche)`;
  // Said as what is expected of those ahead, not as a count beside the rank: "3e … on compte donc 0 demande devant
  // vous" read as a contradiction to a family (a review).
  const ahead = e.competingRank - 1;
  const staying = e.expectedRank - 1;
  const attrition =
    e.leftWithoutOfferPercent === 0 || ahead === 0
      ? ''
      : ` ; ${e.leftWithoutOfferPercent} % des demandes de ces horaires sorties de la liste en 12 mois l'ont quittée sans offre de la crèche : des ${plural(ahead, 'demande', 'demandes')} devant la vôtre, ${staying === 0 ? "on estime qu'aucune ne sera encore là" : staying === 1 ? "on estime qu'une sera encore là" : `on estime que ${staying} seront encore là`} à votre tour`;
  return `Votre demande est ${ordinal(e.competingRank)} parmi celles dont les horaires concurrencent les vôtres${attrition} ; ${releases} ; ${pace}. C'est une estimation, pas un engagement.`;
}
