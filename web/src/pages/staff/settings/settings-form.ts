import type { components } from '../../../api/schema';

type Creche = components['schemas']['CrecheResponseDto'];
export type UpdateCrecheBody = components['schemas']['UpdateCrecheDto'];

export interface OpeningRow {
  weekday: string;
  opens: string;
  closes: string;
}
export interface BandRow {
  weekday: string;
  from: string;
  to: string;
  places: string;
}
export interface ClosureRow {
  from: string;
  to: string;
  label: string;
}

/** The crèche's settings as the form holds them: text, as typed, until sent. */
export interface SettingsForm {
  name: string;
  places: string;
  surnombre: boolean;
  opensOnPublicHolidays: boolean;
  openingHours: OpeningRow[];
  capacityBands: BandRow[];
  closures: ClosureRow[];
  billingUnitMinutes: string;
  emergencyRate: string;
  emergencyHourlyRate: string;
  resourcesCeilingOverride: string;
  cafNumber: string;
  afcFileNumber: string;
  paymentDueDays: string;
  paymentTerms: string;
  offerResponseDays: string;
  minAgeMonths: string;
  maxAgeMonths: string;
  reservedInsertionPlaces: string;
  maxLeaveWeeksPerYear: string;
}

const text = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));

export function formOf(c: Creche): SettingsForm {
  return {
    name: c.name,
    places: text(c.places),
    surnombre: c.surnombre,
    opensOnPublicHolidays: c.opensOnPublicHolidays,
    openingHours: c.openingHours.map((o) => ({ weekday: text(o.weekday), opens: o.opens, closes: o.closes })),
    capacityBands: c.capacityBands.map((b) => ({
      weekday: text(b.weekday),
      from: b.from,
      to: b.to,
      places: text(b.places),
    })),
    closures: c.closures.map((x) => ({ from: x.from, to: x.to, label: x.label })),
    billingUnitMinutes: text(c.billingUnitMinutes),
    emergencyRate: c.emergencyRate,
    emergencyHourlyRate: text(c.emergencyHourlyRate),
    resourcesCeilingOverride: text(c.resourcesCeilingOverride),
    cafNumber: text(c.cafNumber),
    afcFileNumber: text(c.afcFileNumber),
    paymentDueDays: text(c.paymentDueDays),
    paymentTerms: text(c.paymentTerms),
    offerResponseDays: text(c.offerResponseDays),
    minAgeMonths: text(c.minAgeMonths),
    maxAgeMonths: text(c.maxAgeMonths),
    reservedInsertionPlaces: text(c.reservedInsertionPlaces),
    maxLeaveWeeksPerYear: text(c.maxLeaveWeeksPerYear),
  };
}

/** A whole number as a number; anything else as typed, so that the API's 400 names the field. */
const int = (s: string): number | string => (/^\s*\d+\s*$/.test(s) ? Number(s) : s.trim());
/** An optional text: empty means none (null). */
const orNull = (s: string): string | null => (s.trim() === '' ? null : s.trim());
/** An amount typed the French way ("1,42") as the API wants it ("1.42"). */
const amount = (s: string): string | null => orNull(s.replace(',', '.').replace(/\s/g, ''));

function fullBody(f: SettingsForm): Record<string, unknown> {
  return {
    name: f.name.trim(),
    places: int(f.places),
    surnombre: f.surnombre,
    opensOnPublicHolidays: f.opensOnPublicHolidays,
    openingHours: f.openingHours.map((o) => ({
      weekday: int(o.weekday),
      opens: o.opens.trim(),
      closes: o.closes.trim(),
    })),
    capacityBands: f.capacityBands.map((b) => ({
      weekday: int(b.weekday),
      from: b.from.trim(),
      to: b.to.trim(),
      places: int(b.places),
    })),
    closures: f.closures.map((c) => ({ from: c.from, to: c.to, label: c.label.trim() })),
    billingUnitMinutes: int(f.billingUnitMinutes),
    emergencyRate: f.emergencyRate,
    emergencyHourlyRate: amount(f.emergencyHourlyRate),
    resourcesCeilingOverride: amount(f.resourcesCeilingOverride),
    cafNumber: orNull(f.cafNumber),
    afcFileNumber: orNull(f.afcFileNumber),
    paymentDueDays: f.paymentDueDays.trim() === '' ? null : int(f.paymentDueDays),
    paymentTerms: orNull(f.paymentTerms),
    offerResponseDays: int(f.offerResponseDays),
    minAgeMonths: f.minAgeMonths.trim() === '' ? null : int(f.minAgeMonths),
    maxAgeMonths: int(f.maxAgeMonths),
    reservedInsertionPlaces: int(f.reservedInsertionPlaces),
    maxLeaveWeeksPerYear: int(f.maxLeaveWeeksPerYear),
  };
}

/**
 * The PATCH body: only the fields that changed since `initial`, so that saving the billing unit does not re-admit
 * every planned child under unchanged opening hours (the API does so whenever a capacity field is sent).
 */
export function changesOf(form: SettingsForm, initial: SettingsForm): UpdateCrecheBody {
  const now = fullBody(form);
  const before = fullBody(initial);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(now)) if (JSON.stringify(now[key]) !== JSON.stringify(before[key])) out[key] = now[key];
  return out as UpdateCrecheBody;
}

/** The API's cross-field refusals (creche-validation.ts, creches.service.ts), said for a manager. */
const KNOWN: readonly [RegExp, string][] = [
  [
    /MICRO_CRECHE has at most (\d+) places/,
    'Une micro-crèche a au plus $1 places (art. R2324-46 du code de la santé publique).',
  ],
  [/cannot exceed the (\d+) authorised places/, 'Une modulation ne peut pas dépasser les $1 places autorisées.'],
  [/must lie within the opening hours/, 'Cette plage doit être comprise dans les horaires d’ouverture de ce jour.'],
  [/must not overlap/, 'Les plages d’un même jour ne doivent pas se chevaucher.'],
  [/ends on or after the day it starts/, 'La fin doit être le même jour que le début ou après.'],
  [/must not be after/, 'Le début ne doit pas être après la fin.'],
  [/must be before closes|must be before to/, 'L’heure de début doit précéder l’heure de fin.'],
  [/reserved places cannot exceed/, 'Les places réservées ne peuvent pas dépasser les places autorisées.'],
  [/minAgeMonths must be below/, 'L’âge minimum doit être inférieur à l’âge maximum.'],
  [/HH:MM/, 'Indiquez une heure au format HH:MM sur une grille de 5 minutes, par exemple 07:30 (24:00 permis).'],
  [/required when emergencyRate is FIXED/, 'Indiquez le tarif horaire fixe de l’accueil d’urgence.'],
  [/hourly rate in euros/, 'Indiquez un tarif horaire en euros, par exemple 1,42.'],
  [/amount in euros/, 'Indiquez un montant en euros, par exemple 9000.'],
  [
    /below the national ceiling in force \(([\d.]+) €\)/,
    'Le plafond ne peut pas être inférieur au plafond national en vigueur ($1 €).',
  ],
  [/letters, digits or dashes/, 'De 1 à 20 lettres, chiffres ou tirets.'],
  [/paymentDueDays must not be (greater|less) than/, 'Indiquez un délai de 0 à 60 jours.'],
  [/paymentDueDays must be an integer/, 'Indiquez un nombre entier de jours, de 0 à 60.'],
  [/paymentTerms must be longer than or equal to/, 'Indiquez au moins 3 caractères, ou videz le champ.'],
  [/paymentTerms must be shorter than or equal to/, 'Au plus 500 caractères.'],
  [/paymentTerms must contain letters or digits/, 'Indiquez les modalités en toutes lettres.'],
  [/must not contain line breaks/, 'Sur une seule ligne, sans retour à la ligne.'],
];

/** One French sentence for the API's messages about one field of the crèche, or null for errors-fr.ts to say. */
export function settingsMessageFr(errors: readonly string[]): string | null {
  const joined = errors.join(' ');
  for (const [pattern, french] of KNOWN) {
    const m = pattern.exec(joined);
    if (m) return french.replace('$1', m[1] ?? '');
  }
  return null;
}

const WEEKDAY_NAMES = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];

/** « samedi 06/03/2027 » of an ISO date. */
function dayFr(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${WEEKDAY_NAMES[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]} ${iso.slice(8, 10)}/${iso.slice(5, 7)}/${y}`;
}

interface CapacityConflict {
  readonly date: string;
  readonly from: string;
  readonly to: string;
  readonly present: number;
  readonly limit: number;
  readonly rule: string;
}

/**
 * Where a change of the crèche's settings would leave planned children without room (409
 * CRECHE.CAPACITY_BELOW_PLANNED): its first conflict in French, and how many more, or null when the answer has none.
 */
export function capacityConflictFr(details: unknown): string | null {
  const conflicts = (details as { conflicts?: unknown } | null)?.conflicts;
  if (!Array.isArray(conflicts) || conflicts.length === 0) return null;
  const c = conflicts[0] as CapacityConflict;
  if (typeof c?.date !== 'string' || !/^\d{4}-\d\d-\d\d$/.test(c.date)) return null;
  const when = `le ${dayFr(c.date)} de ${c.from} à ${c.to}`;
  const places = (n: number) => `${n} place${n > 1 ? 's' : ''}`;
  const first =
    c.rule === 'CLOSED'
      ? `${when}, un enfant est prévu alors que la crèche serait fermée`
      : c.rule === 'WEEKLY_100'
        ? `la semaine du ${dayFr(c.date)}, l’occupation prévue dépasserait 100 %`
        : `${when}, ${c.present} enfants prévus pour ${places(c.limit)}${c.rule === 'SURNOMBRE_115' ? ', surnombre compris' : ''}`;
  const more = conflicts.length - 1;
  return `Premier conflit : ${first}${more > 0 ? ` (et ${more} autre${more > 1 ? 's' : ''})` : ''}.`;
}

/** The first day a closure refused would close though children were checked in (CRECHE.CLOSED_DAY_ATTENDED). */
export function closedDayAttendedFr(details: unknown): string | null {
  const days = (details as { days?: unknown } | null)?.days;
  if (!Array.isArray(days) || typeof days[0] !== 'string' || !/^\d{4}-\d\d-\d\d$/.test(days[0])) return null;
  const more = days.length - 1;
  return `Premier jour pointé : le ${dayFr(days[0])}${more > 0 ? ` (et ${more} autre${more > 1 ? 's' : ''})` : ''}.`;
}

/** The billing units the API accepts (BILLING_UNITS), said in words. */
export const BILLING_UNIT_FR: readonly { value: string; label: string }[] = [
  { value: '1', label: 'À la minute' },
  { value: '5', label: 'Chaque tranche de 5 minutes commencée' },
  { value: '10', label: 'Chaque tranche de 10 minutes commencée' },
  { value: '15', label: 'Chaque quart d’heure commencé' },
  { value: '30', label: 'Chaque demi-heure commencée' },
  { value: '60', label: 'Chaque heure commencée' },
];

export const WEEKDAYS_FR = ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche'];
