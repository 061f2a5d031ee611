import { Dec } from './decimal';
import { ROUNDING_RULE, TraceStep } from './compute-fee';

/** How emergency care is priced when the family's resources are unknown (docs/rules.md#r412-occasional-and-emergency-care). */
export const EMERGENCY_RATES = ['FLOOR', 'FIXED'] as const;
export type EmergencyRate = (typeof EMERGENCY_RATES)[number];
/** The crèche's billing unit: every started unit of this many minutes is billed. */
export const BILLING_UNITS = [1, 5, 10, 15, 30, 60] as const;
export const DEFAULT_BILLING_UNIT_MINUTES = 30;

const source = (anchor: string) => `Cnaf, PSU conditions; docs/rules.md#${anchor}`;

/** Minutes billed for minutes of care: every started unit counts. */
export function billedMinutesOf(minutes: number, unitMinutes: number): number {
  return Math.ceil(minutes / unitMinutes) * unitMinutes;
}

export interface OccasionalFeeInput {
  readonly kind: 'OCCASIONAL' | 'EMERGENCY';
  readonly minutes: number;
  readonly unitMinutes: number;
  /** The family's hourly rate from the scale (its resources, or the floor when unknown). */
  readonly hourlyRate: string;
  /** The family's resources are unknown (not refused): emergency care may then use the crèche's fixed rate. */
  readonly resourcesUnknown: boolean;
  readonly emergencyRate: EmergencyRate;
  readonly emergencyHourlyRate: string | null;
}

export interface OccasionalFee {
  readonly hourlyRate: string;
  readonly billedMinutes: number;
  readonly amount: string;
  readonly trace: readonly TraceStep[];
}

/** A booking's fee with the fee scale version its rate comes from. */
export interface RatedCareFee extends OccasionalFee {
  readonly scaleId: string;
}

/**
 * The rule of care booked beyond a child's contract at the crèche (the `CONTRACT_RATE` step, fees.service): at the
 * contract's hourly rate in force, or at its inputs rated under a scale version in force since.
 */
export const CONTRACT_RATE_RULES = {
  inForce:
    "the child's contract at the crèche runs that day: care beyond it is billed at the contract's hourly rate in force",
  rerated:
    "the child's contract at the crèche runs that day: care beyond it is billed at the contract's hourly rate, its inputs rated under the scale version in force that day (in force after its fee was last computed)",
} as const;

/**
 * Occasional and emergency care are billed at the family's hourly rate on their hours, by the crèche's billing unit;
 * emergency care for a family whose resources are unknown takes the crèche's fixed rate when it chose one (the
 * average of the previous year), the floor otherwise. Amount = billed minutes × rate ÷ 60, rounded half-up once.
 */
export function occasionalFee(input: OccasionalFeeInput): OccasionalFee {
  const fixed =
    input.kind === 'EMERGENCY' &&
    input.resourcesUnknown &&
    input.emergencyRate === 'FIXED' &&
    input.emergencyHourlyRate !== null;
  const rate = fixed ? new Dec(input.emergencyHourlyRate!).toFixed(2) : input.hourlyRate;
  const billedMinutes = billedMinutesOf(input.minutes, input.unitMinutes);
  const amount = new Dec(billedMinutes).times(rate).div(60).toFixed(2, Dec.ROUND_HALF_UP);
  return {
    hourlyRate: rate,
    billedMinutes,
    amount,
    trace: [
      {
        step: 'CARE_RATE',
        inputs: {
          kind: input.kind,
          resourcesUnknown: input.resourcesUnknown,
          emergencyRate: input.emergencyRate,
          familyHourlyRate: input.hourlyRate,
        },
        rule: fixed
          ? "emergency care, resources unknown: the crèche's fixed hourly rate (family fees of N-1 ÷ hours billed in N-1)"
          : "the family's hourly rate (the floor when its resources are unknown)",
        source: source('r412-occasional-and-emergency-care'),
        value: rate,
      },
      {
        step: 'BILLED_HOURS',
        inputs: { minutes: input.minutes, unitMinutes: input.unitMinutes },
        rule: 'every started unit of the crèche is billed',
        source: source('r412-occasional-and-emergency-care'),
        value: new Dec(billedMinutes).div(60).toString(),
      },
      {
        step: 'AMOUNT',
        inputs: { billedMinutes, hourlyRate: rate },
        rule: `billed hours × hourly rate; ${ROUNDING_RULE}`,
        source: source('r48-rounding-half-up-to-the-cent-once'),
        value: amount,
      },
    ],
  };
}
