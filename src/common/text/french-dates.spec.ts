import { frenchDate, frenchMonth } from './french-dates';

describe('French dates', () => {
  it('names the month and writes the day without a leading zero', () => {
    expect(frenchMonth('2027-03')).toBe('mars 2027');
    expect(frenchMonth('2027-12-31')).toBe('décembre 2027');
    expect(frenchDate('2027-03-08')).toBe('8 mars 2027');
    expect(frenchDate('2028-02-29')).toBe('29 février 2028');
    expect(frenchDate('2027-08-15')).toBe('15 août 2027');
  });
});
