import { dayOf, minuteOf, Weekday } from '../../../common/time/calendar';
import { DEFAULT_ATYPICAL_HOURS } from '../../territories/domain/atypical-hours';
import { PresenceIndex } from './capacity';
import { compileRules, CrecheRules, rulesOn } from './creche-rules';
import { computeOccupancy } from './occupancy';

const t = minuteOf;
const weekdays = [1, 2, 3, 4, 5] as Weekday[];

function rules(over: Partial<CrecheRules> = {}): CrecheRules {
  return {
    places: 2,
    surnombre: false,
    openingHours: weekdays.map((weekday) => ({ weekday, from: t('08:00'), to: t('18:00') })),
    capacityBands: [],
    closures: [],
    publicHolidays: new Set(),
    opensOnPublicHolidays: false,
    ...over,
  };
}

describe('computeOccupancy over rules that changed', () => {
  // Until Wednesday 6 January 2027, 2 places 08:00–18:00; from Thursday 7, 3 places 08:00–17:00.
  const before = compileRules(rules());
  const after = compileRules(
    rules({ places: 3, openingHours: weekdays.map((weekday) => ({ weekday, from: t('08:00'), to: t('17:00') })) }),
  );
  const pieces = [
    { from: dayOf('2027-01-04'), rules: before },
    { from: dayOf('2027-01-07'), rules: after },
  ];
  const child = {
    kind: 'REGULAR' as const,
    id: 'c1',
    start: dayOf('2027-01-04'),
    end: dayOf('2027-12-31'),
    slots: weekdays.map((weekday) => ({ weekday, from: t('09:00'), to: t('12:00') })),
  };

  it('counts each day under the rules in force that day', () => {
    const occupancy = computeOccupancy({
      rules: pieces,
      index: new PresenceIndex([child]),
      from: dayOf('2027-01-04'),
      to: dayOf('2027-01-08'),
      atypical: DEFAULT_ATYPICAL_HOURS,
    });
    // Monday–Wednesday 2 × 10 h, Thursday and Friday 3 × 9 h.
    expect(occupancy.weeks).toEqual([{ isoWeek: '2027-W01', plannedHours: 15, capacityHours: 114, occupancyT: 13.16 }]);
    expect(occupancy.days[2].segments.at(-1)).toMatchObject({ from: '12:00', to: '18:00', limit: 2 });
    expect(occupancy.days[3].segments.at(-1)).toMatchObject({ from: '12:00', to: '17:00', limit: 3 });
  });

  it('gives one set of rules every day as before', () => {
    const occupancy = computeOccupancy({
      rules: before,
      index: new PresenceIndex([child]),
      from: dayOf('2027-01-04'),
      to: dayOf('2027-01-08'),
      atypical: DEFAULT_ATYPICAL_HOURS,
    });
    expect(occupancy.totals).toMatchObject({ childHours: 15, capacityHours: 100, occupancyRate: 15 });
  });

  it('takes the first piece before every piece, and the last begun on a day', () => {
    expect(rulesOn(pieces, dayOf('2026-12-01'))).toBe(before);
    expect(rulesOn(pieces, dayOf('2027-01-06'))).toBe(before);
    expect(rulesOn(pieces, dayOf('2027-01-07'))).toBe(after);
    expect(rulesOn(pieces, dayOf('2030-01-01'))).toBe(after);
  });
});
