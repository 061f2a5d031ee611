import fc from 'fast-check';
import { dayOf, minuteOf, Weekday } from '../../../common/time/calendar';
import { compileRules } from '../../creches/domain/creche-rules';
import { DEFAULT_ATYPICAL_HOURS } from '../../territories/domain/atypical-hours';
import {
  computeDashboard,
  Dashboard,
  DashboardInput,
  HOURS_BASE,
  OUTSIDE_LABEL,
  shareServed,
  WAIT_BASE_DAYS,
} from './dashboard';
import { requestedMinutes } from './atypical-slots';
import { dashboardCsv } from './dashboard-csv';

const t = minuteOf;
const slot = (weekday: number, from: string, to: string) => ({ weekday: weekday as Weekday, from: t(from), to: t(to) });
const early = [1, 2, 3, 4, 5].map((w) => slot(w, '07:00', '17:00')); // 30 min a day before 07:30: 2 h 30 a week
const office = [1, 2, 3, 4, 5].map((w) => slot(w, '08:00', '17:00')); // nothing atypical

/** A crèche open Monday–Friday 06:30–19:00 with 10 places: 60 min × 10 before 07:30 each day = 50 place-hours a week. */
const creche = compileRules({
  places: 10,
  surnombre: false,
  openingHours: [1, 2, 3, 4, 5].map((w) => slot(w, '06:30', '19:00')),
  capacityBands: [],
  closures: [],
  publicHolidays: new Set(),
  opensOnPublicHolidays: false,
});

const input = (over: Partial<DashboardInput> = {}): DashboardInput => ({
  communes: [
    { inseeCode: '88372', name: 'Rambervillers' },
    { inseeCode: '88035', name: 'Bru' },
  ],
  atypicalHours: DEFAULT_ATYPICAL_HOURS,
  publicHolidays: [],
  creches: [{ communeInseeCode: '88372', rules: creche }],
  demand: [
    ...Array.from({ length: 6 }, () => ({ communeInseeCode: '88372', schedule: early })),
    ...Array.from({ length: 5 }, () => ({ communeInseeCode: '88035', schedule: early })),
    { communeInseeCode: '88035', schedule: office },
  ],
  waits: [10, 20, 30, 40, 50, 60].map((waitDays) => ({ communeInseeCode: '88372', schedule: early, waitDays })),
  ...over,
});

describe('computeDashboard', () => {
  it('counts, hours, place-hours, share and waits of a small territory, worked by hand', () => {
    const d = computeDashboard(input());
    const ramb = d.communes[0].cells.find((c) => c.slot === 'EARLY')!;
    // 6 applications × 2.5 h = 15 h requested, published rounded to the nearest 10 h: 20 h (halves up); 50
    // place-hours offered: served 100 % (capped).
    expect(ramb).toMatchObject({
      activeApplications: { secret: false, value: 6 },
      hoursRequested: { secret: false, value: 20 },
      placeHoursOffered: 50,
      shareServedPercent: { secret: false, value: 100 },
      // Waits 10…60: the 3rd of 6 and the ⌈4.8⌉ = 5th, 30 and 50 days, published to the nearest week: 28 and 49.
      medianWaitDays: { secret: false, value: 28 },
      p80WaitDays: { secret: false, value: 49 },
    });
    // Bru: 5 applications ask for early hours (the sixth asks nothing atypical), 12.5 h → 10 h; no crèche there: 0 %.
    expect(d.communes[1].cells.find((c) => c.slot === 'EARLY')).toMatchObject({
      activeApplications: { secret: false, value: 5 },
      hoursRequested: { secret: false, value: 10 },
      placeHoursOffered: 0,
      shareServedPercent: { secret: false, value: 0 },
      medianWaitDays: { secret: true, value: null, reason: 'UNDER_THRESHOLD' },
    });
    // The territory: 11 applications, 27.5 h rounded once → 30 h (not 20 + 10 from its rounded communes), 50
    // place-hours (100 %, capped), the same six waits.
    expect(d.territory.cells.find((c) => c.slot === 'EARLY')).toMatchObject({
      activeApplications: { secret: false, value: 11 },
      hoursRequested: { secret: false, value: 30 },
      placeHoursOffered: 50,
      shareServedPercent: { secret: false, value: 100 },
      medianWaitDays: { secret: false, value: 28 },
    });
    // Nobody asks for Saturdays: every count is "< 5", the crèche offers none.
    expect(d.territory.cells.find((c) => c.slot === 'SATURDAY')).toMatchObject({
      activeApplications: { secret: true, reason: 'UNDER_THRESHOLD' },
      placeHoursOffered: 0,
    });
  });

  it('gives the share of the demand the places could serve, below 100 %', () => {
    const d = computeDashboard(
      input({
        demand: [
          ...Array.from({ length: 25 }, () => ({ communeInseeCode: '88372', schedule: early })),
          ...Array.from({ length: 5 }, () => ({ communeInseeCode: '88035', schedule: early })),
        ],
      }),
    );
    // 25 × 2.5 h = 62.5 h requested, published 60 h; 50 offered: 50 ÷ 60 = 83 % from the published figures (80 %
    // from the exact hours would give them back: 50 ÷ 0.8).
    expect(d.communes[0].cells[0]).toMatchObject({
      hoursRequested: { value: 60 },
      shareServedPercent: { value: 83 },
    });
  });

  it('hides a second cell when only one count of a column is under 5 (the total would give it back)', () => {
    const d = computeDashboard(
      input({
        demand: [
          ...Array.from({ length: 6 }, () => ({ communeInseeCode: '88372', schedule: early })),
          ...Array.from({ length: 7 }, () => ({ communeInseeCode: '99999', schedule: early })),
          ...Array.from({ length: 2 }, () => ({ communeInseeCode: '88035', schedule: early })),
        ],
      }),
    );
    expect(d.communes.map((r) => r.name)).toEqual(['Rambervillers', 'Bru', OUTSIDE_LABEL]);
    const counts = d.communes.map((r) => r.cells.find((c) => c.slot === 'EARLY')!.activeApplications);
    expect(counts).toEqual([
      { secret: true, value: null, reason: 'COMPLEMENTARY' }, // 6, the smallest other cell
      { secret: true, value: null, reason: 'UNDER_THRESHOLD' }, // 2
      { secret: false, value: 7 },
    ]);
    expect(d.territory.cells.find((c) => c.slot === 'EARLY')!.activeApplications).toEqual({ secret: false, value: 15 });
  });

  it('publishes waits to the nearest week: one household offered a few days sooner or later does not show', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 900 }), { minLength: 5, maxLength: 40 }), (days) => {
        const cell = computeDashboard(
          input({ waits: days.map((waitDays) => ({ communeInseeCode: '88372', schedule: early, waitDays })) }),
        ).communes[0].cells.find((c) => c.slot === 'EARLY')!;
        const sorted = [...days].sort((a, b) => a - b);
        for (const [shown, p] of [
          [cell.medianWaitDays, 0.5],
          [cell.p80WaitDays, 0.8],
        ] as const) {
          const exact = sorted[Math.ceil(p * sorted.length) - 1];
          expect(shown.secret).toBe(false);
          expect(shown.value! % WAIT_BASE_DAYS).toBe(0);
          expect(Math.abs(shown.value! - exact)).toBeLessThanOrEqual(WAIT_BASE_DAYS / 2);
        }
      }),
    );
    // The median household's first offer one, two, three days later: still 4 weeks.
    for (const median of [28, 29, 30, 31])
      expect(
        computeDashboard(
          input({
            waits: [10, 20, median, 40, 50, 60].map((waitDays) => ({
              communeInseeCode: '88372',
              schedule: early,
              waitDays,
            })),
          }),
        ).communes[0].cells.find((c) => c.slot === 'EARLY')!.medianWaitDays,
      ).toEqual({ secret: false, value: 28 });
  });

  it('writes the French CSV: "< 5" and "secret", decimal comma, BOM, CRLF', () => {
    const demand = [
      ...Array.from({ length: 6 }, () => ({ communeInseeCode: '88372', schedule: early })),
      ...Array.from({ length: 2 }, () => ({ communeInseeCode: '88035', schedule: early })),
    ];
    const csv = dashboardCsv(computeDashboard(input({ demand })), { before: '07:30', after: '19:00' });
    expect(csv.startsWith('\uFEFFcode_insee;commune;creneau;periode;demandes_actives;')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toContain('88372;Rambervillers;avant 07:30;par semaine;secret;secret;50;secret;28;49');
    expect(lines).toContain('88035;Bru;avant 07:30;par semaine;< 5;secret;0;secret;secret;secret');
    expect(lines).toContain(';Territoire;avant 07:30;par semaine;8;20;50;100;28;49');
  });

  it('never publishes a count under 5, whatever the demand', () => {
    const communes = ['88372', '88035', '88239', null];
    fc.assert(
      fc.property(
        fc.array(fc.record({ commune: fc.constantFrom(...communes), early: fc.boolean() }), { maxLength: 40 }),
        (apps) => {
          const d = computeDashboard(
            input({
              communes: [
                { inseeCode: '88372', name: 'A' },
                { inseeCode: '88035', name: 'B' },
                { inseeCode: '88239', name: 'C' },
              ],
              demand: apps.map((a) => ({ communeInseeCode: a.commune, schedule: a.early ? early : office })),
              waits: [],
            }),
          );
          for (const row of [...d.communes, d.territory])
            for (const c of row.cells) {
              if (!c.activeApplications.secret) expect(c.activeApplications.value).toBeGreaterThanOrEqual(5);
              expect(c.medianWaitDays.secret).toBe(true);
            }
          for (let j = 0; j < d.slots.length; j += 1) {
            const hidden = d.communes.filter((r) => r.cells[j].activeApplications.secret).length;
            if (!d.territory.cells[j].activeApplications.secret) expect(hidden).not.toBe(1);
          }
        },
      ),
    );
  });
});

describe('two readings, before and after one household leaves', () => {
  const weekdays = (from: string, to: string) => [1, 2, 3, 4, 5].map((w) => slot(w, from, to));
  /** The reviewer's territory, after 19:00: 5 × 5 h and 4 × 10 h (65 h), and a household asking 1 h 45 × 5 evenings. */
  const stay = [
    ...Array.from({ length: 5 }, () => ({ communeInseeCode: '88372', schedule: weekdays('08:00', '20:00') })),
    ...Array.from({ length: 4 }, () => ({ communeInseeCode: '88372', schedule: weekdays('08:00', '21:00') })),
  ];
  const leaver = { communeInseeCode: '88372', schedule: weekdays('08:00', '20:45') };
  const late = (d: Dashboard) => d.territory.cells.find((c) => c.slot === 'LATE')!;

  it('publishes 70 h both times where 73.75 h and 65 h gave the 8.75 h of the household that left', () => {
    const before = computeDashboard(input({ demand: [...stay, leaver], waits: [] }));
    const after = computeDashboard(input({ demand: stay, waits: [] }));
    expect(late(before)).toMatchObject({ activeApplications: { value: 10 }, hoursRequested: { value: 70 } });
    expect(late(after)).toMatchObject({ activeApplications: { value: 9 }, hoursRequested: { value: 70 } });
    const csvLate = (d: Dashboard) =>
      dashboardCsv(d, { before: '07:30', after: '19:00' })
        .split('\r\n')
        .filter((l) => l.includes('après 19:00'));
    // Place-hours offered after 19:00: none (the crèche closes at 19:00): 0 %, whatever the hours.
    expect(csvLate(before)).toContain(';Territoire;après 19:00;par semaine;10;70;0;0;secret;secret');
    expect(csvLate(after)).toContain(';Territoire;après 19:00;par semaine;9;70;0;0;secret;secret');
  });

  it('moves published hours by multiples of the base only, never by one household’s hours; shares follow them', () => {
    const communes = ['88372', '88035', null];
    const arbSchedule = fc.array(
      fc.record({
        weekday: fc.integer({ min: 1, max: 7 }),
        from: fc.integer({ min: 0, max: 95 }),
        length: fc.integer({ min: 1, max: 96 }),
      }),
      { minLength: 1, maxLength: 7 },
    );
    const toSchedule = (raw: { weekday: number; from: number; length: number }[]) =>
      [...new Map(raw.map((r) => [r.weekday, r])).values()].map((r) => ({
        weekday: r.weekday as Weekday,
        from: r.from * 15,
        to: Math.min(1440, (r.from + r.length) * 15),
      }));
    fc.assert(
      fc.property(
        fc.array(fc.record({ commune: fc.constantFrom(...communes), schedule: arbSchedule }), { maxLength: 30 }),
        fc.constantFrom(...communes),
        arbSchedule,
        (others, commune, raw) => {
          const demand = others.map((o) => ({ communeInseeCode: o.commune, schedule: toSchedule(o.schedule) }));
          const household = { communeInseeCode: commune, schedule: toSchedule(raw), publicHolidayCare: true };
          const base = { publicHolidays: [dayOf('2027-05-17'), dayOf('2027-07-14')], waits: [] };
          const before = computeDashboard(input({ ...base, demand: [...demand, household] }));
          const after = computeDashboard(input({ ...base, demand }));
          const rowsOf = (d: Dashboard) => [...d.communes, d.territory];
          rowsOf(before).forEach((row) => {
            // The rows are the same both times, but for the outside row, which may come or go with the household.
            const other = rowsOf(after).find((r) => r.name === row.name);
            row.cells.forEach((cell, j) => {
              for (const c of [cell, other?.cells[j]]) {
                if (!c || c.hoursRequested.secret) continue;
                expect(c.hoursRequested.value % HOURS_BASE[c.period]).toBe(0);
                // The share is a function of the published hours and place-hours: it gives nothing more back.
                expect(c.shareServedPercent.value).toBe(shareServed(c.placeHoursOffered, c.hoursRequested.value));
              }
              const o = other?.cells[j];
              if (!o || cell.hoursRequested.secret || o.hoursRequested.secret) return;
              const inRow = row === before.territory || row.inseeCode === commune;
              const hours = inRow
                ? requestedMinutes(DEFAULT_ATYPICAL_HOURS, cell.slot, household.schedule, base.publicHolidays) / 60
                : 0;
              const diff = cell.hoursRequested.value - o.hoursRequested.value;
              expect(Math.abs(diff - hours)).toBeLessThan(HOURS_BASE[cell.period]);
            });
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
