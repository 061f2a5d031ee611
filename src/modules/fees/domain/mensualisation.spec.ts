import fc from 'fast-check';
import { HolidayCalendar } from '../../../common/time/holiday-calendar';
import { dayOf, isoOf } from '../../../common/time/calendar';
import { computeHourlyRate, computeMensualisedFee } from './compute-fee';
import { Dec } from './decimal';
import { computeFromSnapshot, FeeInputsSnapshot } from './fee-inputs';
import type { FeeScaleVersion } from './fee-scale';
import {
  leaveBoundProblem,
  leaveProblems,
  mensualise,
  MensualisationInput,
  monthlyHoursFraction,
  monthsSpanned,
} from './mensualisation';
import { SEED_SCALES } from './seed-scales';

const scales: FeeScaleVersion[] = SEED_SCALES.map((s, i) => ({ ...s, id: `v${i}` }));
const holidays = new HolidayCalendar();
const weekdays = (from: string, to: string, days = [1, 2, 3, 4, 5]) => days.map((weekday) => ({ weekday, from, to }));
const period = (start: string, end: string, over: Partial<MensualisationInput> = {}): MensualisationInput => ({
  start,
  end,
  schedule: weekdays('08:00', '16:00'),
  closures: [],
  leavePeriods: [],
  publicHolidays: holidays.between(dayOf(start), dayOf(end)),
  opensOnPublicHolidays: false,
  ...over,
});

describe('mensualisation over the contract’s own months (#14 §1)', () => {
  it('gives the worked example: 4 Jan → 25 Jun 2027, Mon–Fri 8 h, one week of leave, 2 700 €, one child → 156 h, 260.52 €', () => {
    const m = mensualise(
      period('2027-01-04', '2027-06-25', { leavePeriods: [{ from: '2027-02-15', to: '2027-02-19' }] }),
    );
    expect(m).toMatchObject({ scheduledDays: 125, publicHolidayDays: 3, leaveDays: 5, closureDays: 0, months: 6 });
    expect(m.reservedMinutes).toBe(936 * 60);
    const hourly = computeHourlyRate(
      {
        date: '2027-01-04',
        careType: 'COLLECTIVE',
        monthlyResources: '2700.00',
        dependentChildren: 1,
        aeehChildren: 0,
        asePlacement: false,
      },
      scales,
    );
    expect(hourly.hourlyRate).toBe('1.67');
    const fee = computeMensualisedFee(m, hourly.hourlyRate);
    expect(fee).toMatchObject({ monthlyHours: '156.00', monthlyFee: '260.52' });
    expect(fee.trace.find((s) => s.step === 'MONTHLY_HOURS')!.value).toBe('156 h = 156.00 h');
  });

  it('counts calendar months spanned, not 12: 4 January to 25 June is 6, a December start to a January end is 2', () => {
    expect(monthsSpanned('2027-01-04', '2027-06-25')).toBe(6);
    expect(monthsSpanned('2027-12-31', '2028-01-01')).toBe(2);
    expect(monthsSpanned('2027-03-01', '2027-03-31')).toBe(1);
    expect(monthsSpanned('2027-01-01', '2027-12-31')).toBe(12);
  });

  it('spreads an 11-month contract over 11 months and shows the exact hours as a fraction', () => {
    // 2027-01-04 → 2027-11-29, Mon–Fri 8 h: 236 weekdays − 6 public holidays = 230 days = 1 840 h over 11 months.
    const m = mensualise(period('2027-01-04', '2027-11-29'));
    expect(m).toMatchObject({ months: 11, scheduledDays: 236, publicHolidayDays: 6, reservedMinutes: 1840 * 60 });
    const exact = new Dec(m.reservedMinutes).div(60 * 11);
    const fee = computeMensualisedFee(m, '1.67');
    expect(fee.monthlyHours).toBe(exact.toFixed(2, Dec.ROUND_HALF_UP));
    expect(monthlyHoursFraction(m)).toBe(`${m.reservedMinutes / 60}/11`);
    // The cent comes from the exact fraction, rounded once: the same as an auditor's pencil.
    expect(fee.monthlyFee).toBe(new Dec(m.reservedMinutes).times('1.67').div(660).toFixed(2, Dec.ROUND_HALF_UP));
  });

  it('takes nothing from a Monday–Tuesday child for a Wednesday–Saturday closure', () => {
    const base = period('2027-01-04', '2027-12-31', { schedule: weekdays('08:00', '18:00', [1, 2]) });
    const closed = mensualise({ ...base, closures: [{ from: '2027-08-11', to: '2027-08-14' }] });
    expect(closed.closureDays).toBe(0);
    expect(closed.reservedMinutes).toBe(mensualise(base).reservedMinutes);
  });

  it('removes public holidays, unless the crèche opens on them', () => {
    const closedOnHolidays = mensualise(period('2027-05-01', '2027-05-31'));
    const openOnHolidays = mensualise(period('2027-05-01', '2027-05-31', { opensOnPublicHolidays: true }));
    // Ascension (6 May) and Whit Monday (17 May) fall on weekdays in 2027.
    expect(closedOnHolidays.publicHolidayDays).toBe(2);
    expect(openOnHolidays.reservedMinutes - closedOnHolidays.reservedMinutes).toBe(2 * 8 * 60);
  });

  it('refuses leave outside the contract, and overlapping leave', () => {
    expect(leaveProblems([{ from: '2027-01-01', to: '2027-01-08' }], '2027-01-04', '2027-12-31')[0]).toMatch(
      /within the contract/,
    );
    const overlapping = [
      { from: '2027-02-01', to: '2027-02-10' },
      { from: '2027-02-08', to: '2027-02-12' },
    ];
    expect(leaveProblems(overlapping, '2027-01-04', '2027-12-31')[0]).toMatch(/overlap/);
  });

  it('bounds leave by the schedule it takes off, pro rata of the contract: a year of leave, weekdays only, or across a year end', () => {
    const schedule = weekdays('08:00', '18:00');
    const bound = (
      start: string,
      end: string,
      leavePeriods: { from: string; to: string }[],
      days = [1, 2, 3, 4, 5],
    ) => {
      const s = weekdays('08:00', '18:00', days);
      return leaveBoundProblem(mensualise(period(start, end, { schedule: s, leavePeriods })), s, 10);
    };
    expect(bound('2027-01-04', '2027-12-31', [{ from: '2027-01-04', to: '2027-12-31' }])).toMatch(/at most 10 weeks/);
    // Ten whole weeks in a year: allowed.
    expect(bound('2027-01-04', '2027-12-31', [{ from: '2027-07-05', to: '2027-09-12' }])).toBeNull();
    // Fourteen Monday–Friday periods leave the weekends out, but take 14 weeks of the schedule.
    const weekdaysOnly = Array.from({ length: 14 }, (_, i) => ({
      from: isoOf(dayOf('2027-01-11') + 7 * i),
      to: isoOf(dayOf('2027-01-11') + 7 * i + 4),
    }));
    expect(bound('2027-01-04', '2027-12-31', weekdaysOnly)).toMatch(/at most 10 weeks/);
    // A Monday–Tuesday child: 35 Monday–Tuesday periods are 35 weeks of her schedule.
    const mondayTuesday = Array.from({ length: 35 }, (_, i) => ({
      from: isoOf(dayOf('2027-01-11') + 7 * i),
      to: isoOf(dayOf('2027-01-11') + 7 * i + 1),
    }));
    expect(bound('2027-01-04', '2027-12-31', mondayTuesday, [1, 2])).toMatch(/at most 10 weeks/);
    // Ten weeks each side of a year end is twenty weeks in twelve months.
    const acrossYearEnd = [
      { from: '2027-10-11', to: '2027-12-19' },
      { from: '2028-01-03', to: '2028-03-12' },
    ];
    expect(bound('2027-09-01', '2028-08-31', acrossYearEnd)).toMatch(/at most 10 weeks/);
    // A four-month contract: about 3.3 weeks, not ten.
    expect(bound('2027-11-01', '2028-02-29', [{ from: '2027-11-01', to: '2027-12-17' }])).toMatch(/at most 10/);
    expect(leaveBoundProblem(mensualise(period('2027-01-04', '2027-12-31')), schedule, 10)).toBeNull();
    // 31 January to 1 March touches three months but lasts one: 12 days of leave (more than half) are refused.
    expect(bound('2029-01-31', '2029-03-01', [{ from: '2029-02-05', to: '2029-02-20' }])).toMatch(/at most 10/);
  });

  it('keeps the reserved hours when only the rate changes (a new scale date, new resources)', () => {
    const m = mensualise(period('2025-06-02', '2026-05-29'));
    const snapshot = (date: string, monthlyResources: string): FeeInputsSnapshot => ({
      date,
      careType: 'COLLECTIVE',
      monthlyResources,
      dependentChildren: 2,
      aeehChildren: 0,
      asePlacement: false,
      ceilingOverride: null,
      hoursPerWeek: '40',
      mensualisation: m,
    });
    const before = computeFromSnapshot(snapshot('2025-06-02', '3000.00'), scales);
    const afterScale = computeFromSnapshot(snapshot('2025-09-01', '3000.00'), scales);
    const afterResources = computeFromSnapshot(snapshot('2026-01-01', '4000.00'), scales);
    expect(new Set([before, afterScale, afterResources].map((r) => r.monthly.monthlyHours)).size).toBe(1);
    expect(afterResources.monthly.monthlyFee).not.toBe(before.monthly.monthlyFee);
  });

  it('recomputes a snapshot stored under the weeks rule by that rule (the recheck stays clean)', () => {
    const legacy = computeFromSnapshot(
      {
        date: '2025-10-01',
        careType: 'COLLECTIVE',
        monthlyResources: '3000.00',
        dependentChildren: 2,
        aeehChildren: 0,
        asePlacement: false,
        ceilingOverride: null,
        hoursPerWeek: '40',
        weeksPerYear: '45',
        billedMonths: 12,
        leaveWeeksPerYear: 5,
        closureWeeks: 2,
      },
      scales,
    );
    expect(legacy.monthly).toMatchObject({ monthlyHours: '150.00', monthlyFee: '232.50' });
  });

  const contract = fc
    .record({
      startOffset: fc.integer({ min: 0, max: 700 }),
      length: fc.integer({ min: 0, max: 500 }),
      days: fc.uniqueArray(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 6 }),
      leaveStart: fc.integer({ min: 0, max: 400 }),
      leaveLength: fc.integer({ min: 0, max: 30 }),
    })
    .map((r) => {
      const start = dayOf('2026-01-01') + r.startOffset;
      const end = start + r.length;
      const leaveFrom = Math.min(end, start + r.leaveStart);
      return {
        start: isoOf(start),
        end: isoOf(end),
        days: r.days,
        leave: { from: isoOf(leaveFrom), to: isoOf(Math.min(end, leaveFrom + r.leaveLength)) },
      };
    });

  it('never reserves more than the schedule over the period, and leave never adds hours', () => {
    fc.assert(
      fc.property(contract, (c) => {
        const base = period(c.start, c.end, { schedule: weekdays('07:00', '15:30', c.days) });
        const plain = mensualise(base);
        const withLeave = mensualise({ ...base, leavePeriods: [c.leave] });
        expect(plain.reservedMinutes).toBeLessThanOrEqual(plain.scheduledDays * 510);
        expect(withLeave.reservedMinutes).toBeLessThanOrEqual(plain.reservedMinutes);
        expect(plain.scheduledDays).toBe(
          plain.publicHolidayDays + plain.closureDays + plain.leaveDays + plain.reservedMinutes / 510,
        );
      }),
    );
  });

  it('rounds the monthly fee once: within half a cent of the exact fee', () => {
    fc.assert(
      fc.property(
        contract,
        fc.integer({ min: 1, max: 2000 }).map((c) => new Dec(c).div(100).toFixed(2)),
        (c, hourlyRate) => {
          const m = mensualise(period(c.start, c.end));
          fc.pre(m.reservedMinutes > 0);
          const exact = new Dec(m.reservedMinutes).times(hourlyRate).div(60 * m.months);
          const fee = new Dec(computeMensualisedFee(m, hourlyRate).monthlyFee);
          expect(fee.minus(exact).abs().lte('0.005')).toBe(true);
        },
      ),
    );
  });
});
