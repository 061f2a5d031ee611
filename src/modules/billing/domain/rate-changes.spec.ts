import { rateDifference } from './rate-changes';

describe('invoices billed at a rate since replaced (docs/rules.md R8.17)', () => {
  it('gives what was billed too much or too little, on the hours still billed, rounded once', () => {
    // 120 h at 1.95 € where the fee is now 2.10 €: 18.00 € too little.
    expect(rateDifference({ billedRate: '1.95', rateNow: '2.10', hours: '120.0000', hoursCredited: '0' })).toEqual({
      difference: '18.00',
      direction: 'UNDER_BILLED',
    });
    // 123.375 h at 1.28 € where it is now 1.21 €, 14 h already taken off by a credit note in hours: 109.375 × 0.07 =
    // 7.65625 → 7.66 € too much, which a credit note corrects.
    expect(rateDifference({ billedRate: '1.28', rateNow: '1.21', hours: '123.3750', hoursCredited: '14' })).toEqual({
      difference: '7.66',
      direction: 'OVER_BILLED',
    });
  });
});
