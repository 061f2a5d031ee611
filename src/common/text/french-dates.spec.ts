import { frenchDate, frenchMonth, ofFrenchMonth } from './french-dates';

describe('French dates', () => {
  it('names the month and writes the day without a leading zero', () => {
    expect(frenchMonth('2027-03')).toBe('mars 2027');
    expect(frenchMonth('2027-12-31')).toBe('décembre 2027');
    expect(frenchDate('2027-03-08')).toBe('8 mars 2027');
    expect(frenchDate('2028-02-29')).toBe('29 février 2028');
    expect(frenchDate('2027-08-15')).toBe('15 août 2027');
  });

  it('writes "de" before a month, elided before a vowel', () => {
    expect(ofFrenchMonth('2027-03')).toBe('de mars 2027');
    expect(ofFrenchMonth('2027-04')).toBe('d’avril 2027');
    expect(ofFrenchMonth('2027-08')).toBe('d’août 2027');
    expect(ofFrenchMonth('2026-10-01')).toBe('d’octobre 2026');
    expect(ofFrenchMonth('2026-11')).toBe('de novembre 2026');
  });
});
