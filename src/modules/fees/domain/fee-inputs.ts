import { attendanceOf } from './attendance';
import { computeHourlyRate, computeMonthlyFee, TraceStep } from './compute-fee';
import type { CareType, FeeScaleVersion } from './fee-scale';

/** Everything a computation used, as it was: enough to recompute it later. */
export interface FeeInputsSnapshot {
  date: string;
  careType: CareType;
  monthlyResources: string | null;
  /** The family declined to give its resources (absent in snapshots stored before #14). */
  resourcesRefused?: boolean;
  dependentChildren: number;
  aeehChildren: number;
  asePlacement: boolean;
  ceilingOverride: string | null;
  hoursPerWeek: string;
  weeksPerYear: string;
  billedMonths: number;
  /** How weeksPerYear was reached. */
  leaveWeeksPerYear: number;
  closureWeeks: number;
}

/** The household's situation that moves the fee (docs/rules.md §4): resources, children, AEEH, ASE placement. */
export interface FeeSituation {
  readonly monthlyResources: string | null;
  readonly resourcesRefused?: boolean;
  readonly dependentChildren: number;
  readonly aeehChildren: number;
  readonly asePlacement: boolean;
}

/** What a fee needs to know of the crèche. */
export interface FeeCrecheFacts {
  readonly kind: CareType;
  readonly closures: readonly { from: string; to: string }[];
  readonly openingHours: readonly { weekday: number }[];
  readonly resourcesCeilingOverride: string | null;
}

/**
 * The one assembly of a fee's inputs, for a contract, an offer's estimate or a recomputation: the household's
 * situation, the crèche's care type, ceiling and closures, and the schedule's attendance from `date`.
 */
export function assembleFeeInputs(input: {
  date: string;
  creche: FeeCrecheFacts;
  schedule: readonly { weekday: number; from: string; to: string }[];
  leaveWeeksPerYear: number;
  situation: FeeSituation;
}): FeeInputsSnapshot {
  const attendance = attendanceOf({
    schedule: input.schedule,
    leaveWeeksPerYear: input.leaveWeeksPerYear,
    closures: input.creche.closures,
    openWeekdays: new Set(input.creche.openingHours.map((o) => o.weekday)),
    from: input.date,
  });
  return {
    date: input.date,
    careType: input.creche.kind,
    monthlyResources: input.situation.monthlyResources,
    ...(input.situation.resourcesRefused ? { resourcesRefused: true } : {}),
    dependentChildren: input.situation.dependentChildren,
    aeehChildren: input.situation.aeehChildren,
    asePlacement: input.situation.asePlacement,
    ceilingOverride: input.creche.resourcesCeilingOverride,
    hoursPerWeek: attendance.hoursPerWeek,
    weeksPerYear: attendance.weeksPerYear,
    billedMonths: attendance.billedMonths,
    leaveWeeksPerYear: input.leaveWeeksPerYear,
    closureWeeks: attendance.closureWeeks,
  };
}

/**
 * Computes a fee from a stored inputs snapshot (also what the auditor's recheck does): the hourly rate rounded
 * half-up to the cent, then the monthly fee rounded once; the trace lists each step with its source.
 */
export function computeFromSnapshot(inputs: FeeInputsSnapshot, scales: readonly FeeScaleVersion[]) {
  const hourly = computeHourlyRate(inputs, scales);
  const monthly = computeMonthlyFee({
    hourlyRate: hourly.hourlyRate,
    hoursPerWeek: inputs.hoursPerWeek,
    weeksPerYear: inputs.weeksPerYear,
    billedMonths: inputs.billedMonths,
  });
  const attendanceStep: TraceStep = {
    step: 'ATTENDANCE',
    inputs: {
      hoursPerWeek: inputs.hoursPerWeek,
      leaveWeeksPerYear: inputs.leaveWeeksPerYear,
      closureWeeks: inputs.closureWeeks,
    },
    rule: '52 weeks − declared leave weeks − closure weeks of the crèche over the twelve months; billed over 12 months',
    source: 'docs/rules.md#r49-mensualisation-as-implemented',
    value: `${inputs.weeksPerYear} weeks`,
  };
  return { hourly, monthly, trace: [...hourly.trace, attendanceStep, ...monthly.trace] };
}
