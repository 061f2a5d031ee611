import { cents, Dec } from './decimal';
import { CareType, FeeScaleVersion, scaleInForce, tableFor, tierLabel } from './fee-scale';

export const ROUNDING_RULE = 'hourly rate rounded half-up to the cent; monthly fee computed exactly and rounded half-up to the cent once, at the end';
const CNAF = 'Cnaf, barème national des participations familiales (PSU), DOMAIN.md §4';

export interface TraceStep {
  readonly step: string;
  readonly inputs: Readonly<Record<string, string | number | boolean | null>>;
  readonly rule: string;
  readonly source: string;
  readonly value: string;
}

export interface HourlyRateInput {
  /** ISO date the fee applies from. */
  readonly date: string;
  readonly careType: CareType;
  /** Monthly resources in euros as a decimal string, or null when unknown (no Caf file, no tax notice, emergency). */
  readonly monthlyResources: string | null;
  readonly dependentChildren: number;
  readonly aeehChildren: number;
  readonly asePlacement: boolean;
  /** A crèche may apply a higher ceiling with the Caf's agreement (never a lower one). */
  readonly ceilingOverride?: string | null;
}

export interface HourlyRateResult {
  readonly scale: FeeScaleVersion;
  readonly table: 'collective' | 'familial';
  readonly tier: string;
  readonly effortRatePercent: string;
  readonly boundedResources: string;
  readonly hourlyRate: string;
  readonly trace: readonly TraceStep[];
}

export class NoScaleInForce extends Error {}

/**
 * Hourly rate = effort rate × monthly resources, resources bounded by the floor and the ceiling of the scale in
 * force on `date`. Euros, rounded half-up to the cent. Each AEEH child moves the family one tier down; a child placed
 * by child welfare (ASE) pays the floor at the one-child rate; unknown resources pay the floor.
 */
export function computeHourlyRate(input: HourlyRateInput, scales: readonly FeeScaleVersion[]): HourlyRateResult {
  const scale = scaleInForce(scales, input.date);
  if (!scale) throw new NoScaleInForce(`no fee scale in force on ${input.date}`);
  const trace: TraceStep[] = [];
  trace.push({
    step: 'SELECT_SCALE',
    inputs: { date: input.date },
    rule: 'the latest scale version effective on or before the date',
    source: scale.provenance,
    value: `${scale.effectiveFrom} (${scale.id}${scale.verified ? '' : ', unverified'})`,
  });
  const table = tableFor(scale, input.careType);
  trace.push({
    step: 'SELECT_TABLE',
    inputs: { careType: input.careType, effectiveFrom: scale.effectiveFrom },
    rule: 'collective table for COLLECTIVE; familial for FAMILIAL and PARENTAL; MICRO_CRECHE as the scale version says',
    source: CNAF,
    value: table,
  });
  const tiers = scale.tables[table];
  const children = input.asePlacement ? 1 : input.dependentChildren + input.aeehChildren;
  let index = 0;
  for (let i = 0; i < tiers.length; i += 1) if (tiers[i].fromChildren <= children) index = i;
  const tier = tierLabel(tiers, index);
  trace.push({
    step: 'TIER',
    inputs: { dependentChildren: input.dependentChildren, aeehChildren: input.aeehChildren, asePlacement: input.asePlacement },
    rule: input.asePlacement
      ? 'child placed by child welfare (ASE): the one-child rate'
      : 'dependent children, plus one per child of the household receiving AEEH, capped at the last tier',
    source: CNAF,
    value: `${children} → tier ${tier}`,
  });
  const ceiling = Dec.max(new Dec(scale.ceiling), new Dec(input.ceilingOverride ?? scale.ceiling));
  const floor = new Dec(scale.floor);
  const known = input.monthlyResources !== null && !input.asePlacement;
  const resources = known ? new Dec(input.monthlyResources!) : floor;
  const bounded = Dec.min(Dec.max(resources, floor), ceiling);
  trace.push({
    step: 'BOUND_RESOURCES',
    inputs: { monthlyResources: input.monthlyResources, floor: scale.floor, ceiling: ceiling.toFixed(2), ceilingOverride: input.ceilingOverride ?? null },
    rule: !known
      ? input.asePlacement
        ? 'ASE placement: the floor'
        : 'unknown resources: the floor'
      : 'resources below the floor take the floor; above the ceiling, the ceiling',
    source: CNAF,
    value: bounded.toFixed(2),
  });
  const rate = new Dec(tiers[index].rate);
  trace.push({ step: 'EFFORT_RATE', inputs: { table, tier }, rule: 'effort rate per billed hour, percent of monthly resources', source: CNAF, value: rate.toFixed(4) });
  const exact = bounded.times(rate).div(100);
  const hourly = cents(exact);
  trace.push({
    step: 'HOURLY_RATE',
    inputs: { boundedResources: bounded.toFixed(2), effortRatePercent: rate.toFixed(4), exact: exact.toString() },
    rule: `bounded resources × effort rate ÷ 100; ${ROUNDING_RULE}`,
    source: CNAF,
    value: hourly.toFixed(2),
  });
  return { scale, table, tier, effortRatePercent: rate.toFixed(4), boundedResources: bounded.toFixed(2), hourlyRate: hourly.toFixed(2), trace };
}

export interface MonthlyFeeInput {
  readonly hourlyRate: string;
  readonly hoursPerWeek: string;
  readonly weeksPerYear: string;
  readonly billedMonths: number;
}

export interface MonthlyFeeResult {
  /** Rounded half-up to two decimals, for display; the fee uses the exact value. */
  readonly monthlyHours: string;
  readonly monthlyFee: string;
  readonly trace: readonly TraceStep[];
}

/**
 * Mensualisation of a regular contract: monthly hours = weeks of attendance × hours per week ÷ billed months;
 * monthly fee = monthly hours × hourly rate, computed exactly and rounded half-up to the cent once.
 */
export function computeMonthlyFee(input: MonthlyFeeInput): MonthlyFeeResult {
  const hours = new Dec(input.weeksPerYear).times(input.hoursPerWeek).div(input.billedMonths);
  const fee = cents(hours.times(input.hourlyRate));
  return {
    monthlyHours: hours.toDecimalPlaces(2, Dec.ROUND_HALF_UP).toFixed(2),
    monthlyFee: fee.toFixed(2),
    trace: [
      {
        step: 'MONTHLY_HOURS',
        inputs: { weeksPerYear: input.weeksPerYear, hoursPerWeek: input.hoursPerWeek, billedMonths: input.billedMonths },
        rule: 'weeks of attendance (closure and declared leave weeks excluded) × hours per week ÷ billed months, kept exact',
        source: CNAF,
        value: hours.toString(),
      },
      {
        step: 'MONTHLY_FEE',
        inputs: { monthlyHours: hours.toString(), hourlyRate: input.hourlyRate },
        rule: `monthly hours × hourly rate; ${ROUNDING_RULE}`,
        source: CNAF,
        value: fee.toFixed(2),
      },
    ],
  };
}
