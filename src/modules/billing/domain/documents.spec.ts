import { hoursFr, lineHoursFr } from './documents';

describe('hours on an invoice', () => {
  it.each([
    ['123.3750', '123,375 h'],
    ['150.6667', '150,6667 h'],
    ['101.0000', '101,00 h'],
    ['12.5000', '12,50 h'],
  ])('shows a line of %s hours as %s, so that hours × rate is its amount', (hours, text) =>
    expect(lineHoursFr(hours)).toBe(text),
  );

  it('rounds totals to the hundredth', () => expect(hoursFr('123.375')).toBe('123,38 h'));
});
