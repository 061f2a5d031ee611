import type { components } from '../../api/schema';
import { formatFrench } from '../../../../src/common/text/french-dates';

export type TerritoryDashboard = components['schemas']['TerritoryDashboardDto'];
export type DashboardRow = components['schemas']['DashboardRowDto'];
export type DashboardCell = components['schemas']['DashboardCellDto'];
export type SecretFigure = components['schemas']['SecretFigureDto'];
export type AtypicalSlot = DashboardCell['slot'];

/** The slot as the steering committee says it; the morning and evening ones carry the territory's limits. */
export function slotLabel(slot: AtypicalSlot, d: Pick<TerritoryDashboard, 'atypicalBefore' | 'atypicalAfter'>): string {
  switch (slot) {
    case 'EARLY':
      return `avant ${d.atypicalBefore}`;
    case 'LATE':
      return `après ${d.atypicalAfter}`;
    case 'SATURDAY':
      return 'samedi';
    case 'SUNDAY':
      return 'dimanche';
    case 'PUBLIC_HOLIDAY':
      return 'jours fériés';
  }
}

export const periodLabel = (period: DashboardCell['period']) => (period === 'WEEK' ? 'par semaine' : 'sur 12 mois');

const NUMBER_FR = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
/** 1234.5 → "1 234,5" (a narrow no-break space between thousands, a decimal comma). */
export const numberFr = (n: number) => NUMBER_FR.format(n);

/**
 * A count as the API publishes it: the number, "< 5" when fewer than 5 (statistical secrecy), "secret" when hidden
 * so that the total cannot give back another commune's (the CSV's words).
 */
export function countText(f: SecretFigure): string {
  if (!f.secret && f.value !== null) return numberFr(f.value);
  return f.reason === 'UNDER_THRESHOLD' ? '< 5' : 'secret';
}

/** A figure computed from a count (hours, share, waits): the number with its unit, or "secret". */
export function figureText(f: SecretFigure, unit = ''): string {
  if (f.secret || f.value === null) return 'secret';
  return `${numberFr(f.value)}${unit}`;
}

/** One line of a figures table: a commune (or the territory) in one slot, every cell as the page shows it. */
export interface FigureLine {
  readonly slot: AtypicalSlot;
  readonly slotText: string;
  readonly periodText: string;
  readonly applications: string;
  readonly hoursRequested: string;
  readonly placeHoursOffered: string;
  readonly shareServed: string;
  readonly medianWait: string;
  readonly p80Wait: string;
}

/** The lines of a row of the dashboard (a commune or the territory), one per slot, in the API's order. */
export function figureLines(row: DashboardRow, d: TerritoryDashboard): FigureLine[] {
  return row.cells.map((c) => ({
    slot: c.slot,
    slotText: slotLabel(c.slot, d),
    periodText: periodLabel(c.period),
    applications: countText(c.activeApplications),
    hoursRequested: figureText(c.hoursRequested, ' h'),
    placeHoursOffered: `${numberFr(c.placeHoursOffered)} h`,
    shareServed: figureText(c.shareServedPercent, ' %'),
    medianWait: figureText(c.medianWaitDays, ' j'),
    p80Wait: figureText(c.p80WaitDays, ' j'),
  }));
}

/** A bar chart's data: the categories and, per series, one value per category (null: secret, no bar drawn). */
export interface BarSeries {
  readonly labels: readonly string[];
  readonly series: readonly { readonly name: string; readonly values: readonly (number | null)[] }[];
}

const valueOf = (f: SecretFigure): number | null => (f.secret ? null : f.value);

/**
 * Demand against supply over the territory, per weekly atypical slot: hours requested by the active applications
 * against place-hours the crèches offer, per week. Public holidays are counted over twelve months, not per week:
 * they stay out of this chart (the table gives them).
 */
export function demandSupplySeries(d: TerritoryDashboard): BarSeries {
  const cells = d.territory.cells.filter((c) => c.period === 'WEEK');
  return {
    labels: cells.map((c) => slotLabel(c.slot, d)),
    series: [
      { name: 'Heures demandées par semaine', values: cells.map((c) => valueOf(c.hoursRequested)) },
      { name: 'Heures-places offertes par semaine', values: cells.map((c) => c.placeHoursOffered) },
    ],
  };
}

/** The territory's own bars in the share chart, after its communes': the reference they compare with. */
export const WHOLE_TERRITORY = 'Ensemble du territoire';

/**
 * The share of the demand the crèches could serve, per commune of the territory (households outside it or with no
 * commune have no crèche to count: left out) and, last, over the whole territory; per slot, in %. A secret share
 * draws no bar (few applications per commune make many of them secret; the territory's are hidden only when hiding
 * cells cannot protect a column).
 */
export function shareServedSeries(d: TerritoryDashboard): BarSeries {
  const rows = [...d.communes.filter((r) => r.inseeCode !== null), d.territory];
  return {
    labels: rows.map((r) => (r === d.territory ? WHOLE_TERRITORY : r.name)),
    series: d.slots.map(({ slot }) => ({
      name: slotLabel(slot, d),
      values: rows.map((r) => {
        const cell = r.cells.find((c) => c.slot === slot);
        return cell ? valueOf(cell.shareServedPercent) : null;
      }),
    })),
  };
}

/** "2027-03-01" → "1er mars 2027". */
export const longDateFr = (iso: string) =>
  formatFrench(
    new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
    new Date(`${iso}T12:00:00Z`),
  );
