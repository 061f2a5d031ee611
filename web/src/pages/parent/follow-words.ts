import type { QuoteResult } from '../public/quote-steps';
import type { ApplicationStatus, CrecheStanding, OfferDetail, OfferStatus } from './follow-types';
import { formatFrench } from '../../../../src/common/text/french-dates';

/** The follow-up pages' words: statuses, criteria, points and dates in French, and the offer's fee as a quote. */
export const APPLICATION_STATUS_FR: Readonly<
  Record<ApplicationStatus, { label: string; severity: 'info' | 'success' | 'new' | 'warning' | 'error' }>
> = {
  SUBMITTED: { label: 'En liste d’attente', severity: 'info' },
  OFFERED: { label: 'Place proposée', severity: 'new' },
  ACCEPTED: { label: 'Place acceptée', severity: 'success' },
  WITHDRAWN: { label: 'Retirée', severity: 'warning' },
  LAPSED: { label: 'Classée sans suite', severity: 'warning' },
};

export const OFFER_STATUS_FR: Readonly<
  Record<OfferStatus, { label: string; severity: 'info' | 'success' | 'new' | 'warning' | 'error' }>
> = {
  OPEN: { label: 'En attente de votre réponse', severity: 'new' },
  ACCEPTED: { label: 'Acceptée', severity: 'success' },
  DECLINED: { label: 'Refusée', severity: 'warning' },
  EXPIRED: { label: 'Expirée', severity: 'warning' },
  WITHDRAWN: { label: 'Retirée par la crèche', severity: 'warning' },
};

/** Whether the family can still act on the application (confirm its interest, withdraw it). */
export const isActive = (status: ApplicationStatus) => status === 'SUBMITTED' || status === 'OFFERED';

/** The seed policy's French wording of each criterion (src/modules/waitlist/domain/seed-policy.ts). */
const CRITERIA_FR: Readonly<Record<string, string>> = {
  RESIDES_IN_TERRITORY: 'La famille réside sur le territoire',
  BOTH_WORKING: 'Les deux parents (ou le parent isolé) travaillent ou sont en formation',
  ONE_WORKING_ONE_JOBSEEKING: 'Un parent travaille, l’autre cherche un emploi',
  ONE_WORKING_ONE_INACTIVE: 'Un parent travaille, l’autre est inactif',
  ATYPICAL_HOURS_COVERED: 'Un parent travaille en horaires atypiques que la crèche couvre',
  SINGLE_PARENT: 'Famille monoparentale',
  SOCIAL_MINIMA_OR_INSERTION: 'Minima sociaux ou parcours d’insertion',
  CHILD_DISABILITY: 'L’enfant est en situation de handicap (AEEH / MDPH)',
  OTHER_HOUSEHOLD_DISABILITY: 'Un autre membre du foyer est en situation de handicap',
  SIBLING_ENROLLED: 'Un frère ou une sœur est accueilli dans la crèche',
  MULTIPLE_BIRTH: 'Naissance multiple',
};

/** One breakdown line in French: the criteria, the months on the waitlist ("WAITING_MONTHS (7)"), the refusals. */
export function criterionFr(criterion: string): string {
  const counted = /^(WAITING_MONTHS|REFUSALS) \((\d+)\)$/.exec(criterion);
  if (counted) {
    const n = Number(counted[2]);
    return counted[1] === 'WAITING_MONTHS'
      ? `Ancienneté de la demande : ${n} mois complet${n > 1 ? 's' : ''} sur la liste d’attente`
      : `${n} offre${n > 1 ? 's' : ''} refusée${n > 1 ? 's' : ''} ou expirée${n > 1 ? 's' : ''}`;
  }
  return CRITERIA_FR[criterion] ?? criterion;
}

export const pointsFr = (n: number) =>
  `${n > 0 ? '+' : n < 0 ? '−' : ''}${Math.abs(n)} point${Math.abs(n) > 1 ? 's' : ''}`;

/** "lundi 7 décembre 2026 à 10:00", Paris time (the deadlines the e-mails give). */
export function frenchDateTime(iso: string): string {
  return formatFrench(
    new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Paris' }),
    new Date(iso),
  );
}

/** "mardi 1er septembre 2027" from a civil date (no time zone shift). */
export function frenchLongDate(civil: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(civil);
  if (!m) return civil;
  return formatFrench(
    new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeZone: 'UTC' }),
    new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))),
  );
}

/** "1er décembre 2026" for an instant, in Paris time. */
export function frenchDay(iso: string): string {
  return formatFrench(new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }), new Date(iso));
}

// A type alias, not an interface, so that it narrows the trace's `{ [key: string]: unknown }` steps.
type TraceStep = {
  readonly step: string;
  readonly value: string;
};
const isStep = (s: unknown): s is TraceStep =>
  typeof s === 'object' && s !== null && typeof (s as TraceStep).step === 'string';

/**
 * The offer's estimate as the simulator's result, so the same panel explains it step by step: its figures are the
 * offer's, the scale and the monthly hours are read from the trace (SELECT_SCALE's value is "2025-09-01 (id)" or
 * "… (id, unverified)"; MONTHLY_HOURS's is "fraction h = 150.00 h" or an exact number). Null without a trace.
 */
export function offerQuote(offer: OfferDetail): QuoteResult | null {
  return quoteOf(offer.feeTrace ?? [], offer.estimatedHourlyRate, offer.estimatedMonthlyFee);
}

/** The fee in force of a contract, explained by the same panel (its figures, its stored trace). */
export function contractQuote(
  fee:
    { readonly hourlyRate: string; readonly monthlyFee: string; readonly trace: readonly unknown[] } | null | undefined,
): QuoteResult | null {
  return fee ? quoteOf(fee.trace, fee.hourlyRate, fee.monthlyFee) : null;
}

function quoteOf(
  steps: readonly unknown[],
  hourlyRate: string | null | undefined,
  monthlyFee: string | null | undefined,
): QuoteResult | null {
  const trace = steps.filter(isStep);
  if (!trace.length || !monthlyFee || !hourlyRate) return null;
  const scaleStep = trace.find((s) => s.step === 'SELECT_SCALE');
  const scale = /^(\d{4}-\d{2}-\d{2}) \(([^,)]+)(, unverified)?\)$/.exec(scaleStep?.value ?? '');
  const hoursStep = trace.find((s) => s.step === 'MONTHLY_HOURS')?.value ?? '';
  const monthlyHours = /= ([\d.]+) h$/.exec(hoursStep)?.[1] ?? (/^[\d.]+$/.test(hoursStep) ? hoursStep : '');
  const value = (step: string) => trace.find((s) => s.step === step)?.value ?? '';
  return {
    hourlyRate,
    monthlyFee,
    monthlyHours: monthlyHours ? Number(monthlyHours).toFixed(2) : '',
    effortRatePercent: value('EFFORT_RATE'),
    tier: value('TIER'),
    boundedResources: value('BOUND_RESOURCES'),
    scale: { id: scale?.[2] ?? '', effectiveFrom: scale?.[1] ?? '', verified: !!scale && !scale[3] },
    trace,
  };
}

/** Weeks of leave the offer's estimate took out (the application's count), 0 if none. */
export function estimatedLeaveWeeks(offer: { readonly feeTrace?: readonly unknown[] | null }): number {
  const reserved = (offer.feeTrace ?? []).find(
    (s): s is { step: string; inputs?: Record<string, unknown> } => isStep(s) && s.step === 'RESERVED_HOURS',
  );
  const weeks = Number(reserved?.inputs?.undatedLeaveWeeks ?? 0);
  return Number.isFinite(weeks) && weeks > 0 ? weeks : 0;
}

/** "de Léo", "d’Anna": the child's name after "la place", with the elision French writes before a vowel or a mute h. */
export function withChildFr(name: string): string {
  return /^[aeiouyhàâäéèêëîïôöûüæœ]/i.test(name) ? `d’${name}` : `de ${name}`;
}

type LastRound = NonNullable<CrecheStanding['lastRound']>;

/** A manager's reason for leaving a proposal out of a round, as the family reads it (the manager's words say "la famille"). */
const EXCLUSION_FOR_FAMILY_FR: Readonly<Record<string, string>> = {
  FAMILY_MOVED: 'la crèche a noté que vous avez déménagé',
  NO_LONGER_INTERESTED: 'la crèche a noté que vous n’êtes plus intéressés',
  SCHEDULE_CHANGED: 'la crèche a noté que vos horaires ont changé',
  CHILD_CARED_ELSEWHERE: 'la crèche a noté que votre enfant est déjà gardé ailleurs',
  DUPLICATE_APPLICATION: 'demande en double',
  OTHER: 'autre motif',
};

/**
 * What the last confirmed round over a crèche did with the application there, in the family's words: an offer, or
 * why none (a family ranked first with no offer was told nothing; the engine's reason is the manager's page's). The
 * rank follows declared points and rounds count verified points only: said when that is what kept the place away.
 */
export function lastRoundFr(
  round: LastRound,
  standing: { score: number | null; verifiedScore: number | null },
): string {
  const when = `Lors de l’attribution des places du ${frenchDay(round.confirmedAt)}`;
  const none = `${when}, aucune place ne vous a été proposée dans cette crèche`;
  const c = round.conflict;
  const unproved =
    standing.score !== null && standing.verifiedScore !== null && standing.score > standing.verifiedScore
      ? ` Vos points déclarés mais pas encore vérifiés (${standing.score - standing.verifiedScore}) ne comptaient pas : envoyez vos justificatifs pour qu’ils comptent à la prochaine attribution.`
      : '';
  switch (round.outcome) {
    case 'OFFERED':
      return `${when}, une place vous a été proposée dans cette crèche.`;
    case 'PLACED_AT_PREFERRED':
      return `${when}, une place vous a été proposée dans une crèche que vous avez classée avant celle-ci.`;
    case 'OUTRANKED':
      return round.lowestHeldScore === null
        ? `${none} : les places sur vos horaires sont allées à des demandes mieux classées en points vérifiés.${unproved}`
        : `${none} : les places sur vos horaires sont allées à des demandes d’au moins ${round.lowestHeldScore} points vérifiés (l’attribution ne compte que les points vérifiés).${unproved}`;
    case 'NO_CAPACITY':
      return `${none} : il ne restait pas de place libre sur vos horaires${c ? ` (par exemple le ${frenchLongDate(c.date)}, de ${c.from} à ${c.to})` : ''}.`;
    case 'CLOSED':
      return `${none} : la crèche est fermée sur une partie des horaires demandés${c ? ` (le ${frenchLongDate(c.date)}, de ${c.from} à ${c.to})` : ''}. Modifiez les horaires demandés, ou parlez-en à la crèche.`;
    case 'AGE':
      return `${none} : votre enfant dépasse l’âge maximal d’accueil de cette crèche à la date d’entrée souhaitée.`;
    case 'EXCLUDED':
      return `${when}, la crèche a écarté votre demande (${EXCLUSION_FOR_FAMILY_FR[round.exclusionReason ?? 'OTHER'] ?? 'autre motif'}). Si ce n’est pas le cas, dites-le à la crèche.`;
    case 'ONE_OFFER_PER_FAMILY':
      return `${when}, votre famille a reçu une offre pour un autre enfant : une famille reçoit une offre à la fois.`;
    default:
      return `${none}.`;
  }
}

/**
 * Why the contract's fee is not the offer's estimate. Most often the leave: the estimate left out the weeks of leave a
 * family usually takes, and a contract accepted without dated leave reserves, and bills, every week the crèche opens
 * (a review read 74,33 € on the offer and 82,67 € on the contract, told only of « congés datés » and « chiffres
 * vérifiés » when no figure had been checked).
 */
export function contractDiffersFr(estimatedLeaveWeeks: number, datedLeavePeriods: number): string {
  const steps = 'Chaque étape du calcul est expliquée ci-dessous.';
  if (estimatedLeaveWeeks > 0 && datedLeavePeriods === 0)
    return `Votre participation diffère de l’estimation de l’offre : l’estimation déduisait ${estimatedLeaveWeeks} semaine${estimatedLeaveWeeks > 1 ? 's' : ''} de congés par an, mais aucune date de congés n’a été donnée à l’acceptation, donc toutes les semaines d’ouverture de la crèche sont réservées et facturées. Pour les déduire, donnez vos dates de congés à la crèche. ${steps}`;
  return `Votre participation diffère de l’estimation de l’offre : le contrat compte les congés datés à l’acceptation, et les ressources et enfants à charge tels que la crèche les a vérifiés à ce jour. ${steps}`;
}
