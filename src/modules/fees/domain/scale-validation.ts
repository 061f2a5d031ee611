import type { EffortTier } from './fee-scale';
import { Dec } from './decimal';

/** Tiers start at one child, rise strictly, and rates never rise with more children. */
export function validateTiers(field: string, tiers: readonly EffortTier[]): { field: string; errors: string[] }[] {
  const problems: { field: string; errors: string[] }[] = [];
  if (tiers[0]?.fromChildren !== 1)
    problems.push({ field: `${field}[0].fromChildren`, errors: ['the first tier starts at 1 child'] });
  tiers.forEach((t, i) => {
    if (i === 0) return;
    if (t.fromChildren <= tiers[i - 1].fromChildren)
      problems.push({
        field: `${field}[${i}].fromChildren`,
        errors: ['tiers must start at increasing numbers of children'],
      });
    if (new Dec(t.rate).gt(tiers[i - 1].rate))
      problems.push({ field: `${field}[${i}].rate`, errors: ['a rate cannot rise with more children'] });
  });
  return problems;
}
