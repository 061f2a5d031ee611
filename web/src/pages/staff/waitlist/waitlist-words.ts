import type { components } from '../../../api/schema';
import { criterionFr, pointsFr } from '../../parent/follow-words';

/**
 * The Liste d'attente page's words (issue #19): which claim proves a criterion, a breakdown line's proof in words,
 * the child's age, the hours asked, whether they fit, and the filters as the API takes them. Pure, unit-tested.
 */

/** Entries a page: a few screens of a tablet, more with "Afficher les suivants". */
export const PAGE_SIZE = 10;

/** The claims a manager verifies (src/modules/families/domain/claims.ts). */
export type Claim =
  | 'PARENTS_ACTIVITY'
  | 'SINGLE_PARENT'
  | 'SOCIAL_MINIMA_OR_INSERTION'
  | 'OTHER_HOUSEHOLD_DISABILITY'
  | 'CHILD_DISABILITY'
  | 'MULTIPLE_BIRTH';

const CLAIM_OF: Readonly<Record<string, Claim>> = {
  BOTH_WORKING: 'PARENTS_ACTIVITY',
  ONE_WORKING_ONE_JOBSEEKING: 'PARENTS_ACTIVITY',
  ONE_WORKING_ONE_INACTIVE: 'PARENTS_ACTIVITY',
  SINGLE_PARENT: 'SINGLE_PARENT',
  SOCIAL_MINIMA_OR_INSERTION: 'SOCIAL_MINIMA_OR_INSERTION',
  OTHER_HOUSEHOLD_DISABILITY: 'OTHER_HOUSEHOLD_DISABILITY',
  CHILD_DISABILITY: 'CHILD_DISABILITY',
  MULTIPLE_BIRTH: 'MULTIPLE_BIRTH',
};

/** The claim whose proof earns a criterion's points; null when it needs none (residence, waiting months…). */
export const claimOf = (criterion: string): Claim | null => CLAIM_OF[criterion] ?? null;

/**
 * The declared value a breakdown line shows, sent with its verification so the API verifies what the manager saw: an
 * activity criterion shows that activity; any other line is there because its flag is declared (true).
 */
export const claimValueOf = (criterion: string): components['schemas']['VerifyClaimDto']['value'] =>
  claimOf(criterion) === 'PARENTS_ACTIVITY' ? (criterion as 'BOTH_WORKING') : true;

/**
 * The child is over the crèche's age limit at the desired start and admitted on a declared disability alone: rounds
 * leave it out (reason AGE) until the manager verifies the disability (docs/rules.md R1.3).
 */
export function awaitsDisabilityProof(
  entry: { ageAtStartMonths: number; breakdown: readonly BreakdownLine[] },
  maxAgeMonths: number,
): boolean {
  return (
    entry.ageAtStartMonths >= maxAgeMonths &&
    entry.breakdown.some((l) => l.criterion === 'CHILD_DISABILITY' && !l.verified)
  );
}

/** The child's claims are recorded on the child (the API needs its id). */
export const isChildClaim = (claim: Claim) => claim === 'CHILD_DISABILITY' || claim === 'MULTIPLE_BIRTH';

export type BreakdownLine = components['schemas']['VerifiedScoreLineDto'];

export type Proof = 'VERIFIED' | 'TO_VERIFY' | 'NOT_NEEDED';

/** Declared versus verified: a criterion with no proof to give always counts. */
export function proofOf(line: BreakdownLine): Proof {
  if (claimOf(line.criterion) === null) return 'NOT_NEEDED';
  return line.verified ? 'VERIFIED' : 'TO_VERIFY';
}

export const PROOF_FR: Readonly<Record<Proof, string>> = {
  VERIFIED: 'Justificatif vu',
  TO_VERIFY: 'Déclaré, justificatif à voir',
  NOT_NEEDED: 'Aucun justificatif à voir',
};

/** One breakdown line as a table row: the criterion, its points, its proof. */
export function breakdownRowFr(line: BreakdownLine): [string, string, string] {
  return [criterionFr(line.criterion), pointsFr(line.points), PROOF_FR[proofOf(line)]];
}

/** "412 points déclarés, 372 vérifiés" (or "tous vérifiés"). */
export function scoreFr(score: number, verifiedScore: number): string {
  const declared = `${score} point${Math.abs(score) > 1 ? 's' : ''} déclaré${Math.abs(score) > 1 ? 's' : ''}`;
  return verifiedScore === score ? `${declared}, tous vérifiés` : `${declared}, ${verifiedScore} vérifiés`;
}

/** An age in whole months, as said of a small child: "à naître", "3 mois", "1 an", "2 ans et 4 mois". */
export function ageFr(months: number): string {
  if (months < 0) return 'à naître';
  if (months < 12) return `${months} mois`;
  const years = Math.floor(months / 12);
  const rest = months % 12;
  const y = `${years} an${years > 1 ? 's' : ''}`;
  return rest ? `${y} et ${rest} mois` : y;
}

/** "37,5 h" with a French decimal comma. */
export const hoursFr = (h: number) => `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(h)} h`;

/** The weekly hours, the atypical ones marked in words. */
export function weeklyHoursFr(hoursPerWeek: number, atypicalHoursPerWeek: number): string {
  const total = `${hoursFr(hoursPerWeek)} par semaine`;
  return atypicalHoursPerWeek > 0
    ? `${total}, dont ${hoursFr(atypicalHoursPerWeek)} en horaires atypiques (tôt le matin, tard le soir, week-end ou jour férié)`
    : `${total}, aucune en horaires atypiques`;
}

/** "12/03/2027" from a civil date. */
export const dateFr = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

export interface Conflict {
  readonly date: string;
  readonly from: string;
  readonly to: string;
  readonly present: number;
  readonly limit: number;
}

/** Whether the schedule fits the crèche from the desired start, and where it first does not. */
export function fitFr(fitsNow: boolean, desiredStartDate: string, conflict: Conflict | null): string {
  if (fitsNow) return `Horaires compatibles avec les places de la crèche dès le ${dateFr(desiredStartDate)}`;
  if (!conflict) return 'Horaires incompatibles avec les places de la crèche';
  return (
    `Horaires incompatibles : le ${dateFr(conflict.date)} de ${conflict.from} à ${conflict.to}, ` +
    `${conflict.present} enfants pour ${conflict.limit} places`
  );
}

/** "1er choix", "2e choix". */
export const preferenceFr = (position: number) => `${position === 1 ? '1er' : `${position}e`} choix de la famille`;

export const STATUS_FR: Readonly<Record<string, string>> = {
  SUBMITTED: 'En attente',
  OFFERED: 'Place proposée',
};

/** The page's filters as the form holds them ('' = any). */
export interface FiltersForm {
  readonly status: '' | 'SUBMITTED' | 'OFFERED';
  readonly fits: '' | 'true' | 'false';
  readonly atypical: boolean;
  readonly toVerify: boolean;
}

export const NO_FILTERS: FiltersForm = { status: '', fits: '', atypical: false, toVerify: false };

/** The filters as GET /api/creches/:id/waitlist takes them (only those set). */
export function filtersQuery(f: FiltersForm): {
  status?: 'SUBMITTED' | 'OFFERED';
  fitsNow?: boolean;
  atypical?: boolean;
  toVerify?: boolean;
} {
  return {
    ...(f.status ? { status: f.status } : {}),
    ...(f.fits ? { fitsNow: f.fits === 'true' } : {}),
    ...(f.atypical ? { atypical: true } : {}),
    ...(f.toVerify ? { toVerify: true } : {}),
  };
}

/** "32 demandes", "1 demande", "aucune demande", with "correspondant aux filtres" when some are set. */
export function totalFr(total: number, filtered: boolean): string {
  const n = total === 0 ? 'Aucune demande' : `${total} demande${total > 1 ? 's' : ''}`;
  return filtered ? `${n} correspondant aux filtres` : `${n} en liste d'attente`;
}
