import fc from 'fast-check';
import { recomputationsForVersion, type StoredFee } from './scale-recomputations';

const fee = (effectiveFrom: string, scaleFrom: string, situation: string, familyId: string | null = null) =>
  ({ familyId, effectiveFrom, scaleFrom, situation }) satisfies StoredFee<string>;

describe('recomputationsForVersion', () => {
  it('computes a running contract from the version date on the situation in force then, not on a later change', () => {
    const stored = [fee('2025-11-03', '2025-09-01', '2423'), fee('2026-03-01', '2025-09-01', '5000')];
    expect(recomputationsForVersion({ startDate: '2025-11-03', payers: [null] }, stored, '2026-01-01')).toEqual([
      { date: '2026-01-01', atVersionDate: true, situations: new Map([[null, '2423']]) },
      { date: '2026-03-01', atVersionDate: false, situations: new Map([[null, '5000']]) },
    ]);
  });

  it('recomputes a contract starting after the version date, signed before it was published', () => {
    const stored = [fee('2028-02-01', '2026-01-01', '3000')];
    expect(recomputationsForVersion({ startDate: '2028-02-01', payers: [null] }, stored, '2028-01-01')).toEqual([
      { date: '2028-02-01', atVersionDate: false, situations: new Map([[null, '3000']]) },
    ]);
  });

  it('leaves fees already computed on this version or a newer one', () => {
    const stored = [fee('2028-02-01', '2028-01-01', '3000'), fee('2028-05-01', '2028-04-01', '3100')];
    expect(recomputationsForVersion({ startDate: '2028-02-01', payers: [null] }, stored, '2028-01-01')).toEqual([]);
  });

  it("takes each household's own situation in alternating residence", () => {
    const stored = [
      fee('2027-01-04', '2026-01-01', 'A1', 'a'),
      fee('2027-01-04', '2026-01-01', 'B1', 'b'),
      fee('2027-04-01', '2026-01-01', 'B2', 'b'),
    ];
    const out = recomputationsForVersion({ startDate: '2027-01-04', payers: ['a', 'b'] }, stored, '2027-03-01');
    expect(out.map((r) => [r.date, [...r.situations]])).toEqual([
      [
        '2027-03-01',
        [
          ['a', 'A1'],
          ['b', 'B1'],
        ],
      ],
      [
        '2027-04-01',
        [
          ['a', 'A1'],
          ['b', 'B2'],
        ],
      ],
    ]);
  });

  it('never goes before the version date, never twice on a date, and always on the situation in force', () => {
    const day = fc
      .integer({ min: 0, max: 400 })
      .map((n) => new Date(Date.UTC(2027, 0, 1 + n)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        day,
        day,
        fc.array(fc.record({ from: day, scale: day, situation: fc.string() }), { maxLength: 8 }),
        (start, versionFrom, rows) => {
          // One stored fee per date (the one in force from it), none before the contract's start.
          const byDate = new Map(rows.filter((r) => r.from >= start).map((r) => [r.from, r]));
          const stored = [...byDate.values()].map((r) => fee(r.from, r.scale, r.situation));
          const out = recomputationsForVersion({ startDate: start, payers: [null] }, stored, versionFrom);
          const dates = out.map((r) => r.date);
          expect(new Set(dates).size).toBe(dates.length);
          for (const r of out) {
            expect(r.date >= versionFrom).toBe(true);
            const inForce = stored
              .filter((s) => s.effectiveFrom <= r.date)
              .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1))[0];
            expect(r.situations.get(null)).toBe(inForce?.situation);
          }
          // Every stored fee on an older version from the version date on is recomputed.
          for (const s of stored)
            if (s.effectiveFrom >= versionFrom && s.scaleFrom < versionFrom) expect(dates).toContain(s.effectiveFrom);
        },
      ),
    );
  });
});
