/** Care types of the PSU scale: the crèche kinds. */
export const CARE_TYPES = ['COLLECTIVE', 'MICRO_CRECHE', 'FAMILIAL', 'PARENTAL'] as const;
export type CareType = (typeof CARE_TYPES)[number];

/** The two effort-rate tables of the Cnaf scale. */
export type RateTable = 'collective' | 'familial';

/** One tier: from this many children on (the next tier's start ends it), this effort rate (percent, 4 decimals). */
export interface EffortTier {
  readonly fromChildren: number;
  readonly rate: string;
}

/** A version of the national scale, as stored (decimal strings). Immutable once a computation uses it. */
export interface FeeScaleVersion {
  readonly id: string;
  /** ISO date. */
  readonly effectiveFrom: string;
  readonly floor: string;
  readonly ceiling: string;
  readonly tables: { readonly collective: readonly EffortTier[]; readonly familial: readonly EffortTier[] };
  /** Which table a micro-crèche used under this version (familial until 2019-09-01). */
  readonly microCrecheTable: RateTable;
  readonly provenance: string;
  readonly verified: boolean;
  /** The Cnaf document cited (title and date); a version is verified only with one. */
  readonly source?: { readonly title: string; readonly date: string } | null;
}

/** The table a care type uses under a scale version. */
export function tableFor(scale: FeeScaleVersion, careType: CareType): RateTable {
  if (careType === 'COLLECTIVE') return 'collective';
  if (careType === 'MICRO_CRECHE') return scale.microCrecheTable;
  return 'familial';
}

/** The version in force on `date` (ISO): the latest whose effectiveFrom is on or before it. */
export function scaleInForce(scales: readonly FeeScaleVersion[], date: string): FeeScaleVersion | undefined {
  let best: FeeScaleVersion | undefined;
  for (const s of scales) if (s.effectiveFrom <= date && (!best || s.effectiveFrom > best.effectiveFrom)) best = s;
  return best;
}

/** "1", "2", "3-5", "8+": a human label for the tier starting at `index`. */
export function tierLabel(tiers: readonly EffortTier[], index: number): string {
  const from = tiers[index].fromChildren;
  const next = tiers[index + 1]?.fromChildren;
  if (next === undefined) return `${from}+`;
  return next - 1 === from ? String(from) : `${from}-${next - 1}`;
}
