import { civilMinuteOf, minutesOfTime, timeOf } from './attendance-time';

describe('times of day in France', () => {
  it('reads the minute of an instant in France, winter and summer, whatever the machine is set to', () => {
    expect(civilMinuteOf(new Date('2026-12-01T08:30:00Z'))).toBe(9 * 60 + 30);
    expect(civilMinuteOf(new Date('2027-07-01T08:30:00Z'))).toBe(10 * 60 + 30);
    expect(civilMinuteOf(new Date('2026-12-01T23:10:00Z'))).toBe(10);
  });

  it('reads and writes "HH:MM", midnight at the day’s end included', () => {
    expect(minutesOfTime('24:00')).toBe(1440);
    expect(minutesOfTime('7:30')).toBeNull();
    expect(timeOf(1440)).toBe('24:00');
    expect(timeOf(5)).toBe('00:05');
  });
});
