import fc from 'fast-check';
import { Dec } from '../../fees/domain/decimal';
import { certifyYear } from './tax-certificate';

describe(certifyYear.name, () => {
  it('certifies what a household with one child paid in the year', () => {
    const r = certifyYear({
      year: 2027,
      paid: '1817.50',
      children: [{ childId: 'a', firstName: 'Lou', birthDate: '2026-02-10', billed: '1900.00' }],
    });
    expect(r).toEqual({
      children: [{ childId: 'a', firstName: 'Lou', birthDate: '2026-02-10', amount: '1817.50' }],
      total: '1817.50',
    });
  });

  it.each([
    // Income of 2027: children born in 2021 or later (under 6 on 1 January 2027, as the tax administration counts).
    ['2021-01-01', true],
    ['2021-01-02', true],
    ['2020-12-31', false],
  ])('a child born %s counts for 2027: %s', (birthDate, counts) => {
    const r = certifyYear({
      year: 2027,
      paid: '100.00',
      children: [{ childId: 'a', firstName: 'A', birthDate, billed: '100.00' }],
    });
    expect(r.children.length === 1).toBe(counts);
  });

  it('shares the payments by what was billed for each child, leaving an older child out', () => {
    const r = certifyYear({
      year: 2027,
      paid: '300.00',
      children: [
        { childId: 'a', firstName: 'A', birthDate: '2025-01-01', billed: '200.00' },
        { childId: 'b', firstName: 'B', birthDate: '2020-06-01', billed: '100.00' },
      ],
    });
    expect(r.children.map((c) => [c.childId, c.amount])).toEqual([['a', '200.00']]);
    expect(r.total).toBe('200.00');
  });

  it('never certifies more than was paid', () => {
    const cents = fc.integer({ min: 0, max: 10_000_000 }).map((c) => new Dec(c).div(100).toFixed(2));
    fc.assert(
      fc.property(cents, fc.array(cents, { minLength: 1, maxLength: 4 }), (paid, billed) => {
        const r = certifyYear({
          year: 2027,
          paid,
          children: billed.map((b, i) => ({ childId: `${i}`, firstName: 'X', birthDate: '2025-01-01', billed: b })),
        });
        // Each share rounded once: at most half a cent per child above the payments.
        expect(new Dec(r.total).minus(paid).lte(new Dec(billed.length).times('0.005'))).toBe(true);
      }),
    );
  });
});
