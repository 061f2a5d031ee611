import type { components } from '../../../api/schema';
import { todayInFrance } from '../today';

type Day = components['schemas']['OccupancyDayDto'];
type Segment = components['schemas']['OccupancySegmentDto'];

/**
 * The three states of a time slot (docs/rules.md#r25-surnombre-115-percent-at-any-instant): within the places of the
 * instant; above them but within the legal surnombre (115 % rounded down, when the crèche enables it and the ISO
 * week's occupancy T is at most 100); above the limit that applies, an overrun.
 */
export type CellState = 'WITHIN' | 'SURNOMBRE' | 'OVERRUN';

const SEVERITY: Readonly<Record<CellState, number>> = { WITHIN: 0, SURNOMBRE: 1, OVERRUN: 2 };

/** The state of `present` children against a segment's places, its surnombre limit and the week's T. */
export function cellState(
  s: { present: number; limit: number; surnombreLimit: number | null },
  weekT: number | undefined,
): CellState {
  if (s.present <= s.limit) return 'WITHIN';
  const lawful = s.surnombreLimit !== null && weekT !== undefined && weekT <= 100 && s.present <= s.surnombreLimit;
  return lawful ? 'SURNOMBRE' : 'OVERRUN';
}

/** "YYYY-MM-DD" `days` after `iso` (civil dates: computed at noon UTC, no daylight-saving edge). */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** ISO weekday of a civil date, Monday = 1 … Sunday = 7. */
export function weekdayOfDate(iso: string): number {
  return ((new Date(`${iso}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/** The Monday of the ISO week of a civil date. */
export function mondayOf(iso: string): string {
  return addDays(iso, 1 - weekdayOfDate(iso));
}

/** The Monday of this week in France (the crèche's week, whatever zone the tablet is set to). */
export function currentMonday(now = new Date()): string {
  return mondayOf(todayInFrance(now));
}

/** The ISO week of a civil date, "2026-W49" (a week belongs to the year of its Thursday). */
export function isoWeekOf(iso: string): string {
  const thursday = addDays(mondayOf(iso), 3);
  const year = Number(thursday.slice(0, 4));
  const jan4 = `${year}-01-04`;
  const week =
    1 +
    Math.round(
      (Date.parse(`${mondayOf(thursday)}T12:00:00Z`) - Date.parse(`${mondayOf(jan4)}T12:00:00Z`)) / (7 * 86_400_000),
    );
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday a `?semaine=2026-W49` parameter names, or null when it names no real week. */
export function mondayOfIsoWeek(week: string | null): string | null {
  const m = week && /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) return null;
  const monday = addDays(mondayOf(`${m[1]}-01-04`), (Number(m[2]) - 1) * 7);
  return isoWeekOf(monday) === week ? monday : null;
}

const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** One hour of one day: the children planned at the busiest instant against the places then, its state, atypical. */
export interface Cell {
  readonly present: number;
  readonly limit: number;
  readonly state: CellState;
  readonly atypical: boolean;
}

/** The hours (start minutes) the heat map shows: from the earliest opening to the latest closing of the week. */
export function hourRows(days: readonly Day[]): number[] {
  const segments = days.flatMap((d) => d.segments);
  if (segments.length === 0) return [];
  const first = Math.floor(Math.min(...segments.map((s) => minuteOf(s.from))) / 60) * 60;
  const last = Math.ceil(Math.max(...segments.map((s) => minuteOf(s.to))) / 60) * 60;
  const rows: number[] = [];
  for (let m = first; m < last; m += 60) rows.push(m);
  return rows;
}

/**
 * The cell of the hour starting at `hour` (minutes) of one day, or null when the crèche is closed all that hour.
 * The hour shows its worst instant: the most severe state, then the most children; atypical if any part of it is.
 */
export function cellOf(day: Day, hour: number, weekT: number | undefined): Cell | null {
  const inHour = day.segments.filter((s) => minuteOf(s.from) < hour + 60 && minuteOf(s.to) > hour);
  if (inHour.length === 0) return null;
  let worst: { s: Segment; state: CellState } | null = null;
  for (const s of inHour) {
    const state = cellState(s, weekT);
    if (
      !worst ||
      SEVERITY[state] > SEVERITY[worst.state] ||
      (SEVERITY[state] === SEVERITY[worst.state] &&
        (s.present > worst.s.present || (s.present === worst.s.present && s.limit < worst.s.limit)))
    )
      worst = { s, state };
  }
  return {
    present: worst!.s.present,
    limit: worst!.s.limit,
    state: worst!.state,
    atypical: inHour.some((s) => s.atypical),
  };
}

/** "05h–06h" */
export const hourLabel = (hour: number) =>
  `${String(hour / 60).padStart(2, '0')}h–${String(hour / 60 + 1).padStart(2, '0')}h`;

/** The words of each state, for the cells and the legend (never colour alone). */
export const STATE_FR: Readonly<Record<CellState, string>> = {
  WITHIN: 'Dans les places',
  SURNOMBRE: 'Surnombre autorisé',
  OVERRUN: 'Dépassement',
};
