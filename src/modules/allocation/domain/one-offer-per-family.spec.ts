import fc from 'fast-check';
import { keepOneProposalPerFamily } from './one-offer-per-family';
import type { Placement } from './snapshot';

const placement = (applicationId: string, familyId: string, score: number): Placement =>
  ({ applicationId, familyId, crecheId: 'c', score }) as Placement;

describe('keepOneProposalPerFamily', () => {
  it('keeps the best-scored proposal of a family, ties by application id', () => {
    const kept = keepOneProposalPerFamily([
      placement('b', 'f1', 300),
      placement('a', 'f1', 300),
      placement('c', 'f1', 400),
      placement('d', 'f2', 10),
    ]);
    expect(kept.map((p) => p.applicationId)).toEqual(['c', 'd']);
  });

  it('never keeps two proposals of one family, and keeps one for every family', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ a: fc.uuid(), f: fc.constantFrom('f1', 'f2', 'f3'), s: fc.integer({ min: 0, max: 500 }) }),
        ),
        (rows) => {
          const input = rows.map((r, i) => placement(`${r.a}-${i}`, r.f, r.s));
          const kept = keepOneProposalPerFamily(input);
          expect(new Set(kept.map((p) => p.familyId)).size).toBe(kept.length);
          expect(kept.length).toBe(new Set(input.map((p) => p.familyId)).size);
        },
      ),
    );
  });
});
