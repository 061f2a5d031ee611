import { minuteOf } from '../../../common/time/calendar';
import { CrecheKind, MICRO_CRECHE_MAX_PLACES } from './creche-rules';

export interface FieldProblem {
  readonly field: string;
  readonly errors: readonly string[];
}

export interface CrecheSettings {
  readonly kind: CrecheKind;
  readonly places: number;
  readonly openingHours: readonly { weekday: number; opens: string; closes: string }[];
  readonly capacityBands: readonly { weekday: number; from: string; to: string; places: number }[];
  readonly closures: readonly { from: string; to: string }[];
  readonly reservedInsertionPlaces: number;
  readonly minAgeMonths: number | null;
  readonly maxAgeMonths: number;
}

/** Rules that span several fields (the DTOs check each field alone). Returns one entry per faulty field. */
export function validateCrecheSettings(s: CrecheSettings): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, error: string) => problems.push({ field, errors: [error] });
  if (s.kind === 'MICRO_CRECHE' && s.places > MICRO_CRECHE_MAX_PLACES) {
    add(
      'places',
      `a MICRO_CRECHE has at most ${MICRO_CRECHE_MAX_PLACES} places (art. R2324-46 of the Code de la santé publique)`,
    );
  }
  s.capacityBands.forEach((band, i) => {
    if (band.places > s.places)
      add(`capacityBands[${i}].places`, `a capacity band cannot exceed the ${s.places} authorised places`);
    const inside = s.openingHours.some(
      (o) =>
        o.weekday === band.weekday &&
        minuteOf(o.opens) <= minuteOf(band.from) &&
        minuteOf(band.to) <= minuteOf(o.closes),
    );
    if (!inside)
      add(
        `capacityBands[${i}]`,
        `the band ${band.from}-${band.to} must lie within the opening hours of weekday ${band.weekday}`,
      );
  });
  const byDay = new Map<number, { from: number; to: number }[]>();
  s.capacityBands.forEach((band, i) => {
    const list = byDay.get(band.weekday) ?? [];
    const from = minuteOf(band.from);
    const to = minuteOf(band.to);
    if (list.some((b) => from < b.to && b.from < to))
      add(`capacityBands[${i}]`, 'capacity bands of one weekday must not overlap');
    list.push({ from, to });
    byDay.set(band.weekday, list);
  });
  s.closures.forEach((c, i) => {
    if (c.from > c.to) add(`closures[${i}].to`, 'a closure ends on or after the day it starts');
  });
  if (s.reservedInsertionPlaces > s.places) add('reservedInsertionPlaces', 'reserved places cannot exceed the places');
  if (s.minAgeMonths !== null && s.minAgeMonths >= s.maxAgeMonths)
    add('minAgeMonths', 'minAgeMonths must be below maxAgeMonths');
  return problems;
}
