import type { components } from '../../api/schema';
import type { ApiFieldError } from '../../api/api-error';
import { AEEH_ABOVE_DEPENDENT_FR, euroAmountFr } from '../../api/errors-fr';

export type QuoteBody = components['schemas']['QuoteDto'];
export type CrecheQuoteBody = components['schemas']['CrecheQuoteDto'];
export type CareType = QuoteBody['careType'];

export const WEEKDAYS = [
  { weekday: 1, label: 'Lundi' },
  { weekday: 2, label: 'Mardi' },
  { weekday: 3, label: 'Mercredi' },
  { weekday: 4, label: 'Jeudi' },
  { weekday: 5, label: 'Vendredi' },
  { weekday: 6, label: 'Samedi' },
  { weekday: 7, label: 'Dimanche' },
] as const;

export const CARE_TYPE_LABELS: Record<CareType, string> = {
  COLLECTIVE: 'Crèche collective',
  MICRO_CRECHE: 'Micro-crèche',
  FAMILIAL: 'Crèche familiale',
  PARENTAL: 'Crèche parentale',
};

export interface DayHours {
  readonly weekday: number;
  readonly from: string;
  readonly to: string;
}

export interface LeaveRow {
  readonly key: number;
  readonly from: string;
  readonly to: string;
}

export interface QuoteFormState {
  readonly resourcesMode: 'amount' | 'refused' | 'unknown';
  readonly monthlyResources: string;
  readonly dependentChildren: string;
  readonly aeehChildren: string;
  readonly careType: CareType;
  /** A crèche chosen ('' for none): its care type, ceiling, closures and leave rule count, as in its contracts. */
  readonly crecheId: string;
  readonly form: 'period' | 'weeks';
  readonly contractStart: string;
  readonly contractEnd: string;
  readonly days: readonly DayHours[];
  readonly leave: readonly LeaveRow[];
  readonly startDate: string;
  readonly hoursPerWeek: string;
  readonly weeksPerYear: string;
}

export const initialQuoteForm: QuoteFormState = {
  resourcesMode: 'amount',
  monthlyResources: '',
  dependentChildren: '1',
  aeehChildren: '0',
  careType: 'COLLECTIVE',
  crecheId: '',
  form: 'period',
  contractStart: '',
  contractEnd: '',
  days: WEEKDAYS.map(({ weekday }) => ({ weekday, from: '', to: '' })),
  leave: [],
  startDate: '',
  hoursPerWeek: '',
  weeksPerYear: '',
};

/**
 * Dates are typed as the French write them (04/01/2027), in plain text fields: the same keys in every browser and
 * language, unlike the browsers' date widgets. Anything not read as a date is sent as typed, and the API says why.
 */
export function isoDate(text: string): string {
  const m = /^\s*(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})\s*$/.exec(text);
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : text.trim();
}

/** "8:00", "08:00", "8h", "8 h 30" or "0830" become "08:00" / "08:30"; anything else is sent as typed. */
export function timeOfDay(text: string): string {
  const m = /^\s*(\d{1,2})\s*(?:[:hH]\s*(\d{2})?|(\d{2}))\s*$/.exec(text);
  if (!m) return text.trim();
  return `${m[1].padStart(2, '0')}:${m[2] ?? m[3] ?? '00'}`;
}

/** Atypical hours as the territory's default defines them: before 07:30, after 19:00, Saturday and Sunday. */
export function atypicalReasons(day: DayHours): string[] {
  const reasons: string[] = [];
  const from = timeOfDay(day.from);
  const to = timeOfDay(day.to);
  const valid = (t: string) => /^\d{2}:\d{2}$/.test(t);
  if (day.weekday >= 6 && (day.from || day.to)) reasons.push(day.weekday === 6 ? 'samedi' : 'dimanche');
  if (valid(from) && from < '07:30') reasons.push('avant 7 h 30');
  if (valid(to) && to > '19:00') reasons.push('après 19 h');
  return reasons;
}

/** "2 700", "2700,5" or "2 700,50 €" become "2700.00" / "2700.50"; anything else is sent as typed (the API says why). */
export function normaliseEuros(text: string): string {
  const compact = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  return /^\d{1,9}(\.\d{1,2})?$/.test(compact) ? Number(compact).toFixed(2) : compact;
}

const integer = (text: string): number | undefined => {
  const t = text.trim();
  return t === '' ? undefined : /^\d+$/.test(t) ? Number(t) : Number.NaN;
};

/** The rows of the week that carry hours, in the order they are sent (an error on `schedule[i]` names one of them). */
export function scheduledDays(state: QuoteFormState): DayHours[] {
  return state.days.filter((d) => d.from !== '' || d.to !== '');
}

/** The body at the chosen crèche: the same, without the care type (the crèche's). */
export function toCrecheQuoteBody(state: QuoteFormState): CrecheQuoteBody {
  const { careType: _careType, ...body } = toQuoteBody(state);
  return body;
}

export function toQuoteBody(state: QuoteFormState): QuoteBody {
  const resources =
    state.resourcesMode === 'amount'
      ? { monthlyResources: normaliseEuros(state.monthlyResources) }
      : state.resourcesMode === 'refused'
        ? { resourcesRefused: true }
        : {};
  const family = {
    careType: state.careType,
    dependentChildren: integer(state.dependentChildren) as number,
    aeehChildren: integer(state.aeehChildren),
    ...resources,
  };
  if (state.form === 'period') {
    return {
      ...family,
      date: isoDate(state.contractStart),
      contractStart: isoDate(state.contractStart),
      contractEnd: isoDate(state.contractEnd),
      schedule: scheduledDays(state).map((d) => ({ weekday: d.weekday, from: timeOfDay(d.from), to: timeOfDay(d.to) })),
      leavePeriods: state.leave.map((l) => ({ from: isoDate(l.from), to: isoDate(l.to) })),
    };
  }
  return {
    ...family,
    date: isoDate(state.startDate),
    hoursPerWeek: state.hoursPerWeek.trim().replace(',', '.'),
    weeksPerYear: integer(state.weeksPerYear) as number,
  };
}

/** Where the form shows an error: a field of the form, a day of the week, or a leave row. */
export type FieldKey =
  | 'monthlyResources'
  | 'dependentChildren'
  | 'aeehChildren'
  | 'careType'
  | 'contractStart'
  | 'contractEnd'
  | 'schedule'
  | `day-${number}`
  | `leave-${number}`
  | 'startDate'
  | 'hoursPerWeek'
  | 'weeksPerYear'
  | 'form';

const REQUIRED = 'Ce champ est obligatoire.';

/** Declared leave a year, unless a crèche sets its own (the API's default, docs/rules.md R4.9). */
export const DEFAULT_MAX_LEAVE_WEEKS = 10;
export const weeksFr = (n: number) => `${n} semaine${n > 1 ? 's' : ''}`;

/**
 * The API's 400 names each faulty field in English (`schedule[2].from`, `monthlyResources`); the form shows one French
 * message next to the field concerned. A field left empty says "obligatoire" once, whatever the API listed.
 */
export function fieldErrors(
  state: QuoteFormState,
  details: readonly ApiFieldError[],
  /** The bound on declared leave: the chosen crèche's, or the usual 10 weeks a year. */
  maxLeaveWeeks = DEFAULT_MAX_LEAVE_WEEKS,
): Map<FieldKey, string> {
  const out = new Map<FieldKey, string>();
  const put = (key: FieldKey, message: string) => {
    if (!out.has(key)) out.set(key, message);
  };
  const days = scheduledDays(state);
  for (const d of details) {
    const text = d.errors.join(' ');
    const slot = /^schedule\[(\d+)\]/.exec(d.field);
    const leave = /^leavePeriods\[(\d+)\]/.exec(d.field);
    if (slot) {
      const day = days[Number(slot[1])];
      put(
        day ? `day-${day.weekday}` : 'schedule',
        day && (!day.from || !day.to)
          ? 'Indiquez l’heure d’arrivée et l’heure de départ.'
          : /outside the opening hours/.test(text)
            ? `En dehors des horaires d’ouverture de la crèche (${/^(\S+ \d\d:\d\d-\d\d:\d\d)/.exec(text)?.[1] ?? 'ce jour-là'}) : un contrat ne peut pas y réserver d’heures.`
            : 'Horaires invalides : l’arrivée doit précéder le départ, sans chevaucher un autre créneau du même jour.',
      );
    } else if (leave) {
      const row = state.leave[Number(leave[1])];
      put(
        row ? `leave-${row.key}` : 'schedule',
        row && (!row.from || !row.to)
          ? 'Indiquez le premier et le dernier jour des congés.'
          : `Période invalide : le premier jour doit précéder le dernier, pendant le contrat (${weeksFr(maxLeaveWeeks)} par an au plus).`,
      );
    } else {
      switch (d.field) {
        case 'monthlyResources':
          put(
            'monthlyResources',
            state.monthlyResources.trim() === ''
              ? REQUIRED
              : /must be an amount in euros/.test(text)
                ? 'Indiquez un montant en euros, par exemple 2 700 ou 2 700,50.'
                : (euroAmountFr(text) ?? 'Indiquez un montant en euros, par exemple 2 700 ou 2 700,50.'),
          );
          break;
        case 'dependentChildren':
          put(
            'dependentChildren',
            state.dependentChildren.trim() === '' ? REQUIRED : 'Indiquez un nombre entre 1 et 20.',
          );
          break;
        case 'aeehChildren':
          put(
            'aeehChildren',
            /cannot exceed dependentChildren/.test(text)
              ? AEEH_ABOVE_DEPENDENT_FR
              : 'Indiquez un nombre entre 0 et 20.',
          );
          break;
        case 'careType':
          put('careType', 'Choisissez un mode d’accueil.');
          break;
        case 'date':
        case 'contractStart':
        case 'contractEnd': {
          const key: FieldKey =
            state.form === 'weeks' ? 'startDate' : d.field === 'contractEnd' ? 'contractEnd' : 'contractStart';
          const value =
            key === 'startDate' ? state.startDate : key === 'contractEnd' ? state.contractEnd : state.contractStart;
          put(
            key,
            value === ''
              ? REQUIRED
              : /after/.test(text)
                ? 'La date de début doit précéder la date de fin.'
                : 'Date invalide ou trop lointaine (un contrat dure au plus 5 ans).',
          );
          break;
        }
        case 'schedule':
          put('schedule', days.length === 0 ? 'Indiquez les horaires d’au moins un jour.' : 'Planning invalide.');
          break;
        case 'leavePeriods':
          put('schedule', `Congés invalides (${weeksFr(maxLeaveWeeks)} par an au plus).`);
          break;
        case 'hoursPerWeek':
          put(
            'hoursPerWeek',
            state.hoursPerWeek.trim() === '' ? REQUIRED : 'Indiquez un nombre d’heures entre 1 et 168.',
          );
          break;
        case 'weeksPerYear':
          put(
            'weeksPerYear',
            state.weeksPerYear.trim() === '' ? REQUIRED : 'Indiquez un nombre de semaines entre 1 et 52.',
          );
          break;
        default:
          put('form', 'Une des valeurs saisies est refusée.');
      }
    }
  }
  return out;
}
