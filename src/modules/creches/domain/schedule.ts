import { hhmmOf, Minute, minuteOf, Weekday } from '../../../common/time/calendar';
import { CompiledRules, outsideOpening } from './creche-rules';

export const WEEKDAY_NAMES_FR = ['', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

export interface ScheduleSlot {
  readonly weekday: number;
  readonly from: string;
  readonly to: string;
}

/** A child is in one place at a time: the index of each slot overlapping an earlier one of the same weekday. */
/** A stored schedule ("HH:MM" strings) as the engines' weekly slots (minutes since midnight): the one mapping. */
export function slotsOf(schedule: readonly ScheduleSlot[]): { weekday: Weekday; from: Minute; to: Minute }[] {
  return schedule.map((s) => ({ weekday: s.weekday as Weekday, from: minuteOf(s.from), to: minuteOf(s.to) }));
}

/** A crèche's opening hours as weekly slots. */
export function openingSlotsOf(
  hours: readonly { weekday: number; opens: string; closes: string }[],
): { weekday: Weekday; from: Minute; to: Minute }[] {
  return hours.map((o) => ({ weekday: o.weekday as Weekday, from: minuteOf(o.opens), to: minuteOf(o.closes) }));
}

/** A crèche's capacity bands as weekly slots with their places. */
export function bandSlotsOf(
  bands: readonly { weekday: number; from: string; to: string; places: number }[],
): { weekday: Weekday; from: Minute; to: Minute; places: number }[] {
  return bands.map((b) => ({
    weekday: b.weekday as Weekday,
    from: minuteOf(b.from),
    to: minuteOf(b.to),
    places: b.places,
  }));
}

/** The parts of a weekly schedule outside a crèche's opening hours, as "lundi 21:00-22:00". */
export function outsideOpeningHours(
  rules: CompiledRules,
  schedule: readonly ScheduleSlot[],
): { index: number; text: string }[] {
  const out: { index: number; text: string }[] = [];
  schedule.forEach((s, index) => {
    for (const [from, to] of outsideOpening(rules, s.weekday as Weekday, minuteOf(s.from), minuteOf(s.to))) {
      out.push({ index, text: `${WEEKDAY_NAMES_FR[s.weekday]} ${hhmmOf(from)}-${hhmmOf(to)}` });
    }
  });
  return out;
}

/** "lundi 05:30–13:30, mardi 05:30–13:30" */
export function describeSchedule(schedule: readonly ScheduleSlot[]): string {
  return [...schedule]
    .sort((a, b) => a.weekday - b.weekday || a.from.localeCompare(b.from))
    .map((s) => `${WEEKDAY_NAMES_FR[s.weekday]} ${s.from}–${s.to}`)
    .join(', ');
}
