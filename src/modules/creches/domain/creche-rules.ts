import type { Day, Minute, Weekday } from '../../../common/time/calendar';

export const CRECHE_KINDS = ['MICRO_CRECHE', 'COLLECTIVE', 'FAMILIAL', 'PARENTAL'] as const;
export type CrecheKind = (typeof CRECHE_KINDS)[number];

/** Art. R2324-46 CSP: a micro-crèche has at most 12 places. */
export const MICRO_CRECHE_MAX_PLACES = 12;

export interface TimeSlot {
  readonly weekday: Weekday;
  readonly from: Minute;
  readonly to: Minute;
}

/** Modulated capacity ("agrément modulé"): fewer places on part of a day. Never above the authorised places. */
export interface CapacityBand extends TimeSlot {
  readonly places: number;
}

/** Inclusive range of closed days. */
export interface Closure {
  readonly from: Day;
  readonly to: Day;
}

/** Everything the capacity engine needs to know about a crèche, as plain data. */
export interface CrecheRules {
  readonly places: number;
  readonly surnombre: boolean;
  readonly openingHours: readonly TimeSlot[];
  readonly capacityBands: readonly CapacityBand[];
  readonly closures: readonly Closure[];
  /** Public holidays over the period considered (from a maintained library, computed by the caller). */
  readonly publicHolidays: ReadonlySet<Day>;
  readonly opensOnPublicHolidays: boolean;
}

/** Arr. 8 Oct 2021: at any instant, up to 115 % of the places of that instant, rounded down (12 → 13). */
export function surnombreLimit(places: number): number {
  return Math.floor((places * 115) / 100);
}

/** Rules pre-indexed by weekday, so that a day's questions are answered without scanning every rule. */
export interface CompiledRules {
  readonly rules: CrecheRules;
  /** Index 1..7: sorted, merged opening ranges. */
  readonly opening: readonly (readonly TimeSlot[])[];
  /** Index 1..7: bands of that weekday. */
  readonly bands: readonly (readonly CapacityBand[])[];
  readonly closedDays: ReadonlySet<Day>;
}

/**
 * A crèche's rules over time: each piece applies from its `from` until the next piece's, the first one also before
 * (docs/rules.md R9.4: settings changed since are kept with the day they stopped applying).
 */
export interface RulesPiece {
  readonly from: Day;
  readonly rules: CompiledRules;
}

/** The rules in force on `day`: the last piece begun by then, the first one before every piece. */
export function rulesOn(pieces: readonly RulesPiece[], day: Day): CompiledRules {
  let found = pieces[0].rules;
  for (const p of pieces) {
    if (p.from > day) break;
    found = p.rules;
  }
  return found;
}

export function compileRules(rules: CrecheRules): CompiledRules {
  const opening: TimeSlot[][] = Array.from({ length: 8 }, () => []);
  const bands: CapacityBand[][] = Array.from({ length: 8 }, () => []);
  for (const slot of [...rules.openingHours].sort((a, b) => a.from - b.from)) {
    const day = opening[slot.weekday];
    const last = day[day.length - 1];
    if (last && slot.from <= last.to) day[day.length - 1] = { ...last, to: Math.max(last.to, slot.to) };
    else day.push(slot);
  }
  for (const band of rules.capacityBands) bands[band.weekday].push(band);
  const closedDays = new Set<Day>();
  for (const c of rules.closures) for (let d = c.from; d <= c.to; d += 1) closedDays.add(d);
  return { rules, opening, bands, closedDays };
}

/** Closed all day: a closure, or a public holiday when the crèche does not open on them, or no hours that weekday. */
export function isClosedDay(c: CompiledRules, day: Day, weekday: Weekday): boolean {
  if (c.closedDays.has(day)) return true;
  if (!c.rules.opensOnPublicHolidays && c.rules.publicHolidays.has(day)) return true;
  return c.opening[weekday].length === 0;
}

/** Authorised places at one instant (the band covering it, else the crèche's places). */
export function placesAt(c: CompiledRules, weekday: Weekday, minute: Minute): number {
  for (const band of c.bands[weekday]) if (band.from <= minute && minute < band.to) return band.places;
  return c.rules.places;
}

/** Minutes of [from, to) not covered by the day's opening ranges. */
export function outsideOpening(c: CompiledRules, weekday: Weekday, from: Minute, to: Minute): [Minute, Minute][] {
  const gaps: [Minute, Minute][] = [];
  let cursor = from;
  for (const range of c.opening[weekday]) {
    if (range.to <= cursor) continue;
    if (range.from >= to) break;
    if (range.from > cursor) gaps.push([cursor, range.from]);
    cursor = Math.max(cursor, range.to);
    if (cursor >= to) break;
  }
  if (cursor < to) gaps.push([cursor, to]);
  return gaps;
}
