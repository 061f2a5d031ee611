import { applicableLimit, fillFor, renderOccupancySvg } from './occupancy-svg';
import type { OccupancyDay } from './occupancy';

const day = (present: number, surnombreLimit: number | null): OccupancyDay => ({
  date: '2027-09-06',
  weekday: 1,
  publicHoliday: false,
  segments: [{ from: '08:00', to: '12:00', present, limit: 12, surnombreLimit, atypical: false }],
});

describe('occupancy heat map', () => {
  it.each([
    [{ limit: 12, surnombreLimit: 13 }, 95, 13],
    [{ limit: 12, surnombreLimit: 13 }, 100, 13],
    [{ limit: 12, surnombreLimit: 13 }, 100.5, 12],
    [{ limit: 12, surnombreLimit: null }, 50, 12],
    [{ limit: 12, surnombreLimit: 13 }, undefined, 12],
  ])('applies limit %p with the week at T = %p: %p', (segment, weekT, expected) => {
    expect(applicableLimit(segment, weekT)).toBe(expected);
  });

  it('paints a lawful 13/12 (surnombre on, T ≤ 100) as surnombre, not as an overrun', () => {
    const svg = renderOccupancySvg({ title: 'Les Lucioles', isoWeek: '2027-W36', days: [day(13, 13)], weekT: 92 });
    expect(svg).toContain('data-surnombre="true"');
    expect(svg).toContain('surnombre autorisé (limite 13)');
    expect(svg).not.toContain('DÉPASSEMENT');
    expect(svg).not.toContain('data-over');
    expect(fillFor(13, 12, 13)).not.toBe(fillFor(14, 12, 13));
  });

  it('marks DÉPASSEMENT when the week is above T = 100 or the crèche has no surnombre', () => {
    expect(renderOccupancySvg({ title: 'X', isoWeek: '2027-W36', days: [day(13, 13)], weekT: 104 })).toContain(
      'DÉPASSEMENT',
    );
    expect(renderOccupancySvg({ title: 'X', isoWeek: '2027-W36', days: [day(13, null)], weekT: 50 })).toContain(
      'data-over="true"',
    );
  });
});
