import { Dec } from './decimal';
import { CareType, FeeScaleVersion, scaleInForce, tableFor, tierLabel } from './fee-scale';
import { Mensualisation, monthlyHoursFraction } from './mensualisation';

export const ROUNDING_RULE =
  'hourly rate rounded half-up to the cent; monthly fee computed exactly and rounded half-up to the cent once, at the end';
/** Every step cites the Cnaf's PSU scale and the rule of docs/rules.md it applies. */
const cnaf = (anchor: string) => `Cnaf, barème national des participations familiales (PSU); docs/rules.md#${anchor}`;

export interface TraceStep {
  readonly step: string;
  readonly inputs: Readonly<Record<string, string | number | boolean | null>>;
  readonly rule: string;
  readonly source: string;
  readonly value: string;
}

/** Scale figures parsed once per version object (the engine runs thousands of times per recheck). */
const PARSED = new WeakMap<
  FeeScaleVersion,
  { floor: Dec; ceiling: Dec; perEuro: Record<'collective' | 'familial', Dec[]> }
>();
function parsedScale(scale: FeeScaleVersion) {
  let p = PARSED.get(scale);
  if (!p) {
    // Effort rates are percentages: the hourly rate per euro of resources is rate ÷ 100 (exact).
    const perEuro = (tiers: readonly { rate: string }[]) => tiers.map((t) => new Dec(t.rate).div(100));
    p = {
      floor: new Dec(scale.floor),
      ceiling: new Dec(scale.ceiling),
      perEuro: { collective: perEuro(scale.tables.collective), familial: perEuro(scale.tables.familial) },
    };
    PARSED.set(scale, p);
  }
  return p;
}

export interface HourlyRateInput {
  /** ISO date the fee applies from. */
  readonly date: string;
  readonly careType: CareType;
  /** Monthly resources in euros as a decimal string, or null when unknown (no Caf file, no tax notice, emergency). */
  readonly monthlyResources: string | null;
  /** The family declines to give its resources: the ceiling applies (absent in computations stored before). */
  readonly resourcesRefused?: boolean;
  readonly dependentChildren: number;
  readonly aeehChildren: number;
  readonly asePlacement: boolean;
  /** A crèche may apply a higher ceiling with the Caf's agreement (never a lower one). */
  readonly ceilingOverride?: string | null;
  /** The validated declaration the figures come from, cited by the trace (#14 §4). */
  readonly declarationId?: string;
  /** Resources typed but not checked by a manager yet ("no documents yet"): the floor. */
  readonly resourcesUnchecked?: boolean;
  /**
   * Dependent and AEEH children typed by the household but not checked by a manager yet: the one-child rate (the
   * typed figures are kept in the trace), so that nobody pays less on a count nobody has seen proof of.
   */
  readonly childrenUnchecked?: boolean;
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
    source: scale.source ? `${scale.source.title} (${scale.source.date}); ${scale.provenance}` : scale.provenance,
    value: `${scale.effectiveFrom} (${scale.id}${scale.verified ? '' : ', unverified'})`,
  });
  const table = tableFor(scale, input.careType);
  trace.push({
    step: 'SELECT_TABLE',
    inputs: { careType: input.careType, effectiveFrom: scale.effectiveFrom },
    rule: 'collective table for COLLECTIVE; familial for FAMILIAL and PARENTAL; MICRO_CRECHE as the scale version says',
    source: cnaf('r43-rate-table-by-care-type'),
    value: table,
  });
  const tiers = scale.tables[table];
  const unchecked = input.childrenUnchecked === true && !input.asePlacement;
  const children = input.asePlacement || unchecked ? 1 : input.dependentChildren + input.aeehChildren;
  let index = 0;
  for (let i = 0; i < tiers.length; i += 1) if (tiers[i].fromChildren <= children) index = i;
  const tier = tierLabel(tiers, index);
  trace.push({
    step: 'TIER',
    inputs: {
      dependentChildren: input.dependentChildren,
      aeehChildren: input.aeehChildren,
      asePlacement: input.asePlacement,
      ...(unchecked && { childrenUnchecked: true }),
    },
    rule: input.asePlacement
      ? 'child placed by child welfare (ASE): the one-child rate'
      : unchecked
        ? 'children not checked yet by the crèche (no documents): the one-child rate, until a declaration of them is validated'
        : 'dependent children, plus one per child of the household receiving AEEH, capped at the last tier',
    source: cnaf('r44-aeeh-one-tier-down-per-child'),
    // ASCII on purpose: one character above U+00FF anywhere in an answer makes V8 serialize and write the whole of
    // it as a two-byte string, some 15 µs more a quote (#18). Traces stored before say "→"; the pages read both.
    value: `${children} -> tier ${tier}`,
  });
  const parsed = parsedScale(scale);
  const override = input.ceilingOverride ? new Dec(input.ceilingOverride) : null;
  const ceiling = override && override.gt(parsed.ceiling) ? override : parsed.ceiling;
  const floor = parsed.floor;
  const refused = input.resourcesRefused === true && !input.asePlacement;
  const known = input.monthlyResources !== null && !input.asePlacement && !refused;
  const resources = refused ? ceiling : known ? new Dec(input.monthlyResources!) : floor;
  const bounded = resources.lt(floor) ? floor : resources.gt(ceiling) ? ceiling : resources;
  const boundedText = bounded.toFixed(2);
  trace.push({
    step: 'BOUND_RESOURCES',
    inputs: {
      monthlyResources: input.monthlyResources,
      resourcesRefused: input.resourcesRefused ?? false,
      resourcesUnchecked: input.resourcesUnchecked ?? false,
      floor: scale.floor,
      ceiling: ceiling === override ? input.ceilingOverride! : scale.ceiling,
      ceilingOverride: input.ceilingOverride ?? null,
      declarationId: input.declarationId ?? null,
    },
    rule: refused
      ? 'resources refused by the family: the ceiling'
      : !known
        ? input.asePlacement
          ? 'ASE placement: the floor'
          : input.resourcesUnchecked
            ? 'resources not checked yet by the crèche (no documents): the floor, until a declaration is validated'
            : 'unknown resources (none yet, or no documents): the floor'
        : 'resources below the floor take the floor; above the ceiling, the ceiling',
    source: cnaf('r45-floor-and-ceiling-by-date'),
    value: boundedText,
  });
  trace.push({
    step: 'EFFORT_RATE',
    inputs: { table, tier },
    rule: 'effort rate per billed hour, percent of monthly resources',
    source: cnaf('r42-effort-rates-by-date-and-tier'),
    value: tiers[index].rate,
  });
  const exact = bounded.times(parsed.perEuro[table][index]);
  const hourly = exact.toFixed(2, Dec.ROUND_HALF_UP);
  trace.push({
    step: 'HOURLY_RATE',
    inputs: { boundedResources: boundedText, effortRatePercent: tiers[index].rate, exact: exact.toString() },
    rule: `bounded resources × effort rate ÷ 100; ${ROUNDING_RULE}`,
    source: cnaf('r48-rounding-half-up-to-the-cent-once'),
    value: hourly,
  });
  return {
    scale,
    table,
    tier,
    effortRatePercent: tiers[index].rate,
    boundedResources: boundedText,
    hourlyRate: hourly,
    trace,
  };
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
  const fee = hours.times(input.hourlyRate).toFixed(2, Dec.ROUND_HALF_UP);
  return {
    monthlyHours: hours.toFixed(2, Dec.ROUND_HALF_UP),
    monthlyFee: fee,
    trace: [
      {
        step: 'MONTHLY_HOURS',
        inputs: {
          weeksPerYear: input.weeksPerYear,
          hoursPerWeek: input.hoursPerWeek,
          billedMonths: input.billedMonths,
        },
        rule: 'weeks of attendance (closure and declared leave weeks excluded) × hours per week ÷ billed months, kept exact',
        source: cnaf('r49-mensualisation-as-implemented'),
        value: hours.toString(),
      },
      {
        step: 'MONTHLY_FEE',
        inputs: { monthlyHours: hours.toString(), hourlyRate: input.hourlyRate },
        rule: `monthly hours × hourly rate; ${ROUNDING_RULE}`,
        source: cnaf('r48-rounding-half-up-to-the-cent-once'),
        value: fee,
      },
    ],
  };
}

/**
 * Mensualisation over the contract's own months (docs/rules.md#r49-mensualisation): monthly hours = reserved hours ÷
 * calendar months spanned, kept as an exact fraction; monthly fee = reserved minutes × hourly rate ÷ (60 × months),
 * one division, rounded half-up to the cent once. The trace gives the fraction so an auditor finds the same cent.
 */
/**
 * The monthly fee of a mensualised contract (a household's share of it), exact to the cent: the reserved minutes times
 * the rate, divided once by the minutes of the months, rounded half-up once. Multiplying before the one division keeps
 * a fee that falls exactly on a half-cent from being rounded down (the contract's fee and every invoice's instalment
 * are this same figure, docs/rules.md#r86-invoice-amounts-and-rounding).
 */
export function mensualisedFee(
  m: Pick<Mensualisation, 'reservedMinutes' | 'months'>,
  hourlyRate: string,
  sharePercent = 100,
): string {
  return new Dec(m.reservedMinutes)
    .times(sharePercent)
    .times(hourlyRate)
    .div(60 * m.months * 100)
    .toFixed(2, Dec.ROUND_HALF_UP);
}

export function computeMensualisedFee(m: Mensualisation, hourlyRate: string, sharePercent = 100): MonthlyFeeResult {
  // A household's share of an alternating-residence contract bills its percent of the reserved hours (#14 §5).
  const perMonth = 60 * m.months * 100;
  const minutes = new Dec(m.reservedMinutes).times(sharePercent);
  const hours = minutes.div(perMonth);
  const fee = mensualisedFee(m, hourlyRate, sharePercent);
  const reservedHours = new Dec(m.reservedMinutes).div(60);
  const fraction = monthlyHoursFraction({ reservedMinutes: m.reservedMinutes * sharePercent, months: m.months * 100 });
  const shareStep: TraceStep[] =
    sharePercent === 100
      ? []
      : [
          {
            step: 'HOUSEHOLD_SHARE',
            inputs: { hoursPercent: sharePercent },
            rule: 'alternating residence: each household pays on its share of the reserved hours, at its own rate',
            source: cnaf('r47-special-cases-unknown-refused-ase'),
            value: `${sharePercent} %`,
          },
        ];
  return {
    monthlyHours: hours.toFixed(2, Dec.ROUND_HALF_UP),
    monthlyFee: fee,
    trace: [
      {
        step: 'RESERVED_HOURS',
        inputs: {
          contractStart: m.contractStart,
          contractEnd: m.contractEnd,
          scheduledDays: m.scheduledDays,
          publicHolidayDays: m.publicHolidayDays,
          closureDays: m.closureDays,
          leaveDays: m.leaveDays,
          undatedLeaveWeeks: m.undatedLeaveWeeks ?? null,
          undatedLeaveHours:
            m.undatedLeaveMinutes === undefined ? null : new Dec(m.undatedLeaveMinutes).div(60).toString(),
        },
        rule: "the child's scheduled hours on each day of the contract, except public holidays, the crèche's closure days and the family's declared leave days; fixed when the contract is signed",
        source: cnaf('r49-mensualisation'),
        value: `${reservedHours.toString()} h`,
      },
      ...shareStep,
      {
        step: 'MONTHLY_HOURS',
        inputs: { reservedHours: reservedHours.toString(), months: m.months, hoursPercent: sharePercent },
        rule: 'reserved hours (× the household share) ÷ calendar months the contract spans, kept exact (fraction), shown rounded to 2 decimals',
        source: cnaf('r49-mensualisation'),
        value: `${fraction} h = ${hours.toFixed(2, Dec.ROUND_HALF_UP)} h`,
      },
      {
        step: 'MONTHLY_FEE',
        inputs: { monthlyHours: fraction, hourlyRate },
        rule: `monthly hours (exact) × hourly rate; ${ROUNDING_RULE}`,
        source: cnaf('r48-rounding-half-up-to-the-cent-once'),
        value: fee,
      },
    ],
  };
}
