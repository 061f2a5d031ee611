import fc from 'fast-check';
import { nearestRank, suppressColumn } from './secrecy';

describe('suppressColumn', () => {
  it.each([
    [[12, 7, 9], [null, null, null], null],
    [[12, 3, 9], [null, 'UNDER_THRESHOLD', 'COMPLEMENTARY'], null],
    [[12, 3, 0], [null, 'UNDER_THRESHOLD', 'UNDER_THRESHOLD'], null],
    [[2, 1], ['UNDER_THRESHOLD', 'UNDER_THRESHOLD'], 'UNDER_THRESHOLD'],
    [[6, 4], ['COMPLEMENTARY', 'UNDER_THRESHOLD'], null],
    [[4], ['UNDER_THRESHOLD'], 'UNDER_THRESHOLD'],
    [[9, 9, 4], ['COMPLEMENTARY', null, 'UNDER_THRESHOLD'], null],
  ] as const)('%j → cells %j, total %j', (counts, cells, total) => {
    expect(suppressColumn(counts)).toEqual({ cells, total });
  });

  it('never leaves a hidden count that the total and the shown cells give back', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 12 }), (counts) => {
        const { cells, total } = suppressColumn(counts);
        const hidden = cells.filter((c) => c !== null).length;
        // With the total shown, one hidden cell alone = total − shown cells: never allowed.
        expect(total !== null || hidden !== 1).toBe(true);
        // Every count under 5 is hidden; a hidden total means every cell is hidden too.
        counts.forEach((c, i) => {
          if (c < 5) expect(cells[i]).toBe('UNDER_THRESHOLD');
        });
        if (total !== null) expect(hidden).toBe(counts.length);
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
