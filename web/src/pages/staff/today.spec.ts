import { timeInFrance, todayInFrance } from './today';

describe("Aujourd'hui's day and time in France", () => {
  it('reads the day and the time in France whatever the tablet is set to, winter and summer', () => {
    expect(todayInFrance(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-02');
    expect(timeInFrance(new Date('2026-12-01T08:30:00Z'))).toBe('09:30');
    expect(timeInFrance(new Date('2027-07-01T08:30:00Z'))).toBe('10:30');
  });

  it('adds the minutes asked, within the day: 24:00 at the latest, never the next morning', () => {
    expect(timeInFrance(new Date('2026-12-01T08:30:00Z'), 30)).toBe('10:00');
    expect(timeInFrance(new Date('2026-12-01T22:45:00Z'), 30)).toBe('24:00');
    expect(timeInFrance(new Date('2026-12-01T22:29:00Z'), 30)).toBe('23:59');
  });
});
