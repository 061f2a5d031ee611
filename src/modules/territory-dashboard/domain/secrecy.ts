/**
 * Statistical secrecy (docs/rules.md §10): a count under 5 is never published, nor any figure computed from those few
 * units. Threshold: the INSEE / Comité du secret statistique practice for aggregated tables is a minimum number of
 * units per cell; the CTG dashboard uses 5 (issue #17).
 */
export const SECRECY_THRESHOLD = 5;

/**
 * Why a figure is hidden: UNDER_THRESHOLD, fewer than 5 units (the count itself, or the figures computed from it);
 * COMPLEMENTARY, hidden so that a column's total cannot give back a count under the threshold (a cell at least the
 * threshold, or the total itself when hiding cells cannot protect them).
 */
export type SecretReason = 'UNDER_THRESHOLD' | 'COMPLEMENTARY';

/** A published figure or the marker that it is secret (the JSON never carries the hidden number). */
export type Shown<T> =
  | { readonly secret: false; readonly value: T }
  | { readonly secret: true; readonly value: null; readonly reason: SecretReason };

export const shown = <T>(value: T): Shown<T> => ({ secret: false, value });
export const secret = (reason: SecretReason): Shown<never> => ({ secret: true, value: null, reason });

/**
 * A magnitude rounded to the nearest multiple of `base` (halves up). Two readings of a rounded sum, before and after
 * one unit leaves, differ by a multiple of `base`: they only tell that unit's share to within ± base, not its value
 * (round(x) − round(x − h) lies in (h − base, h + base)).
 */
export function roundToBase(value: number, base: number): number {
  return Math.round(value / base) * base;
}

/**
 * Which cells of one column to hide, given the column's counts and a published total equal to their sum.
 *
 * Primary: every count under the threshold (0 included), "< 5". Secondary: the total minus the shown cells gives
 * back the sum of the hidden ones, and the markers say what each is (under the threshold: 0 to 4; hidden for the
 * total's sake: at least 5), so while that lets someone pin a hidden count under the threshold to one value, or
 * leaves the hidden cells summing to fewer than the threshold (their hours, total minus shown, would then be those
 * of fewer than 5 households), the smallest shown cell (first on a tie) is hidden too. If even hiding every cell
 * does not protect them (a column of 0 and 5: the total 5 says which is which), the total is hidden instead and
 * only the cells under the threshold stay hidden: nothing then ties the cells together.
 * Returns, per cell and for the total, why it is hidden (null: shown).
 */
export function suppressColumn(
  counts: readonly number[],
  threshold = SECRECY_THRESHOLD,
): { cells: (SecretReason | null)[]; total: SecretReason | null } {
  const primary: (SecretReason | null)[] = counts.map((c) => (c < threshold ? 'UNDER_THRESHOLD' : null));
  if (counts.reduce((a, b) => a + b, 0) < threshold) return { cells: primary, total: 'UNDER_THRESHOLD' };
  const cells = [...primary];
  while (exposed(counts, cells, threshold)) {
    let pick = -1;
    counts.forEach((c, i) => {
      if (cells[i] === null && (pick < 0 || c < counts[pick])) pick = i;
    });
    if (pick < 0) return { cells: primary, total: 'COMPLEMENTARY' };
    cells[pick] = 'COMPLEMENTARY';
  }
  return { cells, total: null };
}

/**
 * Whether a column published with its total and these hidden cells gives something away: the hidden cells sum to
 * fewer than the threshold (none hidden: nothing to give away), or one hidden count under the threshold can only
 * have one value. Someone reading the table knows the hidden cells' sum S (total − shown cells) and that each is
 * 0‥threshold−1 ("< 5") or at least the threshold ("secret"); a single sum with bounds on each term leaves each
 * term a whole interval: [max(lo, S − Σ others' highest), min(hi, S − Σ others' lowest)].
 */
export function exposed(
  counts: readonly number[],
  cells: readonly (SecretReason | null)[],
  threshold = SECRECY_THRESHOLD,
): boolean {
  const hidden = counts.flatMap((c, i) => (cells[i] === null ? [] : [{ c, under: cells[i] === 'UNDER_THRESHOLD' }]));
  if (!hidden.length) return false;
  const sum = hidden.reduce((a, h) => a + h.c, 0);
  if (sum < threshold) return true;
  const lowest = hidden.reduce((a, h) => a + (h.under ? 0 : threshold), 0);
  const secondary = hidden.filter((h) => !h.under).length;
  const unders = hidden.length - secondary;
  return hidden.some((h) => {
    if (!h.under) return false;
    // A hidden cell at least the threshold has no upper bound but S: with one among the others, 0 stays possible.
    const othersHighest = secondary > 0 ? Infinity : (unders - 1) * (threshold - 1);
    const lo = Math.max(0, sum - othersHighest);
    const hi = Math.min(threshold - 1, sum - lowest);
    return lo >= hi;
  });
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
