import { countedChildren, euros, frenchDate, hours } from '../public/quote-steps';

/**
 * The Caf auditors' pages' wording: a stored fee's trace told step by step in French for an auditor (the rule
 * applied, the figures, the Cnaf text cited), reasons, roles and actions in French, and exact money differences.
 * Pure functions; the API's trace is typed loosely, so each step is read defensively.
 */

export { euros, frenchDate };

/** Why a fee was computed (fee_computations.reason), as the Caf's CSV says it. */
export const REASON_LABELS: Readonly<Record<string, string>> = {
  CONTRACT_CREATED: 'Signature du contrat',
  SCALE_CHANGED: 'Nouveau barème Cnaf',
  INPUTS_CHANGED: 'Changement de situation du foyer',
  RULE_CHANGED: 'Changement de règle de calcul (mensualisation)',
};
export const reasonFr = (reason: string): string => REASON_LABELS[reason] ?? reason;

/** An account's role, as the audit log shows it. */
export const ROLE_LABELS: Readonly<Record<string, string>> = {
  PARENT: 'Parent',
  MANAGER: 'Gestionnaire de crèche',
  CAF_AUDITOR: 'Contrôleur Caf',
  TERRITORY_COORDINATOR: 'Coordination territoriale',
  CRECHE_STAFF: 'Équipe de crèche',
  ADMIN: 'Administrateur',
};
export const roleFr = (role: string | null): string => (role === null ? 'Système' : (ROLE_LABELS[role] ?? role));

/** "1" → "1 enfant", "3–5" → "3 à 5 enfants", "8+" → "8 enfants et plus": a tier of the scale. */
export function tierFr(tier: string): string {
  const range = /^(\d+)[–-](\d+)$/.exec(tier);
  if (range) return `${range[1]} à ${range[2]} enfants`;
  const more = /^(\d+)\+$/.exec(tier);
  if (more) return `${more[1]} enfants et plus`;
  return Number(tier) > 1 ? `${tier} enfants` : `${tier} enfant`;
}

/** "2027-03-01T09:15:00.000Z" → "01/03/2027 à 10:15" (the time in France). */
export function dateTimeFr(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} à ${get('hour')}:${get('minute')}`;
}

/** A decimal string of euros ("296.4", "-12.05") in cents, exactly; null when it is not one. */
export function cents(amount: string): bigint | null {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!m) return null;
  const value = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -value : value;
}

/** recomputed − stored, as signed euros in French ("+12,50 €", "−3,00 €", "0,00 €"); null when either is not money. */
export function differenceFr(stored: string, recomputed: string): string | null {
  const a = cents(stored);
  const b = cents(recomputed);
  if (a === null || b === null) return null;
  const d = b - a;
  const abs = d < 0n ? -d : d;
  const text = `${(abs / 100n).toLocaleString('fr-FR')},${String(abs % 100n).padStart(2, '0')} €`;
  return d > 0n ? `+${text}` : d < 0n ? `−${text}` : text;
}

/** The audit log's actions in French (one not listed shows as written). */
export const ACTION_LABELS: Readonly<Record<string, string>> = {
  'fee.computed': 'Participation calculée',
  'fee_scale.created': 'Barème ajouté',
  'fee_scale.updated': 'Barème modifié',
  'fee_scale.deleted': 'Barème supprimé',
  'contract.created': 'Contrat signé',
  'contract.ended': 'Contrat terminé',
  'contract.fee_inputs_changed': 'Situation du foyer modifiée sur le contrat',
  'family.created': 'Foyer créé',
  'family.updated': 'Foyer modifié',
  'family.claim_verified': 'Critère vérifié',
  'family.claim_proof_uploaded': 'Justificatif de critère déposé',
  'family.claim_proof_read': 'Justificatif de critère consulté',
  'family.declaration_submitted': 'Déclaration de ressources envoyée',
  'family.declaration_withdrawn': 'Déclaration de ressources retirée par le foyer',
  'family.declaration_validated': 'Déclaration de ressources validée',
  'family.declaration_rejected': 'Déclaration de ressources refusée',
  'family.declaration_document_read': 'Justificatif de ressources consulté',
  'family.resources_confirmation_requested': 'Confirmation des ressources demandée',
  'family.invitation_sent': 'Second parent invité',
  'family.member_joined': 'Second parent rattaché au foyer',
  'family.member_erased': 'Parent effacé',
  'family.co_household_requested': 'Résidence alternée demandée',
  'family.co_household_accepted': 'Résidence alternée acceptée',
  'family.childcare_certificate_announced': 'Attestation de frais de garde annoncée',
  'family.exported': 'Données du foyer téléchargées',
  'family.erased': 'Foyer effacé',
  'family.erased_retention': 'Foyer effacé (durée de conservation écoulée)',
  'child.added': 'Enfant ajouté',
  'child.updated': 'Enfant modifié',
  'child.removed': 'Enfant retiré',
  'application.submitted': 'Demande de place déposée',
  'application.withdrawn': 'Demande de place retirée',
  'application.interest_confirmed': 'Intérêt confirmé pour la demande',
  'application.lapsed_retention': 'Demande classée sans suite',
  'priority_policy.published': 'Règles de priorité publiées',
  'allocation_round.created': 'Attribution calculée (brouillon)',
  'allocation_round.confirmed': 'Commission d’attribution confirmée',
  'allocation_round.draft_deleted': 'Brouillon d’attribution supprimé',
  'allocation_round.proposal_excluded': 'Proposition écartée du brouillon',
  'allocation_round.proposal_restored': 'Proposition rétablie dans le brouillon',
  'allocation_round.household_erased': 'Attribution : données d’un foyer effacé réduites',
  'offer.accepted': 'Place acceptée',
  'offer.declined': 'Place refusée',
  'offer.expired': 'Offre expirée',
  'offer.withdrawn': 'Offre retirée par la crèche',
  'offer.reminded': 'Rappel de l’offre envoyé',
  'booking.created': 'Réservation enregistrée',
  'booking.cancelled': 'Réservation annulée',
  'attendance.corrected': 'Pointage corrigé',
  'attendance.removed': 'Pointage supprimé',
  'attendance.entered_afterwards': 'Pointage saisi après coup',
  'absence.recorded': 'Absence enregistrée',
  'absence.corrected': 'Absence corrigée',
  'absence.deleted': 'Absence retirée',
  'absence.document_attached': 'Justificatif d’absence joint',
  'invoices.issued': 'Factures émises',
  'invoice.credited': 'Avoir émis',
  'payment.recorded': 'Paiement enregistré',
  'payment.cancelled': 'Paiement annulé',
  'billing.payment_reminder_sent': 'Rappel de paiement envoyé',
  'territory.created': 'Territoire créé',
  'territory.updated': 'Territoire modifié',
  'territory.coordinators_set': 'Coordination du territoire nommée',
  'creche.created': 'Crèche créée',
  'creche.updated': 'Crèche modifiée',
  'creche.managers_set': 'Direction de la crèche nommée',
  'creche.staff_set': 'Équipe de la crèche modifiée',
  'creche.staff_invited': 'Membre de l’équipe invité',
  'creche.staff_removed': 'Membre de l’équipe retiré',
  'privacy.retention': 'Durées de conservation appliquées',
  'auth.login_failed': 'Connexion refusée',
  'auth.logout': 'Déconnexion',
  'auth.refresh_reuse_detected': 'Session fermée : jeton de session réutilisé',
  'user.created': 'Compte créé',
  'user.registered': 'Compte ouvert par un parent',
  'user.email_verified': 'Adresse e-mail confirmée',
  'user.disabled': 'Compte désactivé',
  'user.password_changed': 'Mot de passe changé',
  'user.password_reset_requested': 'Réinitialisation du mot de passe demandée',
  'user.password_reset': 'Mot de passe réinitialisé',
  'user.invitation_withdrawn': 'Invitation d’un membre de l’équipe retirée',
  'user.admin_bootstrapped': 'Premier compte administrateur créé',
};
export const actionFr = (action: string): string => ACTION_LABELS[action] ?? action;

/**
 * What the journal's Action filter sends for what was typed: a code as it is; the French label of an action, or a
 * part of it that names only one action ("pointage saisi", "participation calculée"), as that action's code. Anything
 * else is sent as typed (and matches nothing).
 */
export function actionCodeOf(typed: string): string {
  const t = fold(typed.trim());
  if (!t || ACTION_LABELS[typed.trim()]) return typed.trim();
  const entries = Object.entries(ACTION_LABELS);
  const exact = entries.filter(([, label]) => fold(label) === t);
  if (exact.length === 1) return exact[0][0];
  const partial = entries.filter(([, label]) => fold(label).includes(t));
  return partial.length === 1 ? partial[0][0] : typed.trim();
}

/** Lower case, no accents, straight apostrophes: "Créé" and "cree" compare equal. */
const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[’']/g, "'")
    .toLowerCase();

export interface TraceStep {
  readonly step: string;
  readonly inputs: Readonly<Record<string, string | number | boolean | null>>;
  readonly rule: string;
  readonly source: string;
  readonly value: string;
}

export interface AuditedStep {
  readonly title: string;
  readonly text: string;
  /** What the engine recorded as the step's source: the scale's provenance, or the text applied (Cnaf, rules). */
  readonly source: string;
  readonly sourceLabel: 'Provenance enregistrée avec le calcul' | 'Texte appliqué';
}

/** What the trace page knows of the scale used (GET /api/fee-scales/:id), for its provenance. */
export interface ScaleFacts {
  readonly effectiveFrom: string;
  readonly verified: boolean;
  readonly provenance: string;
  readonly sourceTitle?: string | null;
  readonly sourceDate?: string | null;
}

/** The stored figures the last steps speak of. */
export interface ComputationFigures {
  readonly monthlyHours: string;
  readonly hourlyRate: string;
}

function isStep(s: unknown): s is TraceStep {
  return typeof s === 'object' && s !== null && typeof (s as TraceStep).step === 'string';
}

const num = (v: unknown): string => {
  const n = Number(v);
  return Number.isFinite(n) ? n.toLocaleString('fr-FR', { maximumFractionDigits: 6 }) : String(v);
};
const count = (n: unknown, one: string, many: string) => `${num(n)} ${Number(n) > 1 ? many : one}`;

/** A stored trace, step by step, in French for an auditor; unknown steps are shown as the engine wrote them. */
export function explainTrace(
  trace: readonly unknown[],
  figures: ComputationFigures,
  scale?: ScaleFacts | null,
): AuditedStep[] {
  return trace.filter(isStep).map((s) => ({
    ...explainStep(s, figures, scale ?? null),
    // The scale's provenance is shown as it was recorded; the texts the engine cites, in French.
    source: s.step === 'SELECT_SCALE' ? s.source : sourceFr(s.source),
    sourceLabel: s.step === 'SELECT_SCALE' ? 'Provenance enregistrée avec le calcul' : 'Texte appliqué',
  }));
}

/**
 * A source the engine cites, for an auditor: "Cnaf, PSU conditions; docs/rules.md#r412-occasional-and-emergency-care"
 * → "Cnaf, conditions de la PSU ; règle R4.12 de Berceau (docs/rules.md)". Unknown texts stay as they are.
 */
export function sourceFr(source: string): string {
  return source
    .split(';')
    .map((part) => {
      const p = part.trim();
      const rule = /^docs\/rules\.md#r(10|\d)(\d+)(b?)(?:-|$)/.exec(p);
      if (rule) return `règle R${rule[1]}.${rule[2]}${rule[3]} de Berceau (docs/rules.md)`;
      return p === 'Cnaf, PSU conditions' ? 'Cnaf, conditions de la PSU' : p;
    })
    .join(' ; ');
}

function explainStep(
  s: TraceStep,
  f: ComputationFigures,
  scale: ScaleFacts | null,
): Omit<AuditedStep, 'source' | 'sourceLabel'> {
  const i = s.inputs ?? {};
  switch (s.step) {
    case 'SELECT_SCALE': {
      const effective = /^(\d{4}-\d{2}-\d{2})/.exec(s.value)?.[1] ?? scale?.effectiveFrom;
      const verified = scale ? scale.verified : !/unverified/.test(s.value);
      const cited =
        scale?.sourceTitle && scale.sourceDate
          ? ` Document cité : « ${scale.sourceTitle} » du ${frenchDate(scale.sourceDate)}.`
          : '';
      return {
        title: 'Barème appliqué',
        text:
          `Version du barème national en vigueur le ${frenchDate(i.date)} : celle applicable depuis le ${frenchDate(effective)}.` +
          (verified
            ? ' Ses chiffres ont été vérifiés sur un document publié par la Cnaf.'
            : ' Ses chiffres n’ont pas été vérifiés sur un document publié par la Cnaf.') +
          cited +
          // The scale's provenance today, when the engine recorded another one with the computation.
          (scale && !s.source.includes(scale.provenance) ? ` Provenance du barème : « ${scale.provenance} ».` : ''),
      };
    }
    case 'SELECT_TABLE':
      return {
        title: 'Tableau des taux d’effort',
        text:
          (s.value === 'familial' ? 'Tableau de l’accueil familial et parental' : 'Tableau de l’accueil collectif') +
          ` (type d’accueil : ${careTypeFr(String(i.careType))}).`,
      };
    case 'TIER': {
      const children = countedChildren(s.value);
      const tier = /tier\s+(.+)$/.exec(String(s.value))?.[1]?.trim() ?? children;
      const why = i.asePlacement
        ? 'Enfant confié à l’aide sociale à l’enfance : le taux d’un enfant s’applique.'
        : `${count(i.dependentChildren, 'enfant à charge', 'enfants à charge')}` +
          (Number(i.aeehChildren) > 0
            ? ` et ${count(i.aeehChildren, 'enfant bénéficiaire', 'enfants bénéficiaires')} de l’AEEH (chacun compte pour un enfant de plus)`
            : '') +
          ` : ${count(children, 'enfant compté', 'enfants comptés')}, tranche « ${tierFr(tier)} ».`;
      return { title: 'Tranche retenue', text: why };
    }
    case 'BOUND_RESOURCES': {
      const floor = euros(i.floor);
      const ceiling = euros(i.ceiling);
      const override = i.ceilingOverride ? ` (plafond relevé par la crèche à ${euros(i.ceilingOverride)})` : '';
      let text: string;
      if (/refused/.test(s.rule))
        text = `Le foyer ne communique pas ses ressources : le plafond s’applique (${ceiling})${override}.`;
      else if (/ASE/.test(s.rule)) text = `Placement à l’aide sociale à l’enfance : le plancher s’applique (${floor}).`;
      else if (/not checked/.test(s.rule))
        text = `Ressources déclarées mais pas encore vérifiées par la crèche : le plancher s’applique (${floor}).`;
      else if (/unknown/.test(s.rule)) text = `Ressources inconnues : le plancher s’applique (${floor}).`;
      else {
        const declared = Number(i.monthlyResources);
        text =
          declared < Number(i.floor)
            ? `Ressources mensuelles de ${euros(i.monthlyResources)}, sous le plancher : le plancher s’applique (${floor}).`
            : declared > Number(i.ceiling)
              ? `Ressources mensuelles de ${euros(i.monthlyResources)}, au-dessus du plafond : le plafond s’applique (${ceiling})${override}.`
              : `Ressources mensuelles de ${euros(i.monthlyResources)}, entre le plancher (${floor}) et le plafond (${ceiling})${override} : retenues telles quelles.`;
      }
      return { title: 'Plancher et plafond', text: `${text} Ressources retenues : ${euros(s.value)}.` };
    }
    case 'EFFORT_RATE':
      return {
        title: 'Taux d’effort',
        text: `${num(s.value)} % des ressources mensuelles retenues par heure d’accueil.`,
      };
    case 'HOURLY_RATE':
      return {
        title: 'Tarif horaire et arrondi',
        text:
          `${euros(i.boundedResources)} × ${num(i.effortRatePercent)} % = ${num(i.exact)} € exactement, ` +
          `arrondi au centime le plus proche (le demi-centime au centime supérieur) : ${euros(s.value)} de l’heure.`,
      };
    case 'RESERVED_HOURS': {
      const removed = [
        Number(i.publicHolidayDays) > 0 ? count(i.publicHolidayDays, 'jour férié', 'jours fériés') : null,
        Number(i.closureDays) > 0 ? count(i.closureDays, 'jour de fermeture', 'jours de fermeture') : null,
        Number(i.leaveDays) > 0 ? count(i.leaveDays, 'jour de congés déclarés', 'jours de congés déclarés') : null,
      ].filter(Boolean);
      return {
        title: 'Heures réservées',
        text:
          `Du ${frenchDate(i.contractStart)} au ${frenchDate(i.contractEnd)}, ${count(i.scheduledDays, 'jour d’accueil prévu', 'jours d’accueil prévus')}` +
          (removed.length ? `, moins ${removed.join(', ')}` : '') +
          ` : ${hours(String(s.value).replace(/\s*h$/, ''))} réservées sur le contrat.`,
      };
    }
    case 'HOUSEHOLD_SHARE':
      return {
        title: 'Part du foyer (résidence alternée)',
        text: `Le foyer paie ${s.value} des heures réservées, à son propre tarif.`,
      };
    case 'MONTHLY_HOURS':
      if (i.months !== undefined)
        return {
          title: 'Heures mensualisées',
          text:
            `${hours(i.reservedHours)} réparties sur ${count(i.months, 'mois', 'mois')} : ` +
            `${String(s.value).split('=')[0].trim()} exactement, soit ${hours(f.monthlyHours)} par mois une fois arrondies.`,
        };
      return {
        title: 'Heures mensualisées',
        text: `${count(i.weeksPerYear, 'semaine', 'semaines')} × ${hours(i.hoursPerWeek)} ÷ ${count(i.billedMonths, 'mois', 'mois')} : ${hours(f.monthlyHours)} par mois (arrondi pour l’affichage).`,
      };
    case 'MONTHLY_FEE':
      return {
        title: 'Participation mensuelle et arrondi',
        text:
          `Heures mensuelles exactes × ${euros(f.hourlyRate)} = ${euros(s.value)} par mois, ` +
          'arrondie au centime une seule fois, à la fin du calcul.',
      };
    default:
      return { title: s.step, text: `${s.rule} : ${s.value}` };
  }
}

const CARE_TYPES: Readonly<Record<string, string>> = {
  COLLECTIVE: 'collectif',
  MICRO_CRECHE: 'micro-crèche',
  FAMILIAL: 'familial',
  PARENTAL: 'parental',
};
const careTypeFr = (t: string) => CARE_TYPES[t] ?? t;

/** "2027-02-28" → "2027-03-01": the audit log's `to` is exclusive, the page's "jusqu'au" is not. */
export function dayAfter(iso: string): string {
  const d = new Date(`${iso}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return new Date(d.getTime() + 86_400_000).toISOString().slice(0, 10);
}

/** An event's details in one line ("before: …; after: …"), for the log's table. */
export function detailsFr(details: Readonly<Record<string, unknown>>): string {
  return Object.entries(details)
    .map(([k, v]) => `${DETAIL_LABELS[k] ?? k} : ${detailValueFr(k, v)}`)
    .join(' ; ');
}

/** The keys of events' details, in French (an unknown key is shown as the API wrote it). */
export const DETAIL_LABELS: Readonly<Record<string, string>> = {
  after: 'après',
  amount: 'montant',
  applicationId: 'demande',
  arrivedAt: 'arrivée',
  before: 'avant',
  candidates: 'candidatures',
  certified: 'certificat médical',
  changes: 'changements',
  childId: 'enfant',
  claim: 'critère',
  claimsUnverified: 'critères non vérifiés',
  computationId: 'calcul',
  contractId: 'contrat',
  contracts: 'contrats',
  count: 'nombre',
  crecheId: 'crèche',
  crecheIds: 'crèches',
  creditNoteId: 'avoir',
  date: 'jour',
  declarationId: 'déclaration',
  documentType: 'type de justificatif',
  effectiveFrom: 'à partir du',
  endDate: 'fin',
  envyCases: 'cas d’envie',
  exclusions: 'exclusions',
  existingAccount: 'compte existant',
  familyId: 'foyer',
  feeFrom: 'participation à partir du',
  feeInputsVersion: 'version de la situation',
  fields: 'champs',
  from: 'du',
  hadDocument: 'justificatif joint',
  hash: 'empreinte',
  id: 'identifiant',
  ids: 'identifiants',
  invitationId: 'invitation',
  invited: 'invité',
  invoicedMonths: 'mois déjà facturés',
  invoices: 'factures',
  kind: 'type',
  known: 'connu',
  leftAt: 'départ',
  maxAgeDays: 'ancienneté maximale (jours)',
  method: 'méthode',
  month: 'mois',
  months: 'mois',
  number: 'numéro',
  numbers: 'numéros',
  offers: 'offres',
  overdue: 'en retard',
  overdueSince: 'en retard depuis le',
  placements: 'places attribuées',
  places: 'places',
  policyId: 'politique de priorité',
  preferences: 'préférences',
  previousEnd: 'fin précédente',
  previousSnapshotHash: 'empreinte de l’instantané précédent',
  proofId: 'justificatif',
  reason: 'motif',
  recipients: 'destinataires',
  replaced: 'remplacé',
  requestId: 'requête',
  role: 'rôle',
  roundId: 'tour d’attribution',
  scaleId: 'barème',
  sessionId: 'session',
  size: 'taille',
  snapshotHash: 'empreinte de l’instantané',
  startDate: 'début',
  submittedAt: 'déposée le',
  tampered: 'altéré',
  to: 'au',
  userId: 'compte',
  userIds: 'comptes',
  version: 'version',
  what: 'saisie',
  year: 'année',
};

/** The fields of a contract's fee situation, as the change of its inputs names them. */
const FEE_FIELD_LABELS: Readonly<Record<string, string>> = {
  monthlyResources: 'ressources mensuelles',
  resourcesRefused: 'ressources non communiquées',
  resourcesUnchecked: 'ressources non vérifiées',
  childrenUnchecked: 'enfants non vérifiés',
  dependentChildren: 'enfants à charge',
  aeehChildren: 'enfants bénéficiaires de l’AEEH',
  asePlacement: 'placement ASE',
  declarationId: 'déclaration',
};

/** A detail's value: days as 31/12/2027, instants as 31/12/2027 à 10:15 (in France), yes/no, roles, fee reasons and fields in French; the rest as written. */
function detailValueFr(key: string, v: unknown): string {
  if (typeof v === 'boolean') return v ? 'oui' : 'non';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v.split('-').reverse().join('/');
    if (/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(v)) return dateTimeFr(v);
    if (key === 'role') return roleFr(v);
    if (key === 'reason' && REASON_LABELS[v]) return REASON_LABELS[v];
    if (key === 'what') return v === 'check_in' ? 'arrivée' : v === 'check_out' ? 'départ' : v;
    return v;
  }
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null))
    return v
      .map((x) => (key === 'fields' && typeof x === 'string' ? (FEE_FIELD_LABELS[x] ?? x) : detailValueFr(key, x)))
      .join(', ');
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return `(${detailsFr(v as Record<string, unknown>)})`;
  return JSON.stringify(v);
}

/**
 * What a FILOUÉ file holds, said the same way to the crèche's manager and to the Caf auditor (one line per child; the
 * manager read « 1 enfant dans le fichier », the auditor « 1 ligne écrite » of the same file).
 */
export function filoueSummaryFr(children: number, errors: number, objectionsLeftOut: number): string {
  const s = (n: number) => (n > 1 ? 's' : '');
  const objections =
    objectionsLeftOut > 0
      ? `, ${objectionsLeftOut} enfant${s(objectionsLeftOut)} écarté${s(objectionsLeftOut)} à la demande de leur foyer (opposition)`
      : '';
  return `${children} enfant${s(children)} dans le fichier (une ligne par enfant), ${errors} erreur${s(errors)}${objections}.`;
}
