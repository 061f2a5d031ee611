import { isISO8601 } from 'class-validator';
import { civilDateProblems, isRealDay } from './validators';

describe('isRealDay', () => {
  it('answers as isISO8601 (strict) on every YYYY-MM-DD of months 00–13 and days 00–32, leap centuries included', () => {
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    let real = 0;
    let checked = 0;
    for (const year of [1900, 1999, 2000, 2023, 2024, 2026, 2028, 2099, 2100, 2400]) {
      for (let month = 0; month <= 13; month += 1) {
        for (let day = 0; day <= 32; day += 1) {
          const value = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          expect([value, isRealDay(value)]).toEqual([value, isISO8601(value, { strict: true })]);
          checked += 1;
          if (isRealDay(value)) real += 1;
        }
      }
    }
    // 10 years × 365 days, plus a 29 February in 2000, 2024, 2028 and 2400 (not 1900, 2100).
    expect(real).toBe(10 * 365 + 4);
    expect(checked).toBe(10 * 14 * 33);
  });

  it('keeps the wording of civilDateProblems', () => {
    expect(civilDateProblems('date', '2027-02-29')).toEqual([
      { field: 'date', errors: ['date must be a real calendar date'] },
    ]);
    expect(civilDateProblems('date', '2028-02-29')).toEqual([]);
    expect(civilDateProblems('date', '1999-02-29')).toEqual([
      { field: 'date', errors: ['date must be a real calendar date'] },
    ]);
    expect(civilDateProblems('date', '1999-03-01')[0].errors[0]).toMatch(/must fall in the years/);
    expect(civilDateProblems('date', '2027-2-01')[0].errors[0]).toBe('date must be a date YYYY-MM-DD');
  });
});
