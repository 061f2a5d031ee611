/**
 * Statistical secrecy (docs/rules.md §10): a count under 5 is never published, nor any figure computed from those few
 * units. Threshold: the INSEE / Comité du secret statistique practice for aggregated tables is a minimum number of
 * units per cell; the CTG dashboard uses 5 (issue #17).
 */
export const SECRECY_THRESHOLD = 5;

/**
 * Why a figure is hidden: UNDER_THRESHOLD, fewer than 5 units (the count itself, or the figures computed from it);
 * COMPLEMENTARY, hidden so that a column's total cannot give back a count under the threshold.
 */
export type SecretReason = 'UNDER_THRESHOLD' | 'COMPLEMENTARY';

/** A published figure or the marker that it is secret (the JSON never carries the hidden number). */
export type Shown<T> =
  | { readonly secret: false; readonly value: T }
  | { readonly secret: true; readonly value: null; readonly reason: SecretReason };

export const shown = <T>(value: T): Shown<T> => ({ secret: false, value });
export const secret = (reason: SecretReason): Shown<never> => ({ secret: true, value: null, reason });

/**
 * Which cells of one column to hide, given the column's counts and a published total equal to their sum.
 * Primary: every count under the threshold (0 included). Secondary: when exactly one cell is hidden, the total minus
 * the shown cells would give it back, so the smallest other cell (first on a tie) is hidden too.
 * Returns, per cell and for the total, why it is hidden (null: shown).
 */
export function suppressColumn(
  counts: readonly number[],
  threshold = SECRECY_THRESHOLD,
): { cells: (SecretReason | null)[]; total: SecretReason | null } {
  const cells: (SecretReason | null)[] = counts.map((c) => (c < threshold ? 'UNDER_THRESHOLD' : null));
  const total = counts.reduce((a, b) => a + b, 0) < threshold ? 'UNDER_THRESHOLD' : null;
  if (!total && cells.filter((c) => c !== null).length === 1) {
    let pick = -1;
    counts.forEach((c, i) => {
      if (cells[i] === null && (pick < 0 || c < counts[pick])) pick = i;
    });
    if (pick >= 0) cells[pick] = 'COMPLEMENTARY';
  }
  return { cells, total };
}

/**
 * Nearest-rank percentile (p in 0‥1] of the values: the smallest value such that at least p of the values are at
 * most it, i.e. the ⌈p·n⌉-th smallest. Null for no value.
 */
export function nearestRank(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1];
}
