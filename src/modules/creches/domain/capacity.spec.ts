import fc from 'fast-check';
import { dayOf, minuteOf, Weekday, weekdayOf } from '../../../common/time/calendar';
import { checkAdmission, PresenceIndex } from './capacity';
import { compileRules, CrecheRules, surnombreLimit } from './creche-rules';
import type { BookingPresence, Presence, RegularPresence } from './presence';

const t = minuteOf;
const weekdays = [1, 2, 3, 4, 5, 6] as Weekday[];

function micro(over: Partial<CrecheRules> = {}): CrecheRules {
  return {
    places: 12,
    surnombre: false,
    openingHours: weekdays.map((weekday) => ({ weekday, from: t('05:00'), to: t('21:00') })),
    capacityBands: [1, 2, 3, 4, 5].flatMap((weekday) => [
      { weekday: weekday as Weekday, from: t('05:00'), to: t('07:00'), places: 6 },
      { weekday: weekday as Weekday, from: t('19:00'), to: t('21:00'), places: 6 },
    ]),
    closures: [{ from: dayOf('2026-12-24'), to: dayOf('2027-01-01') }],
    publicHolidays: new Set([dayOf('2027-05-01'), dayOf('2027-05-08')]),
    opensOnPublicHolidays: false,
    ...over,
  };
}

let seq = 0;
function contract(start: string, end: string, slots: [number, string, string][]): RegularPresence {
  seq += 1;
  return {
    kind: 'REGULAR',
    id: `c${seq}`,
    start: dayOf(start),
    end: dayOf(end),
    slots: slots.map(([weekday, from, to]) => ({ weekday: weekday as Weekday, from: t(from), to: t(to) })),
  };
}
function booking(
  date: string,
  from: string,
  to: string,
  kind: 'OCCASIONAL' | 'EMERGENCY' = 'OCCASIONAL',
): BookingPresence {
  seq += 1;
  return { kind, id: `b${seq}`, day: dayOf(date), from: t(from), to: t(to) };
}
const weekdaysFullTime = (from = '08:00', to = '17:00'): [number, string, string][] =>
  [1, 2, 3, 4, 5].map((d) => [d, from, to]);

function check(rules: CrecheRules, existing: Presence[], candidate: Presence) {
  return checkAdmission({ rules: compileRules(rules), existing: new PresenceIndex(existing), candidate });
}

describe('checkAdmission', () => {
  const full = () => Array.from({ length: 12 }, () => contract('2027-01-04', '2027-12-31', weekdaysFullTime()));

  it('admits the 12th child of a 12-place micro-crèche', () => {
    const eleven = full().slice(0, 11);
    expect(check(micro(), eleven, contract('2027-01-04', '2027-06-30', weekdaysFullTime()))).toEqual({ ok: true });
  });

  it('refuses the 13th without surnombre, saying on which day and hours (rule PLACES)', () => {
    const answer = check(micro(), full(), booking('2027-03-10', '10:00', '12:00'));
    expect(answer).toEqual({
      ok: false,
      conflictCount: 1,
      conflicts: [{ date: '2027-03-10', from: '10:00', to: '12:00', present: 13, limit: 12, rule: 'PLACES' }],
    });
  });

  it('reports only the overlapping part of the day', () => {
    const answer = check(micro(), full(), booking('2027-03-10', '16:00', '18:30'));
    expect(answer).toMatchObject({ ok: false, conflicts: [{ from: '16:00', to: '17:00', present: 13, limit: 12 }] });
  });

  it('applies modulated capacity bands (6 places before 07:00)', () => {
    const early = Array.from({ length: 6 }, () => contract('2027-01-04', '2027-12-31', [[2, '05:30', '13:30']]));
    expect(check(micro(), early, booking('2027-03-09', '06:30', '09:00'))).toMatchObject({
      ok: false,
      conflicts: [{ date: '2027-03-09', from: '06:30', to: '07:00', present: 7, limit: 6, rule: 'PLACES' }],
    });
    expect(check(micro(), early, booking('2027-03-09', '07:00', '09:00'))).toEqual({ ok: true });
  });

  it('with surnombre, admits a 13th child at an instant (115 % of 12 = 13) but not a 14th', () => {
    const rules = micro({ surnombre: true });
    // Light week so T stays under 100: 12 children only on Wednesday morning.
    const twelve = Array.from({ length: 12 }, () => contract('2027-01-04', '2027-12-31', [[3, '08:00', '12:00']]));
    expect(check(rules, twelve, booking('2027-03-10', '09:00', '11:00'))).toEqual({ ok: true });
    const thirteen = [...twelve, booking('2027-03-10', '09:00', '11:00')];
    expect(check(rules, thirteen, booking('2027-03-10', '10:00', '11:00'))).toMatchObject({
      ok: false,
      conflicts: [{ from: '10:00', to: '11:00', present: 14, limit: 13, rule: 'SURNOMBRE_115' }],
    });
  });

  it('with surnombre, refuses what would push the weekly occupancy T above 100 (rule WEEKLY_100)', () => {
    // A crèche open 08:00-10:00 on Mondays only, 2 places: K = 4 place-hours a week.
    const rules: CrecheRules = {
      ...micro({ surnombre: true, places: 2 }),
      openingHours: [{ weekday: 1, from: t('08:00'), to: t('10:00') }],
      capacityBands: [],
    };
    const two = [
      contract('2027-03-01', '2027-03-31', [[1, '08:00', '10:00']]),
      contract('2027-03-01', '2027-03-31', [[1, '08:00', '10:00']]),
    ];
    // floor(1.15 × 2) = 2, so the instant rule already refuses; use 7 places where 115 % gives 8.
    const tooMany = check(rules, two, booking('2027-03-08', '08:00', '09:00'));
    expect(tooMany.ok ? [] : tooMany.conflicts.map((c) => c.rule)).toEqual(['SURNOMBRE_115', 'WEEKLY_100']);
    const seven: CrecheRules = { ...rules, places: 7 };
    const sevenFull = Array.from({ length: 7 }, () => contract('2027-03-01', '2027-03-31', [[1, '08:00', '10:00']]));
    expect(check(seven, sevenFull, booking('2027-03-08', '08:00', '09:00'))).toEqual({
      ok: false,
      conflictCount: 1,
      conflicts: [{ date: '2027-03-08', from: '00:00', to: '24:00', present: 15, limit: 14, rule: 'WEEKLY_100' }],
    });
  });

  it('lets an emergency booking use the 115 % margin even without surnombre, but not an occasional one', () => {
    const twelve = Array.from({ length: 12 }, () => contract('2027-01-04', '2027-12-31', [[3, '08:00', '12:00']]));
    expect(check(micro(), twelve, booking('2027-03-10', '09:00', '11:00', 'EMERGENCY'))).toEqual({ ok: true });
    expect(check(micro(), twelve, booking('2027-03-10', '09:00', '11:00', 'OCCASIONAL'))).toMatchObject({ ok: false });
  });

  it.each([
    ['a Sunday', '2027-03-14', '09:00', '11:00'],
    ['a closure day', '2026-12-28', '09:00', '11:00'],
    ['a public holiday', '2027-05-08', '09:00', '11:00'],
  ])('refuses a booking on %s (rule CLOSED)', (_label, date, from, to) => {
    expect(check(micro(), [], booking(date, from, to))).toEqual({
      ok: false,
      conflictCount: 1,
      conflicts: [{ date, from, to, present: 0, limit: 0, rule: 'CLOSED' }],
    });
  });

  it('refuses the part of a booking outside opening hours', () => {
    expect(check(micro(), [], booking('2027-03-10', '20:00', '22:00'))).toMatchObject({
      ok: false,
      conflicts: [{ from: '21:00', to: '22:00', rule: 'CLOSED' }],
    });
  });

  it('opens on public holidays when the crèche says so', () => {
    expect(check(micro({ opensOnPublicHolidays: true }), [], booking('2027-05-08', '09:00', '11:00'))).toEqual({
      ok: true,
    });
  });

  it('does not count contracts on closure days, so a full crèche has room there for nobody but also no conflict', () => {
    // The 13th contract spans the closure: no conflict is reported for the closed days, only for open ones.
    const answer = check(micro(), full(), contract('2026-12-21', '2027-01-08', weekdaysFullTime()));
    expect(answer.ok).toBe(false);
    const dates = answer.ok ? [] : answer.conflicts.map((c) => c.date);
    expect(dates).toEqual(['2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07', '2027-01-08']);
  });

  it('checks a contract over its whole period: a conflict months later is found', () => {
    const existing = Array.from({ length: 12 }, () => contract('2027-09-01', '2027-12-31', [[5, '08:00', '17:00']]));
    const answer = check(micro(), existing, contract('2027-01-04', '2027-12-31', [[5, '15:00', '18:00']]));
    if (answer.ok) throw new Error('expected conflicts');
    expect(answer.conflicts[0]).toEqual({
      date: '2027-09-03',
      from: '15:00',
      to: '17:00',
      present: 13,
      limit: 12,
      rule: 'PLACES',
    });
    expect(answer.conflictCount).toBe(18); // every Friday from 3 September to 31 December
  });
});

// ---- properties -------------------------------------------------------------------------------------------------

const START = dayOf('2027-03-01'); // a Monday
const SPAN = 14;
const slotArb = fc
  .record({
    weekday: fc.integer({ min: 1, max: 7 }),
    a: fc.integer({ min: 54, max: 258 }),
    len: fc.integer({ min: 1, max: 60 }),
  })
  .map(({ weekday, a, len }) => ({ weekday: weekday as Weekday, from: a * 5, to: Math.min(288, a + len) * 5 }));
const presenceArb: fc.Arbitrary<Presence> = fc.oneof(
  fc
    .record({
      s: fc.integer({ min: 0, max: SPAN - 1 }),
      len: fc.integer({ min: 0, max: SPAN }),
      slots: fc.array(slotArb, { minLength: 1, maxLength: 3 }),
    })
    .map(({ s, len, slots }): Presence => ({
      kind: 'REGULAR',
      id: '',
      start: START + s,
      end: Math.min(START + SPAN - 1, START + s + len),
      slots,
    })),
  fc
    .record({
      d: fc.integer({ min: 0, max: SPAN - 1 }),
      slot: slotArb,
      kind: fc.constantFrom('OCCASIONAL' as const, 'EMERGENCY' as const),
    })
    .map(({ d, slot, kind }): Presence => ({ kind, id: '', day: START + d, from: slot.from, to: slot.to })),
);
const rulesArb: fc.Arbitrary<CrecheRules> = fc
  .record({
    places: fc.integer({ min: 1, max: 12 }),
    surnombre: fc.boolean(),
    band: fc.integer({ min: 1, max: 12 }),
    holiday: fc.integer({ min: 0, max: SPAN - 1 }),
  })
  .map(({ places, surnombre, band, holiday }) => ({
    places,
    surnombre,
    openingHours: [1, 2, 3, 4, 5, 6].map((weekday) => ({
      weekday: weekday as Weekday,
      from: t('05:00'),
      to: t('21:00'),
    })),
    capacityBands: [1, 2, 3, 4, 5].map((weekday) => ({
      weekday: weekday as Weekday,
      from: t('05:00'),
      to: t('07:00'),
      places: Math.min(band, places),
    })),
    closures: [],
    publicHolidays: new Set([START + holiday]),
    opensOnPublicHolidays: false,
  }));
const withIds = (ps: Presence[]) => ps.map((p, i) => ({ ...p, id: `p${i}` }));

/** Brute force on the 5-minute grid, independent of the sweep: children present per grid cell. */
function maxOverload(rules: CrecheRules, admitted: Presence[], margin: boolean): number {
  const c = compileRules(rules);
  const index = new PresenceIndex(admitted);
  let worst = -Infinity;
  for (let day = START; day < START + SPAN; day += 1) {
    const wd = weekdayOf(day);
    const intervals = index.intervalsOn(c, day, wd);
    for (let m = 0; m < 1440; m += 5) {
      const present = intervals.filter((i) => i.from <= m && m < i.to).length;
      if (present === 0) continue;
      const band = rules.capacityBands.find((b) => b.weekday === wd && b.from <= m && m < b.to);
      const places = band ? band.places : rules.places;
      worst = Math.max(worst, present - (margin ? surnombreLimit(places) : places));
    }
  }
  return worst;
}

function admitAll(rules: CrecheRules, presences: Presence[]): Presence[] {
  const c = compileRules(rules);
  const index = new PresenceIndex();
  const admitted: Presence[] = [];
  for (const p of presences) {
    if (checkAdmission({ rules: c, existing: index, candidate: p }).ok) {
      index.add(p);
      admitted.push(p);
    }
  }
  return admitted;
}

describe('checkAdmission properties', () => {
  it('never lets a sequence of admissions exceed the limit at any instant', () => {
    fc.assert(
      fc.property(rulesArb, fc.array(presenceArb, { maxLength: 25 }), (rules, raw) => {
        const admitted = admitAll(rules, withIds(raw));
        const margin = rules.surnombre || admitted.some((p) => p.kind === 'EMERGENCY');
        expect(maxOverload(rules, admitted, margin)).toBeLessThanOrEqual(0);
        if (!admitted.some((p) => p.kind === 'EMERGENCY') && !rules.surnombre) {
          expect(maxOverload(rules, admitted, false)).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same answer after admitting then removing another presence', () => {
    fc.assert(
      fc.property(
        rulesArb,
        fc.array(presenceArb, { maxLength: 15 }),
        presenceArb,
        presenceArb,
        (rules, raw, other, candidate) => {
          const c = compileRules(rules);
          const existing = withIds(raw);
          const index = new PresenceIndex(existing);
          const before = checkAdmission({ rules: c, existing: index, candidate: { ...candidate, id: 'x' } });
          const y = { ...other, id: 'y' };
          index.add(y);
          index.remove(y);
          expect(checkAdmission({ rules: c, existing: index, candidate: { ...candidate, id: 'x' } })).toEqual(before);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('does not depend on the order presences are listed', () => {
    fc.assert(
      fc.property(
        rulesArb,
        fc.array(presenceArb, { maxLength: 15 }),
        presenceArb,
        fc.integer(),
        (rules, raw, candidate, seed) => {
          const c = compileRules(rules);
          const existing = withIds(raw);
          const shuffled = [...existing]
            .sort(
              (a, b) =>
                ((a.id.charCodeAt(1) * 31 + seed) % 97) - ((b.id.charCodeAt(1) * 31 + seed) % 97) ||
                a.id.localeCompare(b.id),
            )
            .reverse();
          const a = checkAdmission({ rules: c, existing: new PresenceIndex(existing), candidate });
          const b = checkAdmission({ rules: c, existing: new PresenceIndex(shuffled), candidate });
          expect(b).toEqual(a);
        },
      ),
      { numRuns: 150 },
    );
  });
});
