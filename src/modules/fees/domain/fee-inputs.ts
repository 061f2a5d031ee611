import { computeHourlyRate, computeMensualisedFee, computeMonthlyFee, TraceStep } from './compute-fee';
import type { CareType, FeeScaleVersion } from './fee-scale';
import type { Mensualisation } from './mensualisation';
import { Dec } from './decimal';
import { minuteOf } from '../../../common/time/calendar';

/** Everything a computation used, as it was: enough to recompute it later. */
export interface FeeInputsSnapshot {
  date: string;
  careType: CareType;
  monthlyResources: string | null;
  /** The family declined to give its resources (absent in snapshots stored before #14). */
  resourcesRefused?: boolean;
  /** The validated declaration the household's figures come from (#14 §4). */
  declarationId?: string;
  /** The household's resources were not checked yet: billed as unknown. */
  resourcesUnchecked?: boolean;
  /** The household's children counts were not checked yet: billed at the one-child rate. */
  childrenUnchecked?: boolean;
  dependentChildren: number;
  aeehChildren: number;
  asePlacement: boolean;
  ceilingOverride: string | null;
  hoursPerWeek: string;
  /** The contract's reserved hours over its own months (every computation since the rule of #14 §1). */
  mensualisation?: Mensualisation;
  /** Alternating residence (#14 §5): this household's share of the reserved hours. */
  share?: FeeShare;
  /** Computations stored before #14 §1: 52 − leave − closure weeks over 12 months (recomputed by that rule). */
  weeksPerYear?: string;
  billedMonths?: number;
  leaveWeeksPerYear?: number;
  closureWeeks?: number;
}

/** The household's situation that moves the fee (docs/rules.md §4): resources, children, AEEH, ASE placement. */
export interface FeeSituation {
  readonly monthlyResources: string | null;
  readonly resourcesRefused?: boolean;
  /** Resources typed by the household but not checked by a manager yet: billed as unknown (the floor). */
  readonly resourcesUnchecked?: boolean;
  /** Dependent and AEEH children typed by the household but not checked by a manager yet: the one-child rate. */
  readonly childrenUnchecked?: boolean;
  readonly dependentChildren: number;
  readonly aeehChildren: number;
  readonly asePlacement: boolean;
  /** The validated declaration these figures come from, when they come from one. */
  readonly declarationId?: string;
}

/** A stored computation in force from its date, with the date of the scale version it was computed on. */
export interface StoredFeeAtDate {
  readonly id: string;
  readonly contractId: string;
  readonly familyId: string | null;
  readonly effectiveFrom: string;
  readonly scaleFrom: string;
  readonly inputs: FeeInputsSnapshot;
}

/** The household's situation a stored computation used (to compute it again, on another scale version). */
export function situationOfSnapshot(i: FeeInputsSnapshot): FeeSituation {
  return {
    monthlyResources: i.monthlyResources,
    resourcesRefused: i.resourcesRefused ?? false,
    ...(i.resourcesUnchecked && { resourcesUnchecked: true }),
    ...(i.childrenUnchecked && { childrenUnchecked: true }),
    dependentChildren: i.dependentChildren,
    aeehChildren: i.aeehChildren,
    asePlacement: i.asePlacement,
    ...(i.declarationId && { declarationId: i.declarationId }),
  };
}

/** One paying household's part of an alternating-residence contract. */
export interface FeeShare {
  readonly familyId: string;
  /** Its percent of the reserved hours (the two shares make 100). */
  readonly hoursPercent: number;
}

/** What a fee needs to know of the crèche. */
export interface FeeCrecheFacts {
  readonly kind: CareType;
  readonly closures: readonly { from: string; to: string }[];
  readonly opensOnPublicHolidays: boolean;
  readonly resourcesCeilingOverride: string | null;
}

/** Exact hours a week of a schedule (5-minute grid). */
export function hoursPerWeekOf(schedule: readonly { from: string; to: string }[]): string {
  const minutes = schedule.reduce((sum, s) => sum + minuteOf(s.to) - minuteOf(s.from), 0);
  return new Dec(minutes).div(60).toString();
}

/**
 * The one assembly of a fee's inputs, for a contract, an offer's estimate or a recomputation: the household's
 * situation, the crèche's care type and ceiling, and the contract's reserved hours (fixed at signature).
 */
export function assembleFeeInputs(input: {
  date: string;
  creche: FeeCrecheFacts;
  schedule: readonly { weekday: number; from: string; to: string }[];
  mensualisation: Mensualisation;
  situation: FeeSituation;
  share?: FeeShare;
}): FeeInputsSnapshot {
  return {
    date: input.date,
    careType: input.creche.kind,
    monthlyResources: input.situation.monthlyResources,
    ...(input.situation.resourcesRefused ? { resourcesRefused: true } : {}),
    ...(input.situation.resourcesUnchecked ? { resourcesUnchecked: true } : {}),
    ...(input.situation.childrenUnchecked ? { childrenUnchecked: true } : {}),
    dependentChildren: input.situation.dependentChildren,
    aeehChildren: input.situation.aeehChildren,
    asePlacement: input.situation.asePlacement,
    ...(input.situation.declarationId ? { declarationId: input.situation.declarationId } : {}),
    ceilingOverride: input.creche.resourcesCeilingOverride,
    hoursPerWeek: hoursPerWeekOf(input.schedule),
    mensualisation: input.mensualisation,
    ...(input.share ? { share: { familyId: input.share.familyId, hoursPercent: input.share.hoursPercent } } : {}),
  };
}

/**
 * Computes a fee from a stored inputs snapshot (also what the auditor's recheck does): the hourly rate rounded
 * half-up to the cent, then the monthly fee rounded once; the trace lists each step with its source. A snapshot
 * stored before the contract's own months were used is recomputed by the rule it was stored under.
 */
export function computeFromSnapshot(inputs: FeeInputsSnapshot, scales: readonly FeeScaleVersion[]) {
  const hourly = computeHourlyRate(inputs, scales);
  if (inputs.mensualisation) {
    const monthly = computeMensualisedFee(inputs.mensualisation, hourly.hourlyRate, inputs.share?.hoursPercent);
    return { hourly, monthly, trace: [...hourly.trace, ...monthly.trace] };
  }
  const monthly = computeMonthlyFee({
    hourlyRate: hourly.hourlyRate,
    hoursPerWeek: inputs.hoursPerWeek,
    weeksPerYear: inputs.weeksPerYear ?? '0',
    billedMonths: inputs.billedMonths ?? 12,
  });
  const attendanceStep: TraceStep = {
    step: 'ATTENDANCE',
    inputs: {
      hoursPerWeek: inputs.hoursPerWeek,
      leaveWeeksPerYear: inputs.leaveWeeksPerYear ?? 0,
      closureWeeks: inputs.closureWeeks ?? 0,
    },
    rule: '52 weeks - declared leave weeks - closure weeks of the crèche over the twelve months; billed over 12 months',
    source: 'docs/rules.md#r49-mensualisation-as-implemented',
    value: `${inputs.weeksPerYear} weeks`,
  };
  return { hourly, monthly, trace: [...hourly.trace, attendanceStep, ...monthly.trace] };
}
