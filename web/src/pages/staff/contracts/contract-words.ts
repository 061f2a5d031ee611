import type { components } from '../../../api/schema';
import type { QuoteResult } from '../../public/quote-steps';

export type Contract = components['schemas']['ContractResponseDto'];
type FeeComputation = components['schemas']['FeeComputationResponseDto'];

/** The fee in force on a contract, or null when its inputs are unknown. */
export type ContractFee = components['schemas']['ContractFeeDto'];

export function contractFee(c: Pick<Contract, 'fee'>): ContractFee | null {
  return c.fee ?? null;
}

interface Step {
  readonly step: string;
  readonly value: string;
}
const isStep = (s: unknown): s is Step => typeof s === 'object' && s !== null && typeof (s as Step).step === 'string';

/**
 * A stored fee computation as the simulator's result, so the same French steps explain it (quote-steps.ts): its
 * figures are the computation's; the scale's date and whether it was checked are read from the SELECT_SCALE step,
 * whose value is "2025-09-01 (id)" or "2025-09-01 (id, unverified)".
 */
export function computationQuote(fc: FeeComputation): QuoteResult {
  const trace = (fc.trace as unknown[]).filter(isStep);
  const scale = /^(\d{4}-\d{2}-\d{2}) \(([^,)]+)(, unverified)?\)$/.exec(
    trace.find((s) => s.step === 'SELECT_SCALE')?.value ?? '',
  );
  return {
    hourlyRate: fc.hourlyRate,
    monthlyFee: fc.monthlyFee,
    monthlyHours: fc.monthlyHours,
    effortRatePercent: fc.effortRatePercent,
    tier: fc.tier,
    boundedResources: fc.boundedResources,
    scale: { id: fc.scaleId, effectiveFrom: scale?.[1] ?? '', verified: !!scale && !scale[3] },
    trace,
  };
}

/** Where a contract stands on `today` ("YYYY-MM-DD", Paris): not started, running, or over. */
export function contractStatusFr(c: Pick<Contract, 'startDate' | 'endDate'>, today: string): string {
  if (today < c.startDate) return 'À venir';
  if (today > c.endDate) return 'Terminé';
  return 'En cours';
}

/** Whether the contract can still be ended early (the API refuses once its end has passed: CONTRACT.ALREADY_ENDED). */
export const canEnd = (c: Pick<Contract, 'endDate'>, today: string): boolean => today <= c.endDate;

const AND_FR = new Intl.ListFormat('fr', { type: 'conjunction' });

/** The parents of the child's household, « Léa Martin et Paul Durand »; « — » once the household is erased. */
export function parentsFr(parents: readonly string[] | undefined): string {
  return parents && parents.length > 0 ? AND_FR.format(parents) : '—';
}
