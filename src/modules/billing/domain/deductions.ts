import { Day, dayOf } from '../../../common/time/calendar';
import type { AbsenceReason } from '../../attendance/domain/absence-reasons';

/** Reasons deducted from the first day of absence (docs/rules.md#r81-deductions-for-absences). */
const FROM_DAY_ONE: readonly AbsenceReason[] = ['HOSPITALISATION', 'DOCTOR_EXCLUSION', 'EXCEPTIONAL_CLOSURE'];
/** A certified illness: the first day and the two following calendar days are billed (weekends count). */
export const ILLNESS_WAITING_CALENDAR_DAYS = 3;

export interface DeductionRun {
  readonly reason: AbsenceReason;
  /** First and last deducted day of the run (days with contract hours only). */
  readonly first: Day;
  readonly last: Day;
  /** Contract minutes of the deducted days. */
  readonly minutes: number;
}

export interface DeductionInput {
  readonly absences: readonly { reason: AbsenceReason; from: string; to: string; certified: boolean }[];
  /** The days billed (the month, within the contract). */
  readonly from: Day;
  readonly to: Day;
  /** The contract's hours that day (0: nothing to deduct). */
  readonly minutesOn: (d: Day) => number;
  /** A day the child attended is never deducted. */
  readonly attended: (d: Day) => boolean;
}

/**
 * The days deducted from an invoice, grouped by absence episode (consecutive calendar days of one reason): illness
 * from the 4th calendar day of the episode (which may have started in an earlier month, and counts its days without a
 * certificate), the days a medical certificate covers only;
 * hospitalisation, exclusion by the crèche's doctor and exceptional closure from the first day; nothing else.
 * Each day is deducted once, day-one reasons first. Returned in date order.
 */
export function deductedDays(input: DeductionInput): DeductionRun[] {
  const taken = new Set<Day>();
  const runs: DeductionRun[] = [];
  const order = [...FROM_DAY_ONE, 'ILLNESS' as const];
  for (const reason of order) {
    const ofReason = input.absences.filter((a) => a.reason === reason);
    const span = (a: { from: string; to: string }) => ({ from: dayOf(a.from), to: dayOf(a.to) });
    // An illness's waiting days start on its first day of absence, certified or not (the certificate often comes on
    // the second day); only the days a certificate covers are deducted after them.
    const certified = ofReason.filter((a) => reason !== 'ILLNESS' || a.certified).map(span);
    const covered = (d: Day) => certified.some((p) => p.from <= d && d <= p.to);
    const notExpected = (d: Day) => input.minutesOn(d) === 0 && !input.attended(d);
    for (const episode of episodes(ofReason.map(span), notExpected)) {
      const firstDeducted = reason === 'ILLNESS' ? episode.from + ILLNESS_WAITING_CALENDAR_DAYS : episode.from;
      let run: { first: Day; last: Day; minutes: number } | null = null;
      for (let d = Math.max(firstDeducted, input.from); d <= Math.min(episode.to, input.to); d += 1) {
        const minutes = input.minutesOn(d);
        if (minutes === 0) continue;
        if (taken.has(d) || input.attended(d) || !covered(d)) {
          // A day not deducted for this reason splits the run, so each line's dates say what it covers.
          if (run) runs.push({ reason, ...run });
          run = null;
          continue;
        }
        taken.add(d);
        if (run) {
          run.last = d;
          run.minutes += minutes;
        } else run = { first: d, last: d, minutes };
      }
      if (run) runs.push({ reason, ...run });
    }
  }
  return runs.sort((a, b) => a.first - b.first);
}

/**
 * The longest run of calendar days between two absences of one reason that still leaves them one episode, when the
 * child was expected on none of them and attended none: a weekend, with a public holiday or a closure beside it.
 * Absences are recorded day by day (Thursday–Friday, then Monday–Wednesday); a weekend between them split the illness
 * in two, each with its own waiting days.
 */
export const EPISODE_BRIDGE_MAX_DAYS = 3;

/**
 * How far before a month its issue reads absences: an illness's records chained by short bridges may begin well
 * before the 1st, and its waiting days count from the first (found by a review: Monday 15 to Thursday 25 February,
 * then 1 to 3 March, read from 26 February, gave March its own waiting days). An episode whose records reach back
 * further had its waiting days before the month whichever of them are read.
 */
export const ABSENCES_LOOKBACK_DAYS = 31;

/**
 * Periods of one reason merged when they overlap or follow each other (a prolonged certificate is one episode), or
 * when only days the child was not expected and did not come lie between them, at most EPISODE_BRIDGE_MAX_DAYS.
 */
function episodes(periods: readonly { from: Day; to: Day }[], bridges: (d: Day) => boolean): { from: Day; to: Day }[] {
  const sorted = periods.filter((p) => p.to >= p.from).sort((a, b) => a.from - b.from);
  const out: { from: Day; to: Day }[] = [];
  const bridged = (after: Day, before: Day) => {
    if (before - after - 1 > EPISODE_BRIDGE_MAX_DAYS) return false;
    for (let d = after + 1; d < before; d += 1) if (!bridges(d)) return false;
    return true;
  };
  for (const p of sorted) {
    const lastEp = out[out.length - 1];
    if (lastEp && (p.from <= lastEp.to + 1 || bridged(lastEp.to, p.from))) lastEp.to = Math.max(lastEp.to, p.to);
    else out.push({ ...p });
  }
  return out;
}
