import fc from 'fast-check';
import { runsOfDistinctChildren } from './bookings.service';

describe('runsOfDistinctChildren', () => {
  it('starts a new run at a child asked again, keeping the order asked', () => {
    const asks = ['a', 'b', 'a', 'c', 'a', 'b'].map((childId) => ({ dto: { childId } }));
    expect(runsOfDistinctChildren(asks)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(runsOfDistinctChildren([])).toEqual([]);
  });

  it('cuts the asks in order into as few runs as can be, each of distinct children', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 40 }), (children) => {
        const runs = runsOfDistinctChildren(children.map((childId) => ({ dto: { childId } })));
        // Concatenated, the runs are the asks in the order asked.
        expect(runs.flat()).toEqual(children.map((_, i) => i));
        for (const [r, run] of runs.entries()) {
          expect(run.length).toBeGreaterThan(0);
          expect(new Set(run.map((i) => children[i])).size).toBe(run.length);
          // A run ends only where the next ask's child is in it already.
          if (r + 1 < runs.length) expect(run.map((i) => children[i])).toContain(children[runs[r + 1][0]]);
        }
      }),
    );
  });
});
