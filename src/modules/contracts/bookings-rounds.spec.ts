import fc from 'fast-check';
import { roundsOfDistinctChildren } from './bookings.service';

describe('roundsOfDistinctChildren', () => {
  it("puts a child's second booking in the next round, keeping the order asked", () => {
    const asks = ['a', 'b', 'a', 'c', 'a', 'b'].map((childId) => ({ dto: { childId } }));
    expect(roundsOfDistinctChildren(asks)).toEqual([[0, 1, 3], [2, 5], [4]]);
  });

  it('answers every ask once, each round with distinct children in order, a child only after its earlier asks', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 40 }), (children) => {
        const asks = children.map((childId) => ({ dto: { childId } }));
        const rounds = roundsOfDistinctChildren(asks);
        expect(rounds.flat().sort((x, y) => x - y)).toEqual(children.map((_, i) => i));
        for (const round of rounds) {
          expect(new Set(round.map((i) => children[i])).size).toBe(round.length);
          expect([...round].sort((x, y) => x - y)).toEqual(round);
        }
        const roundOf = new Map(rounds.flatMap((round, r) => round.map((i) => [i, r] as const)));
        children.forEach((child, i) => {
          const earlier = children.slice(0, i).filter((c) => c === child).length;
          expect(roundOf.get(i)).toBe(earlier);
        });
      }),
    );
  });
});
