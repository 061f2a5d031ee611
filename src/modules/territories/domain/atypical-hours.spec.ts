import { atypicalMinutes, DEFAULT_ATYPICAL_HOURS } from './atypical-hours';
import { atypicalRanges } from '../../creches/domain/atypical-ranges';
import { minuteOf } from '../../../common/time/calendar';

describe('atypical hours (default: before 07:30, after 19:00, weekends, public holidays)', () => {
  it.each([
    [
      1,
      '05:00',
      '21:00',
      [
        { from: '05:00', to: '07:30' },
        { from: '19:00', to: '21:00' },
      ],
    ],
    [3, '07:30', '19:00', []],
    [2, '06:00', '07:00', [{ from: '06:00', to: '07:00' }]],
    [6, '08:00', '12:00', [{ from: '08:00', to: '12:00' }]],
    [7, '08:00', '12:00', [{ from: '08:00', to: '12:00' }]],
  ])('weekday %i %s-%s → %j', (weekday, opens, closes, expected) => {
    expect(atypicalRanges(DEFAULT_ATYPICAL_HOURS, weekday, opens, closes)).toEqual(expected);
  });

  it.each([
    [1, false, '05:00', '21:00', 150 + 120],
    [1, true, '08:00', '10:00', 120],
    [6, false, '08:00', '10:00', 120],
    [4, false, '08:00', '18:00', 0],
  ])('atypicalMinutes(weekday %i, holiday %s, %s-%s) = %i', (weekday, holiday, from, to, minutes) => {
    expect(atypicalMinutes(DEFAULT_ATYPICAL_HOURS, weekday, holiday, minuteOf(from), minuteOf(to))).toBe(minutes);
  });
});
