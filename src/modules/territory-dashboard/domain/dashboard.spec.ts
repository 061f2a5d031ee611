import fc from 'fast-check';
import { minuteOf, Weekday } from '../../../common/time/calendar';
import { compileRules } from '../../creches/domain/creche-rules';
import { DEFAULT_ATYPICAL_HOURS } from '../../territories/domain/atypical-hours';
import { computeDashboard, DashboardInput, OUTSIDE_LABEL } from './dashboard';
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
    // 6 applications × 2.5 h = 15 h requested; 50 place-hours offered: served 100 % (capped).
    expect(ramb).toMatchObject({
      activeApplications: { secret: false, value: 6 },
      hoursRequested: { secret: false, value: 15 },
      placeHoursOffered: 50,
      shareServedPercent: { secret: false, value: 100 },
      // Waits 10…60: the 3rd of 6 and the ⌈4.8⌉ = 5th.
      medianWaitDays: { secret: false, value: 30 },
      p80WaitDays: { secret: false, value: 50 },
    });
    // Bru: 5 applications ask for early hours (the sixth asks nothing atypical), 12.5 h; no crèche there: 0 %.
    expect(d.communes[1].cells.find((c) => c.slot === 'EARLY')).toMatchObject({
      activeApplications: { secret: false, value: 5 },
      hoursRequested: { secret: false, value: 12.5 },
      placeHoursOffered: 0,
      shareServedPercent: { secret: false, value: 0 },
      medianWaitDays: { secret: true, value: null, reason: 'UNDER_THRESHOLD' },
    });
    // The territory: 11 applications, 27.5 h, 50 place-hours (100 %, capped), the same six waits.
    expect(d.territory.cells.find((c) => c.slot === 'EARLY')).toMatchObject({
      activeApplications: { secret: false, value: 11 },
      hoursRequested: { secret: false, value: 27.5 },
      placeHoursOffered: 50,
      shareServedPercent: { secret: false, value: 100 },
      medianWaitDays: { secret: false, value: 30 },
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
    // 25 × 2.5 h = 62.5 h requested, 50 offered: 80 %.
    expect(d.communes[0].cells[0]).toMatchObject({
      hoursRequested: { value: 62.5 },
      shareServedPercent: { value: 80 },
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

  it('writes the French CSV: "< 5" and "secret", decimal comma, BOM, CRLF', () => {
    const demand = [
      ...Array.from({ length: 6 }, () => ({ communeInseeCode: '88372', schedule: early })),
      ...Array.from({ length: 2 }, () => ({ communeInseeCode: '88035', schedule: early })),
    ];
    const csv = dashboardCsv(computeDashboard(input({ demand })), { before: '07:30', after: '19:00' });
    expect(csv.startsWith('\uFEFFcode_insee;commune;creneau;periode;demandes_actives;')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toContain('88372;Rambervillers;avant 07:30;par semaine;secret;secret;50;secret;30;50');
    expect(lines).toContain('88035;Bru;avant 07:30;par semaine;< 5;secret;0;secret;secret;secret');
    expect(lines).toContain(';Territoire;avant 07:30;par semaine;8;20;50;100;30;50');
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
