import fc from 'fast-check';
import { dayOf, minuteOf, Weekday } from '../../../common/time/calendar';
import { compileRules, CrecheRules } from '../../creches/domain/creche-rules';
import { DEFAULT_ATYPICAL_HOURS } from '../../territories/domain/atypical-hours';
import { ATYPICAL_SLOTS, offeredPlaceMinutes, placeMinutesIn, requestedMinutes, slotsOf } from './atypical-slots';

const t = minuteOf;
const def = DEFAULT_ATYPICAL_HOURS;
const slot = (weekday: number, from: string, to: string) => ({ weekday: weekday as Weekday, from: t(from), to: t(to) });

/** The factories' micro-crèche: Monday–Saturday 05:00–21:00, 12 places, 6 before 07:00 and after 19:00 on weekdays. */
function micro(over: Partial<CrecheRules> = {}): CrecheRules {
  return {
    places: 12,
    surnombre: false,
    openingHours: [1, 2, 3, 4, 5, 6].map((w) => slot(w, '05:00', '21:00')),
    capacityBands: [1, 2, 3, 4, 5].flatMap((w) => [
      { ...slot(w, '05:00', '07:00'), places: 6 },
      { ...slot(w, '19:00', '21:00'), places: 6 },
    ]),
    closures: [],
    publicHolidays: new Set(),
    opensOnPublicHolidays: false,
    ...over,
  };
}

describe('requestedMinutes', () => {
  const schedule = [slot(1, '07:00', '18:00'), slot(2, '08:00', '19:30'), slot(6, '09:00', '12:00')];
  it.each([
    ['EARLY', 30], // Monday 07:00–07:30
    ['LATE', 30], // Tuesday 19:00–19:30
    ['SATURDAY', 180],
    ['SUNDAY', 0],
  ] as const)('%s → %d minutes a week', (s, minutes) => {
    expect(requestedMinutes(def, s, schedule, [])).toBe(minutes);
  });

  it('counts a Saturday morning as EARLY when the territory does not count Saturdays', () => {
    const noSaturday = { ...def, saturdays: false };
    expect(requestedMinutes(noSaturday, 'EARLY', [slot(6, '07:00', '12:00')], [])).toBe(30);
    expect(slotsOf(noSaturday)).toEqual(['EARLY', 'LATE', 'SUNDAY', 'PUBLIC_HOLIDAY']);
  });

  it('counts public holidays over the given dates, by their weekday', () => {
    // Whit Monday 2027-05-17: the Monday's 07:00–18:00; 2027-05-08 is a Saturday: 09:00–12:00.
    expect(requestedMinutes(def, 'PUBLIC_HOLIDAY', schedule, [dayOf('2027-05-17'), dayOf('2027-05-08')])).toBe(
      11 * 60 + 180,
    );
  });
});

describe('offeredPlaceMinutes', () => {
  const c = compileRules(micro());
  it.each([
    // Mon–Fri 05:00–07:00 at 6 places + 07:00–07:30 at 12 = 720 + 360 = 1 080 place-minutes a day, × 5.
    ['EARLY', 5 * (120 * 6 + 30 * 12)],
    // Mon–Fri 19:00–21:00 at 6 places.
    ['LATE', 5 * 120 * 6],
    // Saturday 05:00–21:00 at 12 places (no band on Saturdays).
    ['SATURDAY', 16 * 60 * 12],
    ['SUNDAY', 0],
  ] as const)('%s → %d place-minutes a week', (s, minutes) => {
    expect(offeredPlaceMinutes(def, s, c, [])).toBe(minutes);
  });

  it('offers public holidays only when the crèche opens on them and is not closed', () => {
    const monday = dayOf('2027-05-17');
    const closed = compileRules(micro({ publicHolidays: new Set([monday]) }));
    expect(offeredPlaceMinutes(def, 'PUBLIC_HOLIDAY', closed, [monday])).toBe(0);
    const open = compileRules(micro({ publicHolidays: new Set([monday]), opensOnPublicHolidays: true }));
    expect(offeredPlaceMinutes(def, 'PUBLIC_HOLIDAY', open, [monday])).toBe(2 * 120 * 6 + 12 * 60 * 12);
    const shut = compileRules(
      micro({
        publicHolidays: new Set([monday]),
        opensOnPublicHolidays: true,
        closures: [{ from: monday, to: monday }],
      }),
    );
    expect(offeredPlaceMinutes(def, 'PUBLIC_HOLIDAY', shut, [monday])).toBe(0);
  });

  it('splits a day exactly: the place-minutes of the parts add up to the whole day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 1440 }), (w, cut) => {
        const weekday = w as Weekday;
        expect(placeMinutesIn(c, weekday, 0, cut) + placeMinutesIn(c, weekday, cut, 1440)).toBe(
          placeMinutesIn(c, weekday, 0, 1440),
        );
      }),
    );
  });

  it('gives every weekly minute of a schedule to at most one slot', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ weekday: fc.integer({ min: 1, max: 7 }), a: fc.nat({ max: 1440 }), b: fc.nat({ max: 1440 }) }),
          { maxLength: 7 },
        ),
        (raw) => {
          const byDay = new Map(raw.map((r) => [r.weekday, r]));
          const schedule = [...byDay.values()].map((r) => ({
            weekday: r.weekday as Weekday,
            from: Math.min(r.a, r.b),
            to: Math.max(r.a, r.b),
          }));
          const total = schedule.reduce((s, x) => s + x.to - x.from, 0);
          const inSlots = ATYPICAL_SLOTS.filter((s) => s !== 'PUBLIC_HOLIDAY').reduce(
            (s, x) => s + requestedMinutes(def, x, schedule, []),
            0,
          );
          expect(inSlots).toBeLessThanOrEqual(total);
        },
      ),
    );
  });
});
