import type { components } from '../../api/schema';
import { atypicalReasons, isoDate, timeOfDay, WEEKDAYS, type DayHours } from '../public/quote-form';

/**
 * The page "Demander une place" as plain data and functions (no React): the week asked of every crèche, the crèches
 * ranked with, for some, a week of their own, whether each week fits each crèche's opening hours, the request sent,
 * and the API's field errors mapped back to French beside the field concerned.
 */
export type ApplicationBody = components['schemas']['CreateApplicationDto'];

export interface OpeningHours {
  readonly weekday: number;
  readonly opens: string;
  readonly closes: string;
}

/** What the page needs of GET /api/creches. */
export interface CrecheChoice {
  readonly id: string;
  readonly name: string;
  readonly commune: { readonly name: string };
  readonly openingHours: readonly OpeningHours[];
}

/** A week as typed: one range per day, empty for a day without care. */
export type Week = readonly DayHours[];

export const emptyWeek = (): Week => WEEKDAYS.map(({ weekday }) => ({ weekday, from: '', to: '' }));

export interface RankedCreche {
  readonly crecheId: string;
  /** "un planning différent pour cette crèche": its own week instead of the main one. */
  readonly ownSchedule: boolean;
  readonly week: Week;
}

export interface ApplicationFormState {
  readonly childId: string;
  readonly startDate: string;
  readonly week: Week;
  /** Care asked on public holidays too (the territory's demand on those days). */
  readonly publicHolidayCare: boolean;
  readonly creches: readonly RankedCreche[];
}

export const MAX_CRECHES = 5;

export const initialApplicationForm = (): ApplicationFormState => ({
  childId: '',
  startDate: '',
  week: emptyWeek(),
  publicHolidayCare: false,
  creches: [],
});

const DAY_NAMES = ['', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

/** The days that carry hours, in the order they are sent (an error on `schedule[i]` names one of them). */
export function scheduledDays(week: Week): DayHours[] {
  return week.filter((d) => d.from !== '' || d.to !== '');
}

export function toSlots(week: Week): { weekday: number; from: string; to: string }[] {
  return scheduledDays(week).map((d) => ({ weekday: d.weekday, from: timeOfDay(d.from), to: timeOfDay(d.to) }));
}

const validTime = (t: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(t);

/** The week each ranked crèche is asked for. */
export const weekFor = (state: ApplicationFormState, c: RankedCreche): Week => (c.ownSchedule ? c.week : state.week);

export type Fit =
  | { readonly kind: 'EMPTY' }
  | { readonly kind: 'FITS' }
  | { readonly kind: 'OUTSIDE'; readonly problems: readonly string[] };

/**
 * Whether a week fits a crèche's opening hours, said in words: each day outside them, or on which it is closed.
 * Computed here from the hours GET /api/creches publishes; the API checks again (closures, public holidays).
 */
export function scheduleFit(week: Week, openingHours: readonly OpeningHours[]): Fit {
  const days = scheduledDays(week)
    .map((d) => ({ weekday: d.weekday, from: timeOfDay(d.from), to: timeOfDay(d.to) }))
    .filter((d) => validTime(d.from) && validTime(d.to) && d.from < d.to);
  if (!days.length) return { kind: 'EMPTY' };
  const problems: string[] = [];
  for (const d of days) {
    const open = openingHours.filter((o) => o.weekday === d.weekday);
    const day = DAY_NAMES[d.weekday];
    if (!open.length) problems.push(`fermée le ${day}`);
    else if (!open.some((o) => o.opens <= d.from && d.to <= o.closes))
      problems.push(`le ${day} de ${d.from} à ${d.to} dépasse ses horaires (${openingText(open)})`);
  }
  return problems.length ? { kind: 'OUTSIDE', problems } : { kind: 'FITS' };
}

const openingText = (open: readonly OpeningHours[]) =>
  [...open]
    .sort((a, b) => a.opens.localeCompare(b.opens))
    .map((o) => `${o.opens}–${o.closes}`)
    .join(', ');

/** "du lundi au vendredi 07:30–18:30 ; samedi 08:00–12:00": the opening hours in words, days with the same hours grouped. */
export function describeOpeningHours(hours: readonly OpeningHours[]): string {
  const byDay = new Map<number, string>();
  for (let weekday = 1; weekday <= 7; weekday += 1) {
    const open = hours.filter((o) => o.weekday === weekday);
    if (open.length) byDay.set(weekday, openingText(open));
  }
  const groups: { first: number; last: number; text: string }[] = [];
  for (const [weekday, text] of byDay) {
    const last = groups[groups.length - 1];
    if (last && last.text === text && last.last === weekday - 1) last.last = weekday;
    else groups.push({ first: weekday, last: weekday, text });
  }
  if (!groups.length) return 'aucun horaire publié';
  return groups
    .map((g) =>
      g.first === g.last
        ? `${DAY_NAMES[g.first]} ${g.text}`
        : g.last - g.first === 1
          ? `${DAY_NAMES[g.first]} et ${DAY_NAMES[g.last]} ${g.text}`
          : `du ${DAY_NAMES[g.first]} au ${DAY_NAMES[g.last]} ${g.text}`,
    )
    .join(' ; ');
}

/** Atypical hours of one day in words (before 07:30, after 19:00, Saturday, Sunday), from the simulator's rule. */
export { atypicalReasons };

export function toApplicationBody(state: ApplicationFormState): ApplicationBody {
  return {
    childId: state.childId,
    desiredStartDate: isoDate(state.startDate),
    schedule: toSlots(state.week),
    publicHolidayCare: state.publicHolidayCare,
    preferences: state.creches.map((c) =>
      c.ownSchedule ? { crecheId: c.crecheId, schedule: toSlots(c.week) } : c.crecheId,
    ),
  };
}

/** Moves the crèche at `index` up (-1) or down (+1) in the ranking. */
export function move<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (to < 0 || to >= list.length) return [...list];
  const out = [...list];
  [out[index], out[to]] = [out[to], out[index]];
  return out;
}

/** Where the page shows an error: a field, a day of the main week, a crèche, or a day of a crèche's own week. */
export type ErrorKey =
  | 'childId'
  | 'startDate'
  | 'schedule'
  | `day-${number}`
  | 'creches'
  | `creche-${string}`
  | `creche-${string}-day-${number}`;

const REQUIRED = 'Ce champ est obligatoire.';

/** One French sentence for an error on a slot of a week. */
function slotMessage(day: DayHours | undefined, errors: readonly string[]): string {
  const text = errors.join(' ');
  if (day && (!day.from || !day.to)) return 'Indiquez l’heure d’arrivée et l’heure de départ.';
  if (/outside the opening hours/.test(text)) return 'En dehors des heures d’ouverture de la crèche.';
  if (/overlaps/.test(text)) return 'Ce créneau chevauche un autre créneau du même jour.';
  return 'Horaires invalides : l’arrivée doit précéder le départ (par exemple 08:00 et 17:30).';
}

/**
 * The API's 400 names each faulty field in English (`preferences[1].schedule[0]`, `desiredStartDate`); the page shows
 * one French message beside the field concerned. A field left empty says "obligatoire" once.
 */
export function applicationErrors(
  state: ApplicationFormState,
  details: readonly { readonly field: string; readonly errors: readonly string[] }[],
): Map<ErrorKey, string> {
  const out = new Map<ErrorKey, string>();
  const put = (key: ErrorKey, message: string) => {
    if (!out.has(key)) out.set(key, message);
  };
  const mainDays = scheduledDays(state.week);
  for (const d of details) {
    const text = d.errors.join(' ');
    const slot = /^schedule\[(\d+)\]/.exec(d.field);
    const own = /^preferences\[(\d+)\]\.schedule(?:\[(\d+)\])?/.exec(d.field);
    const pref = /^preferences\[(\d+)\]/.exec(d.field);
    if (slot) {
      const day = mainDays[Number(slot[1])];
      put(day ? `day-${day.weekday}` : 'schedule', slotMessage(day, d.errors));
    } else if (d.field === 'schedule') {
      put('schedule', mainDays.length ? 'Horaires invalides.' : 'Indiquez au moins un jour d’accueil.');
    } else if (own) {
      const c = state.creches[Number(own[1])];
      if (!c) put('creches', 'Cette crèche est refusée.');
      else if (own[2] === undefined)
        put(`creche-${c.crecheId}`, 'Indiquez au moins un jour d’accueil pour cette crèche.');
      else {
        const day = scheduledDays(c.week)[Number(own[2])];
        put(day ? `creche-${c.crecheId}-day-${day.weekday}` : `creche-${c.crecheId}`, slotMessage(day, d.errors));
      }
    } else if (pref) {
      const c = state.creches[Number(pref[1])];
      const message = /too young/.test(text)
        ? 'Votre enfant sera trop jeune pour cette crèche à la date d’entrée souhaitée.'
        : /too old/.test(text)
          ? 'Votre enfant aura dépassé l’âge accueilli par cette crèche à la date d’entrée souhaitée.'
          : 'Cette crèche ne peut pas être choisie.';
      put(c ? `creche-${c.crecheId}` : 'creches', message);
    } else if (d.field === 'preferences') {
      put(
        'creches',
        state.creches.length ? 'Choisissez de 1 à 5 crèches différentes.' : 'Choisissez au moins une crèche.',
      );
    } else if (d.field === 'childId') {
      put('childId', state.childId ? 'Choisissez un de vos enfants.' : REQUIRED);
    } else if (d.field === 'desiredStartDate') {
      put(
        'startDate',
        state.startDate.trim() === ''
          ? REQUIRED
          : /past/.test(text)
            ? 'La date d’entrée ne peut pas être passée.'
            : /YYYY-MM-DD|date/i.test(text) && !/after|before|later|months|years/.test(text)
              ? 'Indiquez une date au format jj/mm/aaaa, par exemple 01/09/2027.'
              : 'Date trop lointaine : choisissez une date plus proche.',
      );
    }
  }
  return out;
}
