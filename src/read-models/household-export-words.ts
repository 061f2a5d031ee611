import type { ApplicationStatus } from '../modules/applications/domain/application-status';
import { OFFER_WITHDRAWAL_REASON_FR, type OfferStatus } from '../modules/allocation/domain/offer-status';
import type { Claim, ParentsActivity } from '../modules/families/domain/claims';
import type { DeclarationStatus } from '../modules/families/domain/declaration-status';
import type { DocumentType } from '../modules/families/domain/fee-declarations';
import type { BenefitScheme } from '../modules/families/entities/family.entity';
import { FEE_REASON_LABELS_FR } from '../modules/fees/domain/fee-csv';
import type { CareType } from '../modules/fees/domain/fee-scale';
import type { NoticeStatus } from '../modules/notices/entities/notice.entity';
import type { NoticeType } from '../modules/notices/notice-types';

/**
 * The words of a household's export ("Mes données", issue #15): every code a row holds, in the French a family reads,
 * and every key of the JSON columns (schedules, fee inputs, traces) as a French field name. Pure.
 *
 * Most tables repeat, knowingly, the words the web app shows the family for the same codes (web/src/pages/parent/
 * household-shared.ts, follow-words.ts, audit/audit-format.ts): the web app is built apart and imports nothing from
 * the server, and the export is built by the server. Change both together. The fee computations' reasons come from
 * the server's own table (the auditors' CSV).
 */

type Words = Readonly<Record<string, string>>;

/** families.benefit_scheme (web: BENEFIT_SCHEME_FR). */
const BENEFIT_SCHEME: Readonly<Record<BenefitScheme, string>> = {
  GENERAL: 'Régime général (Caf)',
  MSA: 'MSA (régime agricole)',
  OTHER: 'Autre régime',
};

/** families.parents_activity (web: PARENTS_ACTIVITY_FR). */
const PARENTS_ACTIVITY: Readonly<Record<ParentsActivity, string>> = {
  BOTH_WORKING: 'Les deux parents (ou le parent seul) travaillent',
  ONE_WORKING_ONE_JOBSEEKING: 'Un parent travaille, l’autre cherche un emploi',
  ONE_WORKING_ONE_INACTIVE: 'Un parent travaille, l’autre est sans activité',
  NONE_WORKING: 'Aucun parent ne travaille',
};

/** A situation giving priority that the crèche checks (families/domain/claims.ts), named as the export's columns. */
const CLAIM: Readonly<Record<Claim, string>> = {
  PARENTS_ACTIVITY: 'Activité des parents',
  SINGLE_PARENT: 'Famille monoparentale',
  SOCIAL_MINIMA_OR_INSERTION: "Minima sociaux ou parcours d'insertion",
  OTHER_HOUSEHOLD_DISABILITY: "Handicap d'un autre membre du foyer",
  CHILD_DISABILITY: "Handicap de l'enfant",
  MULTIPLE_BIRTH: 'Naissance multiple',
};

/** applications.status (web: APPLICATION_STATUS_FR). */
const APPLICATION_STATUS: Readonly<Record<ApplicationStatus, string>> = {
  SUBMITTED: 'En liste d’attente',
  OFFERED: 'Place proposée',
  ACCEPTED: 'Place acceptée',
  WITHDRAWN: 'Retirée',
  LAPSED: 'Classée sans suite',
};

/** offers.status (web: OFFER_STATUS_FR). */
const OFFER_STATUS: Readonly<Record<OfferStatus, string>> = {
  OPEN: 'En attente de votre réponse',
  ACCEPTED: 'Acceptée',
  DECLINED: 'Refusée',
  EXPIRED: 'Expirée',
  WITHDRAWN: 'Retirée par la crèche',
};

/** fee_declarations.status and document_type (web: DECLARATION_STATUS_FR, DOCUMENT_TYPE_FR). */
const DECLARATION_STATUS: Readonly<Record<DeclarationStatus, string>> = {
  PENDING: 'En attente',
  VALIDATED: 'Validée',
  REJECTED: 'Refusée',
};
const DOCUMENT_TYPE: Readonly<Record<DocumentType, string>> = {
  TAX_NOTICE_N2: 'Avis d’imposition N-2',
  CAF_CDAP: 'Consultation CDAP de la Caf',
  CERTIFICATE: 'Attestation',
  AEEH_NOTIFICATION: 'Notification d’AEEH',
  OTHER: 'Autre justificatif',
};

/** fee_computations.care_type, a crèche's kind (web: audit-format.ts CARE_TYPES). */
const CARE_TYPE: Readonly<Record<CareType, string>> = {
  COLLECTIVE: 'collectif',
  MICRO_CRECHE: 'micro-crèche',
  FAMILIAL: 'familial',
  PARENTAL: 'parental',
};

/** notices.type: what each message was about (its text is in "Mes messages"). */
const NOTICE_TYPE: Readonly<Record<NoticeType, string>> = {
  WELCOME: 'Bienvenue',
  ACCOUNT_EXISTS: 'Compte déjà existant',
  EMAIL_VERIFICATION: 'Confirmation de l’adresse e-mail',
  PASSWORD_RESET: 'Nouveau mot de passe',
  FAMILY_INVITATION: 'Invitation à rejoindre un foyer',
  APPLICATION_RECEIVED: 'Demande de place reçue',
  INTEREST_REQUEST: 'Confirmation de votre demande de place',
  APPLICATION_LAPSED: 'Demande de place classée sans suite',
  OFFER_MADE: 'Place proposée',
  OFFER_REMINDER: 'Rappel : place proposée',
  OFFER_EXPIRED: 'Offre de place expirée',
  OFFER_ACCEPTED: 'Offre de place acceptée',
  OFFER_DECLINED: 'Offre de place refusée',
  OFFER_WITHDRAWN: 'Offre de place retirée',
  OFFER_ANSWERED: 'Réponse à une offre de place',
  FEE_DECLARATION_VALIDATED: 'Déclaration de situation validée',
  FEE_DECLARATION_REJECTED: 'Déclaration de situation refusée',
  FEE_DECLARATION_WITHDRAWN: 'Déclaration de situation retirée',
  RESOURCES_CONFIRMATION: 'Confirmation des ressources',
  INVOICE_ISSUED: 'Facture émise',
  CREDIT_NOTE_ISSUED: 'Avoir émis',
  PAYMENT_REMINDER: 'Rappel de paiement',
  CHILDCARE_CERTIFICATE_AVAILABLE: 'Attestation de frais de garde disponible',
  CHILDCARE_CERTIFICATE_CORRECTED: 'Attestation de frais de garde corrigée',
  STAFF_INVITATION: 'Invitation d’une équipe de crèche',
  MONTH_NOT_ISSUED: 'Factures du mois non émises',
};
const NOTICE_STATUS: Readonly<Record<NoticeStatus, string>> = {
  PENDING: 'à envoyer',
  SENT: 'envoyé',
  FAILED: 'non remis',
};

/** A booking's kind, and how emergency care is priced when resources are unknown (R4.12). */
const CARE_KIND: Words = { REGULAR: 'régulier', OCCASIONAL: 'occasionnel', EMERGENCY: 'urgence' };
const EMERGENCY_RATE: Words = { FLOOR: 'tarif plancher', FIXED: 'tarif fixe de la crèche' };
/** The scale's table a computation used (fees/domain/compute-fee.ts). */
const RATE_TABLE: Words = { collective: 'accueil collectif', familial: 'accueil familial et parental' };

/** A fee trace's step, titled as the auditors' page titles it (web: audit-format.ts explainStep). */
const TRACE_STEP: Words = {
  SELECT_SCALE: 'Barème appliqué',
  SELECT_TABLE: 'Tableau des taux d’effort',
  TIER: 'Tranche retenue',
  BOUND_RESOURCES: 'Plancher et plafond',
  EFFORT_RATE: 'Taux d’effort',
  HOURLY_RATE: 'Tarif horaire et arrondi',
  RESERVED_HOURS: 'Heures réservées',
  HOUSEHOLD_SHARE: 'Part du foyer (résidence alternée)',
  MONTHLY_HOURS: 'Heures mensualisées',
  MONTHLY_FEE: 'Participation mensuelle et arrondi',
  ATTENDANCE: 'Semaines de présence',
  CONTRACT_RATE: 'Tarif du contrat',
  CARE_RATE: 'Tarif horaire de l’accueil',
  BILLED_HOURS: 'Heures facturées',
  AMOUNT: 'Montant',
};

/** How the engine rounds (fees/domain/compute-fee.ts ROUNDING_RULE), in French. */
const ROUNDING_FR =
  'tarif horaire arrondi au centime (un demi-centime vers le haut) ; participation mensuelle calculée exactement, puis arrondie une seule fois au centime (un demi-centime vers le haut), à la fin';
const ROUNDING_EN =
  'hourly rate rounded half-up to the cent; monthly fee computed exactly and rounded half-up to the cent once, at the end';

/**
 * Each rule text the fee engines write in a trace (compute-fee.ts, occasional-fee.ts, fee-inputs.ts, fees.service's
 * CONTRACT_RATE), in French: a family read them in English in its export. The spec runs the engines through their
 * cases and fails on any text missing here.
 */
const TRACE_RULE: Words = {
  'the latest scale version effective on or before the date': 'la dernière version du barème applicable à cette date',
  'collective table for COLLECTIVE; familial for FAMILIAL and PARENTAL; MICRO_CRECHE as the scale version says':
    'tableau de l’accueil collectif pour une crèche collective ; de l’accueil familial pour l’accueil familial et parental ; pour une micro-crèche, celui que fixe la version du barème',
  'child placed by child welfare (ASE): the one-child rate':
    'enfant confié à l’aide sociale à l’enfance (ASE) : le taux d’un enfant à charge',
  'children not checked yet by the crèche (no documents): the one-child rate, until a declaration of them is validated':
    'enfants à charge pas encore vérifiés par la crèche (sans justificatif) : le taux d’un enfant, jusqu’à la validation d’une déclaration',
  'dependent children, plus one per child of the household receiving AEEH, capped at the last tier':
    'enfants à charge, plus un par enfant du foyer bénéficiaire de l’AEEH, dans la limite de la dernière tranche',
  'resources refused by the family: the ceiling': 'refus de la famille de communiquer ses ressources : le plafond',
  'ASE placement: the floor': 'enfant confié à l’ASE : le plancher',
  'resources not checked yet by the crèche (no documents): the floor, until a declaration is validated':
    'ressources pas encore vérifiées par la crèche (sans justificatif) : le plancher, jusqu’à la validation d’une déclaration',
  'unknown resources (none yet, or no documents): the floor':
    'ressources inconnues (pas encore déclarées, ou sans justificatif) : le plancher',
  'resources below the floor take the floor; above the ceiling, the ceiling':
    'des ressources sous le plancher sont portées au plancher ; au-dessus du plafond, au plafond',
  'effort rate per billed hour, percent of monthly resources':
    'taux d’effort par heure facturée, en pourcentage des ressources mensuelles',
  [`bounded resources × effort rate ÷ 100; ${ROUNDING_EN}`]: `ressources retenues × taux d’effort ÷ 100 ; ${ROUNDING_FR}`,
  'weeks of attendance (closure and declared leave weeks excluded) × hours per week ÷ billed months, kept exact':
    'semaines de présence (hors semaines de fermeture et de congés déclarés) × heures par semaine ÷ mois facturés, sans arrondi',
  [`monthly hours × hourly rate; ${ROUNDING_EN}`]: `heures par mois × tarif horaire ; ${ROUNDING_FR}`,
  'alternating residence: each household pays on its share of the reserved hours, at its own rate':
    'résidence alternée : chaque foyer paie sur sa part des heures réservées, à son propre tarif',
  "the child's scheduled hours on each day of the contract, except public holidays, the crèche's closure days and the family's declared leave days; fixed when the contract is signed":
    'les heures d’accueil prévues chaque jour du contrat, hors jours fériés, jours de fermeture de la crèche et jours de congés déclarés par la famille ; fixées à la signature du contrat',
  'reserved hours (× the household share) ÷ calendar months the contract spans, kept exact (fraction), shown rounded to 2 decimals':
    'heures réservées (× la part du foyer) ÷ mois civils couverts par le contrat, sans arrondi (fraction), affichées arrondies à 2 décimales',
  [`monthly hours (exact) × hourly rate; ${ROUNDING_EN}`]: `heures par mois (exactes) × tarif horaire ; ${ROUNDING_FR}`,
  "emergency care, resources unknown: the crèche's fixed hourly rate (family fees of N-1 ÷ hours billed in N-1)":
    'accueil d’urgence, ressources inconnues : le tarif horaire fixe de la crèche (participations familiales de N-1 ÷ heures facturées en N-1)',
  "the family's hourly rate (the floor when its resources are unknown)":
    'le tarif horaire du foyer (celui du plancher quand ses ressources sont inconnues)',
  'every started unit of the crèche is billed': 'toute unité de facturation de la crèche commencée est due',
  [`billed hours × hourly rate; ${ROUNDING_EN}`]: `heures facturées × tarif horaire ; ${ROUNDING_FR}`,
  '52 weeks - declared leave weeks - closure weeks of the crèche over the twelve months; billed over 12 months':
    '52 semaines - semaines de congés déclarées - semaines de fermeture de la crèche sur les douze mois ; facturées sur 12 mois',
  "the child's contract at the crèche runs that day: care beyond it is billed at the contract's hourly rate in force":
    'le contrat de l’enfant à la crèche court ce jour-là : l’accueil au-delà est facturé au tarif horaire du contrat en vigueur',
  "the child's contract at the crèche runs that day: care beyond it is billed at the contract's hourly rate, its inputs rated under the scale version in force that day (in force after its fee was last computed)":
    'le contrat de l’enfant à la crèche court ce jour-là : l’accueil au-delà est facturé au tarif horaire du contrat, sa situation calculée avec la version du barème en vigueur ce jour-là (entrée en vigueur après le dernier calcul de sa participation)',
};

/**
 * Texts of traces stored by earlier versions of the engines, which they no longer write: a minus sign then read "−",
 * two rules said less. Stored traces keep their text; the export says them in French too.
 */
const EARLIER_TRACE_RULE: Words = {
  'unknown resources: the floor': 'ressources inconnues : le plancher',
  'reserved hours ÷ calendar months the contract spans, kept exact (fraction), shown rounded to 2 decimals':
    'heures réservées ÷ mois civils couverts par le contrat, sans arrondi (fraction), affichées arrondies à 2 décimales',
  '52 weeks − declared leave weeks − closure weeks of the crèche over the twelve months; billed over 12 months':
    TRACE_RULE[
      '52 weeks - declared leave weeks - closure weeks of the crèche over the twelve months; billed over 12 months'
    ],
  "emergency care, resources unknown: the crèche's fixed hourly rate (family fees of N−1 ÷ hours billed in N−1)":
    TRACE_RULE[
      "emergency care, resources unknown: the crèche's fixed hourly rate (family fees of N-1 ÷ hours billed in N-1)"
    ],
};

/** A trace's rule in French; a text no version of the engines wrote is kept, marked as the engine's. */
export function traceRuleFr(rule: unknown): unknown {
  if (typeof rule !== 'string') return rule;
  return TRACE_RULE[rule] ?? EARLIER_TRACE_RULE[rule] ?? `${rule} (texte du moteur de calcul, en anglais)`;
}

const WEEKDAY = ['', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

/** Each coded column of the export, by what it holds. */
export const EXPORT_CODES = {
  benefitScheme: BENEFIT_SCHEME,
  parentsActivity: PARENTS_ACTIVITY,
  claim: CLAIM,
  applicationStatus: APPLICATION_STATUS,
  offerStatus: OFFER_STATUS,
  offerWithdrawalReason: OFFER_WITHDRAWAL_REASON_FR,
  declarationStatus: DECLARATION_STATUS,
  documentType: DOCUMENT_TYPE,
  careType: CARE_TYPE,
  feeReason: FEE_REASON_LABELS_FR,
  noticeType: NOTICE_TYPE,
  noticeStatus: NOTICE_STATUS,
} as const satisfies Record<string, Words>;

/** A code in French; a code no table knows yet stays as stored (nothing of the row is lost). */
export function wordFor(words: Words, code: unknown): unknown {
  return typeof code === 'string' ? (words[code] ?? code) : code;
}

/** The JSON columns' keys (fee inputs, mensualisation, traces, schedules, shares) as French field names. */
const KEYS: Words = {
  // Fee inputs (fees/domain/fee-inputs.ts FeeInputsSnapshot) and a share of an alternating residence.
  date: 'Date',
  careType: "Type d'accueil",
  monthlyResources: 'Ressources mensuelles (euros)',
  resourcesRefused: 'Ressources non communiquées',
  declarationId: 'Déclaration de situation (identifiant)',
  resourcesUnchecked: 'Ressources pas encore vérifiées',
  childrenUnchecked: 'Enfants à charge pas encore vérifiés',
  dependentChildren: 'Enfants à charge',
  aeehChildren: "Enfants bénéficiaires de l'AEEH",
  asePlacement: "Enfant confié à l'aide sociale à l'enfance",
  ceilingOverride: 'Plafond relevé par la crèche (euros)',
  hoursPerWeek: 'Heures par semaine',
  mensualisation: 'Mensualisation',
  share: 'Part du foyer (résidence alternée)',
  weeksPerYear: 'Semaines de présence par an',
  billedMonths: 'Mois facturés',
  leaveWeeksPerYear: 'Semaines de congés par an',
  closureWeeks: 'Semaines de fermeture de la crèche',
  familyId: 'Foyer (identifiant)',
  feeInputs: 'Situation retenue pour la participation',
  hoursPercent: 'Part des heures (%)',
  // Mensualisation (fees/domain/mensualisation.ts).
  contractStart: 'Début du contrat',
  contractEnd: 'Fin du contrat',
  months: 'Mois',
  reservedMinutes: 'Minutes réservées',
  scheduledDays: "Jours d'accueil prévus",
  publicHolidayDays: 'Jours fériés',
  closureDays: 'Jours de fermeture de la crèche',
  leaveDays: 'Jours de congés',
  leaveMinutes: 'Minutes de congés',
  maxLeaveWeeksPerYear: 'Congés déductibles au plus (semaines par an)',
  undatedLeaveWeeks: 'Semaines de congés non datées',
  undatedLeaveMinutes: 'Minutes de congés non datées',
  undatedLeaveHours: 'Heures de congés non datées',
  closures: 'Fermetures de la crèche',
  // A trace's step (fees/domain/compute-fee.ts TraceStep) and its inputs.
  step: 'Étape',
  inputs: 'Données',
  rule: 'Règle appliquée',
  source: 'Source',
  value: 'Résultat',
  floor: 'Plancher (euros)',
  ceiling: 'Plafond (euros)',
  exact: 'Valeur exacte',
  boundedResources: 'Ressources retenues (euros)',
  effortRatePercent: "Taux d'effort (%)",
  reservedHours: 'Heures réservées',
  hourlyRate: 'Tarif horaire (euros)',
  monthlyHours: 'Heures par mois',
  tier: 'Tranche',
  table: 'Tableau des taux',
  effectiveFrom: 'Applicable à partir du',
  contractId: 'Contrat (identifiant)',
  computationId: 'Calcul de participation (identifiant)',
  scaleId: 'Barème (identifiant)',
  kind: 'Accueil',
  emergencyRate: "Tarif de l'urgence quand les ressources sont inconnues",
  familyHourlyRate: 'Tarif horaire du foyer (euros)',
  resourcesUnknown: 'Ressources inconnues',
  minutes: 'Minutes',
  unitMinutes: 'Unité de facturation (minutes)',
  billedMinutes: 'Minutes facturées',
};

/** Values of these keys are codes. */
const CODED_KEYS: Readonly<Record<string, Words>> = {
  careType: CARE_TYPE,
  kind: CARE_KIND,
  emergencyRate: EMERGENCY_RATE,
  table: RATE_TABLE,
  step: TRACE_STEP,
};

/** "2026-11-26T10:00:00.000Z" → "2026-11-26T10:00:00Z", like the export's other instants. */
const instant = (v: unknown) =>
  typeof v === 'string' ? v.replace(/^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.\d{3}Z$/, '$1Z') : v;

/**
 * A JSON column in French, deeply: known keys renamed, coded values in words; a schedule's slot as its day and
 * times; a period as its first and last day. Keys already French (the export's own) are kept.
 */
export function frenchJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(frenchJson);
  if (value === null || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  if (typeof o.weekday === 'number' && 'from' in o && 'to' in o)
    return { Jour: WEEKDAY[o.weekday] ?? o.weekday, De: o.from, À: o.to };
  return Object.fromEntries(
    Object.entries(o).map(([k, v]) => {
      if (k === 'from' || k === 'to') return [k === 'from' ? 'Du' : 'Au', v];
      if (k === 'value' && typeof o.step === 'string') return [KEYS[k], traceValueFr(o.step, v)];
      if (k === 'rule' && typeof o.step === 'string') return [KEYS[k], traceRuleFr(v)];
      const words = CODED_KEYS[k];
      return [KEYS[k] ?? k, words ? wordFor(words, v) : frenchJson(v)];
    }),
  );
}

/**
 * A trace step's result in French where the engine writes words (the table, the tier, whether the scale is verified):
 * a family read "collective", "2 -> tier 2" and "unverified" in its export. Figures and dates stay as they are; the
 * rule's text is in French too (`traceRuleFr`).
 */
export function traceValueFr(step: string, value: unknown): unknown {
  if (typeof value !== 'string') return frenchJson(value);
  if (step === 'SELECT_TABLE') return wordFor(RATE_TABLE, value);
  if (step === 'TIER') return value.replace(/^(.*) -> tier (\d+)$/, '$1 : tranche $2');
  if (step === 'SELECT_SCALE') return value.replace(/, unverified\)$/, ', non vérifié)');
  return value;
}

/** A household's or child's verified claims ({ CLAIM: { value, by, at } }) in French. */
export function frenchVerifiedClaims(claims: unknown): unknown {
  if (claims === null || typeof claims !== 'object') return claims;
  return Object.fromEntries(
    Object.entries(claims as Record<string, { value?: unknown; by?: unknown; at?: unknown }>).map(([claim, v]) => [
      wordFor(CLAIM, claim),
      {
        'Valeur vérifiée': claim === 'PARENTS_ACTIVITY' ? wordFor(PARENTS_ACTIVITY, v?.value) : v?.value,
        'Vérifiée par (identifiant du compte)': v?.by,
        'Vérifiée le': instant(v?.at),
      },
    ]),
  );
}

/** What of an exported row is coded: columns holding a code (with their words), JSON columns, verified claims. */
export interface RowCodes {
  readonly codes?: Readonly<Record<string, Words>>;
  readonly json?: readonly string[];
  readonly claims?: readonly string[];
}

/** One exported row with its codes in French (its columns are already named in French by the query). */
export function inFrench(row: Record<string, unknown>, spec: RowCodes): Record<string, unknown> {
  const out = { ...row };
  for (const [column, words] of Object.entries(spec.codes ?? {})) out[column] = wordFor(words, row[column]);
  for (const column of spec.json ?? []) out[column] = frenchJson(row[column]);
  for (const column of spec.claims ?? []) out[column] = frenchVerifiedClaims(row[column]);
  return out;
}
