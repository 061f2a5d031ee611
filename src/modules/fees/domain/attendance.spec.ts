import { attendanceOf } from './attendance';

describe('attendanceOf', () => {
  const week = (from: string, to: string) => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from, to }));

  it('gives 45 weeks for 5 weeks of leave and two weeks of closure (the worked example)', () => {
    const a = attendanceOf({
      schedule: week('08:00', '16:00'),
      leaveWeeksPerYear: 5,
      closures: [{ from: '2026-08-03', to: '2026-08-14' }],
      openWeekdays: new Set([1, 2, 3, 4, 5]),
      from: '2026-01-05',
    });
    expect(a).toEqual({ hoursPerWeek: '40', closureWeeks: 2, weeksPerYear: '45', billedMonths: 12 });
  });

  it('counts only opening days of closures inside the twelve months, rounded to whole weeks', () => {
    const a = attendanceOf({
      schedule: [{ weekday: 6, from: '05:30', to: '13:50' }],
      leaveWeeksPerYear: 0,
      closures: [
        { from: '2026-12-24', to: '2027-01-01' },
        { from: '2028-01-01', to: '2028-01-31' },
      ],
      openWeekdays: new Set([1, 2, 3, 4, 5, 6]),
      from: '2026-09-01',
    });
    // 24/12 to 1/1: Thu 24, Fri 25, Sat 26, Mon 28 … Fri 1 = 8 opening days of 6 a week → 1.33 → 1 week.
    expect(a).toMatchObject({ closureWeeks: 1, weeksPerYear: '51', billedMonths: 12 });
    expect(a.hoursPerWeek).toMatch(/^8\.3{20,}$/); // 8 h 20 min, kept to 24 significant digits
  });
});
