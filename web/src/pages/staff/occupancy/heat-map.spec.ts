import {
  addDays,
  cellOf,
  cellState,
  currentMonday,
  hourLabel,
  hourRows,
  isoWeekOf,
  mondayOf,
  mondayOfIsoWeek,
  weekdayOfDate,
} from './heat-map';

const seg = (
  from: string,
  to: string,
  present: number,
  limit: number,
  surnombreLimit: number | null,
  atypical = false,
) => ({
  from,
  to,
  present,
  limit,
  surnombreLimit,
  atypical,
});

describe('occupancy heat map', () => {
  describe('cellState', () => {
    it.each([
      // present, places, surnombre limit (null: not enabled), week T, state
      [0, 12, 13, 50, 'WITHIN'],
      [12, 12, 13, 50, 'WITHIN'],
      [12, 12, null, 120, 'WITHIN'],
      [13, 12, 13, 99.5, 'SURNOMBRE'],
      [13, 12, 13, 100, 'SURNOMBRE'],
      // T above 100: surnombre is not lawful that week.
      [13, 12, 13, 100.01, 'OVERRUN'],
      // Beyond 115 %.
      [14, 12, 13, 50, 'OVERRUN'],
      // No surnombre at this crèche.
      [13, 12, null, 50, 'OVERRUN'],
      // 6 places: ⌊6 × 1.15⌋ = 6, so a 7th child is an overrun.
      [7, 6, 6, 50, 'OVERRUN'],
      // The week's T unknown: no surnombre assumed.
      [13, 12, 13, undefined, 'OVERRUN'],
    ] as const)('%p children for %p places (limit %p, T %p) → %p', (present, limit, surnombreLimit, weekT, state) => {
      expect(cellState({ present, limit, surnombreLimit }, weekT)).toBe(state);
    });
  });

  describe('weeks in Paris time', () => {
    it.each([
      ['2026-12-01', '2026-11-30'],
      ['2026-11-30', '2026-11-30'],
      ['2026-12-06', '2026-11-30'],
      ['2027-01-01', '2026-12-28'],
      ['2024-02-29', '2024-02-26'],
    ])('the Monday of %p is %p', (day, monday) => {
      expect(mondayOf(day)).toBe(monday);
      expect(weekdayOfDate(monday)).toBe(1);
    });

    it.each([
      // Sunday 22:30 UTC is 23:30 in Paris: still Sunday, the same week.
      ['2026-12-06T22:30:00Z', '2026-11-30'],
      // Sunday 23:30 UTC is Monday 00:30 in Paris: the next week has begun.
      ['2026-12-06T23:30:00Z', '2026-12-07'],
      // Summer time: Sunday 22:30 UTC is Monday 00:30 in Paris.
      ['2026-06-07T22:30:00Z', '2026-06-08'],
      ['2026-06-07T21:30:00Z', '2026-06-01'],
    ])('at %p the current week starts on %p', (now, monday) => {
      expect(currentMonday(new Date(now))).toBe(monday);
    });

    it('steps a week back and forth across months, years and the change of hour', () => {
      expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
      expect(addDays('2027-01-04', -7)).toBe('2026-12-28');
      expect(addDays('2026-03-23', 7)).toBe('2026-03-30');
      expect(addDays('2026-10-19', 7)).toBe('2026-10-26');
    });

    it.each([
      ['2026-11-30', '2026-W49'],
      ['2026-12-28', '2026-W53'],
      ['2027-01-03', '2026-W53'],
      ['2027-01-04', '2027-W01'],
      ['2025-12-29', '2026-W01'],
      ['2021-01-03', '2020-W53'],
    ])('the ISO week of %p is %p', (day, week) => {
      expect(isoWeekOf(day)).toBe(week);
      expect(mondayOfIsoWeek(week)).toBe(mondayOf(day));
    });

    it.each([null, '', '2026-W54', '2027-W53', '2026W49', 'semaine'])('%p names no week', (week) => {
      expect(mondayOfIsoWeek(week)).toBeNull();
    });
  });

  describe('cells', () => {
    const day = {
      date: '2026-12-01',
      weekday: 2,
      publicHoliday: false,
      segments: [
        seg('05:00', '05:30', 2, 6, 6, true),
        seg('05:30', '07:00', 6, 6, 6, true),
        seg('07:00', '07:30', 12, 12, 13, true),
        seg('07:30', '12:00', 11, 12, 13),
        seg('12:00', '12:45', 13, 12, 13),
        seg('12:45', '19:00', 9, 12, 13),
        seg('19:00', '20:45', 4, 6, 6, true),
      ],
    };

    it('spans the hours from the earliest opening to the latest closing, whole hours', () => {
      expect(hourRows([day]).map(hourLabel)).toEqual(
        Array.from({ length: 16 }, (_, i) => `${String(5 + i).padStart(2, '0')}h–${String(6 + i).padStart(2, '0')}h`),
      );
      expect(hourRows([])).toEqual([]);
    });

    it('shows the busiest instant of each hour, the most severe state first', () => {
      expect(cellOf(day, 5 * 60, 80)).toEqual({ present: 6, limit: 6, state: 'WITHIN', atypical: true });
      expect(cellOf(day, 7 * 60, 80)).toEqual({ present: 12, limit: 12, state: 'WITHIN', atypical: true });
      expect(cellOf(day, 8 * 60, 80)).toEqual({ present: 11, limit: 12, state: 'WITHIN', atypical: false });
      expect(cellOf(day, 12 * 60, 80)).toEqual({ present: 13, limit: 12, state: 'SURNOMBRE', atypical: false });
      expect(cellOf(day, 12 * 60, 101)).toEqual({ present: 13, limit: 12, state: 'OVERRUN', atypical: false });
      expect(cellOf(day, 20 * 60, 80)).toEqual({ present: 4, limit: 6, state: 'WITHIN', atypical: true });
    });

    it('has no cell for an hour the crèche is closed', () => {
      expect(cellOf(day, 21 * 60, 80)).toBeNull();
      expect(cellOf(day, 4 * 60, 80)).toBeNull();
    });
  });
});
