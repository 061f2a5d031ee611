import fc from 'fast-check';
import { exposed, nearestRank, roundToBase, SecretReason, suppressColumn } from './secrecy';

type Reason = SecretReason | null;

/**
 * What someone reading a published column can tell a hidden count under the threshold is, worked out by brute force
 * (not from the interval formula of secrecy.ts): every value v of 0‥threshold−1 such that the other hidden cells,
 * each 0‥threshold−1 ("< 5") or at least the threshold ("secret"), can make up the rest of the hidden sum.
 */
function possibleValues(counts: readonly number[], cells: readonly Reason[], i: number, threshold = 5): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const hiddenSum = total - counts.reduce((a, c, j) => a + (cells[j] === null ? c : 0), 0);
  // reachable[s]: the other hidden cells can sum to s.
  let reachable = Array.from({ length: hiddenSum + 1 }, (_, s) => s === 0);
  cells.forEach((reason, j) => {
    if (reason === null || j === i) return;
    const [lo, hi] = reason === 'UNDER_THRESHOLD' ? [0, threshold - 1] : [threshold, hiddenSum];
    const next = reachable.map(() => false);
    reachable.forEach((ok, s) => {
      if (ok) for (let v = lo; v <= hi && s + v <= hiddenSum; v += 1) next[s + v] = true;
    });
    reachable = next;
  });
  return Array.from({ length: threshold }, (_, v) => v).filter((v) => v <= hiddenSum && reachable[hiddenSum - v]);
}

describe('suppressColumn', () => {
  it.each([
    [[12, 7, 9], [null, null, null], null],
    [[12, 3, 9], [null, 'UNDER_THRESHOLD', 'COMPLEMENTARY'], null],
    // 3 and 0 hidden sum to 3: the total would say "3 households" and give their hours: 12 is hidden too.
    [[12, 3, 0], ['COMPLEMENTARY', 'UNDER_THRESHOLD', 'UNDER_THRESHOLD'], null],
    [[2, 1], ['UNDER_THRESHOLD', 'UNDER_THRESHOLD'], 'UNDER_THRESHOLD'],
    [[6, 4], ['COMPLEMENTARY', 'UNDER_THRESHOLD'], null],
    [[4], ['UNDER_THRESHOLD'], 'UNDER_THRESHOLD'],
    [[9, 9, 4], ['COMPLEMENTARY', null, 'UNDER_THRESHOLD'], null],
    // Two "< 5" summing to 8 can only be 4 and 4.
    [[4, 4, 20], ['UNDER_THRESHOLD', 'UNDER_THRESHOLD', 'COMPLEMENTARY'], null],
    // Several zeros: the next smallest (7) hidden with them; 7 = 0 + 0 + at least 5 leaves each zero 0‥2.
    [[0, 0, 7, 12], ['UNDER_THRESHOLD', 'UNDER_THRESHOLD', 'COMPLEMENTARY', null], null],
    // 0 with 5 sums to 5 = "< 5" + "at least 5": 0 and 5 exactly; the next smallest, 30, is hidden as well.
    [[0, 5, 30], ['UNDER_THRESHOLD', 'COMPLEMENTARY', 'COMPLEMENTARY'], null],
    [[3, 5, 30], ['UNDER_THRESHOLD', 'COMPLEMENTARY', null], null],
    // Nothing to hide with: the total goes instead, and 5 is shown again (no sum ties it to the 0 any more).
    [[0, 5], ['UNDER_THRESHOLD', null], 'COMPLEMENTARY'],
    [[4, 4], ['UNDER_THRESHOLD', 'UNDER_THRESHOLD'], 'COMPLEMENTARY'],
  ] as const)('%j → cells %j, total %j', (counts, cells, total) => {
    expect(suppressColumn(counts)).toEqual({ cells, total });
  });

  it('never leaves a hidden count under 5 that the total, the shown cells and the markers pin down', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 14 }), { minLength: 1, maxLength: 7 }), (counts) => {
        const { cells, total } = suppressColumn(counts);
        // Every count under 5 is hidden as such; a hidden total under 5 means every cell is hidden too.
        counts.forEach((c, i) => {
          expect(cells[i] === 'UNDER_THRESHOLD').toBe(c < 5);
        });
        if (total === 'UNDER_THRESHOLD') expect(counts.reduce((a, b) => a + b, 0)).toBeLessThan(5);
        // With the total hidden, nothing ties the cells together: only the primary suppression remains.
        if (total !== null) return expect(cells.every((r) => r !== 'COMPLEMENTARY')).toBe(true);
        const hidden = counts.filter((_, i) => cells[i] !== null);
        if (!hidden.length) return;
        // The hidden cells (total − shown) add up to at least 5 households, never one cell alone...
        expect(hidden.length).toBeGreaterThanOrEqual(2);
        expect(hidden.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5);
        // ...and each "< 5" could still be at least two values, its own among them.
        counts.forEach((c, i) => {
          if (cells[i] !== 'UNDER_THRESHOLD') return;
          const values = possibleValues(counts, cells, i);
          expect(values).toContain(c);
          expect(values.length).toBeGreaterThanOrEqual(2);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('hides nothing more than the counts under 5 when they are already safe, and else the next smallest', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 14 }), { minLength: 1, maxLength: 7 }), (counts) => {
        const { cells, total } = suppressColumn(counts);
        const primary = counts.map((c) => (c < 5 ? 'UNDER_THRESHOLD' : null));
        if (!exposed(counts, primary)) expect(cells).toEqual(primary);
        if (total !== null) return;
        // Each cell hidden for the total's sake is no larger than any cell left shown.
        const largestHidden = Math.max(0, ...counts.filter((_, i) => cells[i] === 'COMPLEMENTARY'));
        counts.forEach((c, i) => {
          if (cells[i] === null) expect(c).toBeGreaterThanOrEqual(largestHidden);
        });
      }),
    );
  });
});

describe('roundToBase', () => {
  it.each([
    [73.75, 10, 70],
    [65, 10, 70],
    [75, 10, 80],
    [4.99, 10, 0],
    [426.5, 100, 400],
    [364.5, 100, 400],
  ])('%d to the nearest %d → %d', (value, base, expected) => {
    expect(roundToBase(value, base)).toBe(expected);
  });

  it('lets the difference of two readings tell one unit only to within ± the base', () => {
    fc.assert(
      fc.property(fc.nat({ max: 100_000 }), fc.integer({ min: 1, max: 6000 }), (rest, unit) => {
        // Minutes, rounded to 10 h: the readings with and without one household.
        const diff = roundToBase(rest + unit, 600) - roundToBase(rest, 600);
        expect(diff % 600).toBe(0);
        expect(Math.abs(diff - unit)).toBeLessThan(600);
      }),
    );
  });
});

describe('nearestRank', () => {
  it.each([
    [[], 0.5, null],
    [[10], 0.5, 10],
    [[30, 10, 20, 40], 0.5, 20],
    [[30, 10, 20, 40, 50], 0.5, 30],
    [[30, 10, 20, 40, 50], 0.8, 40],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.8, 8],
  ])('%j at %d → %j', (values, p, expected) => {
    expect(nearestRank(values, p)).toBe(expected);
  });

  it('returns one of the values, and never less for a higher p', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1 }), (values) => {
        const m = nearestRank(values, 0.5)!;
        const p80 = nearestRank(values, 0.8)!;
        expect(values).toContain(m);
        expect(p80).toBeGreaterThanOrEqual(m);
        expect(values.filter((v) => v <= m).length / values.length).toBeGreaterThanOrEqual(0.5);
      }),
    );
  });
});
