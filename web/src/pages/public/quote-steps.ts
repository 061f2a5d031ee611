import type { components } from '../../api/schema';

/**
 * The API's fee trace (one step per rule, in English, with its inputs and value) told in plain French for a family.
 * The trace is typed loosely in the OpenAPI document, so each step is read defensively.
 */
export interface TraceStep {
  readonly step: string;
  readonly inputs: Readonly<Record<string, string | number | boolean | null>>;
  readonly rule: string;
  readonly source: string;
  readonly value: string;
}

/** The API's answer; its trace's steps are typed loosely in the OpenAPI document (their inputs vary by rule). */
export type QuoteResult = Omit<components['schemas']['QuoteResponseDto'], 'trace'> & {
  readonly trace: readonly unknown[];
};

/** The answer as the pages read it (the schema's type, its trace's steps read defensively below). */
export function asQuoteResult(data: components['schemas']['QuoteResponseDto']): QuoteResult {
  return data;
}

export interface ExplainedStep {
  readonly title: string;
  readonly text: string;
}

const number = (v: unknown, digits?: number): string => {
  const n = Number(v);
  if (!Number.isFinite(n)) return String(v);
  return n.toLocaleString(
    'fr-FR',
    digits === undefined
      ? { maximumFractionDigits: 4 }
      : { minimumFractionDigits: digits, maximumFractionDigits: digits },
  );
};
export const euros = (v: unknown): string => `${number(v, 2)} €`;
export const hours = (v: unknown): string => `${number(v, 2)} h`;

/** Hundredths as an integer ("167.27" → 16727), or null when the text is not such a decimal. */
const hundredths = (v: unknown): number | null => {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(String(v));
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
};

/**
 * Whether the hours and the rate as shown (two decimals each) multiply, rounded half-up to the cent, to another amount
 * than the fee, which the API computes from the exact hours (a fraction, R4.9): then the page says why.
 */
export function shownProductDiffers(monthlyHours: unknown, hourlyRate: unknown, fee: unknown): boolean {
  const h = hundredths(monthlyHours);
  const r = hundredths(hourlyRate);
  const f = hundredths(fee);
  if (h === null || r === null || f === null) return false;
  // h × r is in ten-thousandths of a euro: half-up to hundredths.
  return Math.floor((h * r + 50) / 100) !== f;
}

/** " (1840/11 h, soit 167,2727… h)" from the trace's exact monthly hours, or nothing when they are not a fraction. */
const exactHoursFr = (exact: unknown): string => {
  const m = /^(\d+)\/(\d+)$/.exec(String(exact ?? ''));
  return m ? ` (${m[1]} ÷ ${m[2]} = ${number(Number(m[1]) / Number(m[2]))}… h)` : '';
};
export const frenchDate = (iso: unknown): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso));
  return m ? `${m[3]}/${m[2]}/${m[1]}` : String(iso);
};
const plural = (n: unknown, one: string, many: string) => `${number(n)} ${Number(n) > 1 ? many : one}`;

function isStep(s: unknown): s is TraceStep {
  return typeof s === 'object' && s !== null && typeof (s as TraceStep).step === 'string';
}

/** The children counted by a TIER step, from its value: "3 -> tier 3", or "3 → tier 3" in traces stored before. */
export function countedChildren(value: unknown): string {
  return String(value).split(/->|→/)[0].trim();
}

/** Who reads the steps: the family (« vos ressources »), or the crèche's staff and the Caf (« les ressources du foyer »). */
export type StepsReader = 'FAMILY' | 'STAFF';

const WORDS = {
  FAMILY: {
    refused: 'Vous ne souhaitez pas communiquer vos ressources',
    unknown: 'Vos ressources ne sont pas connues',
    declared: 'Vos ressources',
    simulator: ' ; le simulateur de participation donne une estimation sur vos ressources déclarées',
    schedule: 'votre planning compte',
    shareTitle: 'La part de votre foyer',
    share: 'Votre foyer paie sa part des heures réservées',
  },
  STAFF: {
    refused: 'La famille ne souhaite pas communiquer ses ressources',
    unknown: 'Les ressources du foyer ne sont pas connues',
    declared: 'Les ressources du foyer',
    simulator: '',
    schedule: 'le planning de l’enfant compte',
    shareTitle: 'La part du foyer',
    share: 'Le foyer paie sa part des heures réservées',
  },
} as const;

export function explainQuote(result: QuoteResult, reader: StepsReader = 'FAMILY'): ExplainedStep[] {
  return result.trace.filter(isStep).map((s) => explainStep(s, result, WORDS[reader]));
}

function explainStep(s: TraceStep, r: QuoteResult, w: (typeof WORDS)[StepsReader]): ExplainedStep {
  const i = s.inputs ?? {};
  switch (s.step) {
    case 'SELECT_SCALE':
      return {
        title: 'Le barème',
        text:
          `Barème national des participations familiales de la Cnaf en vigueur le ${frenchDate(i.date)} : ` +
          `version applicable depuis le ${frenchDate(r.scale.effectiveFrom)}. ` +
          (r.scale.verified
            ? 'Ses chiffres ont été vérifiés sur un document publié par la Cnaf.'
            : 'Attention : ses chiffres n’ont pas encore été vérifiés sur un document de la Cnaf ; le résultat est indicatif.'),
      };
    case 'SELECT_TABLE':
      return {
        title: 'Le tableau des taux',
        text:
          s.value === 'familial'
            ? 'Le taux d’effort est celui de l’accueil familial et parental.'
            : 'Le taux d’effort est celui de l’accueil collectif.',
      };
    case 'TIER': {
      const children = countedChildren(s.value);
      const why = i.asePlacement
        ? 'L’enfant est confié à l’aide sociale à l’enfance : le taux d’un enfant s’applique.'
        : i.childrenUnchecked
          ? `${plural(i.dependentChildren, 'enfant à charge déclaré', 'enfants à charge déclarés')}` +
            (Number(i.aeehChildren) > 0
              ? ` (dont ${plural(i.aeehChildren, 'bénéficiaire', 'bénéficiaires')} de l’AEEH)`
              : '') +
            ', pas encore vérifiés par la crèche sur justificatif : en attendant, le taux d’une famille d’un enfant s’applique. ' +
            'Le tarif sera recalculé à partir du mois qui suit leur vérification.'
          : `${plural(i.dependentChildren, 'enfant à charge', 'enfants à charge')}` +
            (Number(i.aeehChildren) > 0
              ? `, plus ${plural(i.aeehChildren, 'enfant bénéficiaire', 'enfants bénéficiaires')} de l’AEEH (chacun compte pour un enfant de plus)`
              : '') +
            ` : le taux retenu est celui d’une famille de ${plural(children, 'enfant', 'enfants')}.`;
      return { title: 'Le nombre d’enfants', text: why };
    }
    case 'BOUND_RESOURCES': {
      const floor = euros(i.floor);
      const ceiling = euros(i.ceiling);
      let text: string;
      if (/refused/.test(s.rule)) text = `${w.refused} : le plafond du barème s’applique (${ceiling}).`;
      else if (/ASE/.test(s.rule))
        text = `Pour un enfant confié à l’aide sociale à l’enfance, le plancher du barème s’applique (${floor}).`;
      else if (i.resourcesUnchecked)
        text =
          `Les ressources déclarées n’ont pas encore été vérifiées par la crèche sur justificatif : en attendant, le plancher du barème s’applique (${floor}). ` +
          `Le tarif sera recalculé à partir du mois qui suit leur vérification${w.simulator}.`;
      else if (i.monthlyResources === null || i.monthlyResources === undefined || /unknown/.test(s.rule))
        text = `${w.unknown} : le plancher du barème s’applique (${floor}).`;
      else {
        const declared = Number(i.monthlyResources);
        text =
          declared < Number(i.floor)
            ? `${w.declared} (${euros(declared)} par mois) sont inférieures au plancher du barème : le plancher s’applique (${floor}).`
            : declared > Number(i.ceiling)
              ? `${w.declared} (${euros(declared)} par mois) dépassent le plafond du barème : le plafond s’applique (${ceiling}).`
              : `${w.declared} (${euros(declared)} par mois) sont comprises entre le plancher (${floor}) et le plafond (${ceiling}) : elles sont retenues telles quelles.`;
      }
      return { title: 'Les ressources retenues', text };
    }
    case 'EFFORT_RATE':
      return {
        title: 'Le taux d’effort',
        text: `${number(s.value)} % des ressources mensuelles retenues, par heure d’accueil.`,
      };
    case 'HOURLY_RATE':
      return {
        title: 'Le tarif horaire',
        text:
          `${euros(i.boundedResources)} × ${number(i.effortRatePercent)} % = ${number(i.exact)} €, ` +
          `arrondi au centime le plus proche (un demi-centime est arrondi au centime supérieur) : ${euros(s.value)} de l’heure.`,
      };
    case 'RESERVED_HOURS': {
      const removed = [
        Number(i.publicHolidayDays) > 0 ? plural(i.publicHolidayDays, 'jour férié', 'jours fériés') : null,
        Number(i.closureDays) > 0 ? plural(i.closureDays, 'jour de fermeture', 'jours de fermeture') : null,
        Number(i.leaveDays) > 0 ? plural(i.leaveDays, 'jour de congés déclarés', 'jours de congés déclarés') : null,
        // Leave counted in weeks (an offer's estimate, a contract signed before leave was dated): its hours.
        Number(i.undatedLeaveWeeks) > 0
          ? `${plural(i.undatedLeaveWeeks, 'semaine de congés', 'semaines de congés')} (${hours(i.undatedLeaveHours)})`
          : null,
      ].filter(Boolean);
      return {
        title: 'Les heures réservées',
        text:
          `Du ${frenchDate(i.contractStart)} au ${frenchDate(i.contractEnd)}, ${w.schedule} ${plural(i.scheduledDays, 'jour d’accueil', 'jours d’accueil')}` +
          (removed.length ? ` ; en sont retirés ${removed.join(', ')}` : '') +
          ` : ${hours(String(s.value).replace(/\s*h$/, ''))} réservées en tout.`,
      };
    }
    case 'MONTHLY_HOURS':
      if (i.months !== undefined)
        return {
          title: 'Les heures par mois',
          text: `${hours(i.reservedHours)} réparties sur les ${plural(i.months, 'mois', 'mois')} du contrat : ${hours(r.monthlyHours)} par mois (lissées : la même somme chaque mois).`,
        };
      return {
        title: 'Les heures par mois',
        text: `${plural(i.weeksPerYear, 'semaine', 'semaines')} × ${hours(i.hoursPerWeek)} ÷ ${plural(i.billedMonths, 'mois', 'mois')} : ${hours(r.monthlyHours)} par mois.`,
      };
    case 'HOUSEHOLD_SHARE':
      return { title: w.shareTitle, text: `${w.share} : ${s.value}.` };
    case 'MONTHLY_FEE':
      return {
        title: 'La participation mensuelle',
        text:
          `${hours(r.monthlyHours)} × ${euros(r.hourlyRate)} = ${euros(s.value)} par mois, arrondie au centime une seule fois, à la fin du calcul.` +
          (shownProductDiffers(r.monthlyHours, r.hourlyRate, s.value)
            ? ` Le calcul garde les heures exactes${exactHoursFr(s.inputs.monthlyHours)}, non arrondies comme ici : d’où le centime d’écart avec la multiplication des chiffres affichés.`
            : ''),
      };
    default:
      return { title: s.step, text: s.value };
  }
}
