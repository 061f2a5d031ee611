import { dayOf, minuteOf } from '../../../common/time/calendar';
import { compileRules } from '../../creches/domain/creche-rules';
import {
  activityReport,
  ageBandOf,
  attendedByKind,
  capacityMinutesBetween,
  capacityMinutesOver,
} from './activity-report';
import { keptFromNoteFr } from './kept-from';

/** 2 places Monday–Friday 08:00–18:00, 1 place 08:00–09:00; closed 15–19 March 2027; Easter Monday 29 March 2027. */
const rules = compileRules({
  places: 2,
  surnombre: false,
  openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday: weekday as 1, from: 480, to: 1080 })),
  capacityBands: [1, 2, 3, 4, 5].map((weekday) => ({ weekday: weekday as 1, from: 480, to: 540, places: 1 })),
  closures: [{ from: dayOf('2027-03-15'), to: dayOf('2027-03-19') }],
  publicHolidays: new Set([dayOf('2027-03-29')]),
  opensOnPublicHolidays: false,
});
/** Those rules all year long (no change of capacity). */
const always = [{ from: dayOf('2027-01-01'), rules }];

describe('Caf activity report (docs/rules.md §9)', () => {
  it('counts capacity over open days only, with the modulated band: March 2027 = 17 days × 19 h = 323 h', () => {
    // 23 weekdays − 5 closed − Easter Monday = 17; a day: 1 h × 1 place + 9 h × 2 places = 19 place-hours.
    expect(capacityMinutesBetween(rules, dayOf('2027-03-01'), dayOf('2027-03-31'))).toBe(323 * 60);
    // A Saturday alone: closed (no opening hours).
    expect(capacityMinutesBetween(rules, dayOf('2027-03-06'), dayOf('2027-03-06'))).toBe(0);
  });

  it('counts each day under the capacity in force that day: a change keeps the days before as they were', () => {
    // From Monday 22 March 2027 one place only, 08:00–18:00 (10 place-hours a day).
    const reduced = compileRules({
      places: 1,
      surnombre: false,
      openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday: weekday as 1, from: 480, to: 1080 })),
      capacityBands: [],
      closures: [{ from: dayOf('2027-03-15'), to: dayOf('2027-03-19') }],
      publicHolidays: new Set([dayOf('2027-03-29')]),
      opensOnPublicHolidays: false,
    });
    const pieces = [
      { from: dayOf('2027-01-01'), rules },
      { from: dayOf('2027-03-22'), rules: reduced },
    ];
    // 1–12 March: 10 days × 19 h; 22–31 March: 8 days − Easter Monday = 7 days × 10 h.
    expect(capacityMinutesOver(pieces, dayOf('2027-03-01'), dayOf('2027-03-31'))).toBe((10 * 19 + 7 * 10) * 60);
    // The first piece also stands for the days before it; a span within one piece is that piece's alone.
    expect(capacityMinutesOver(pieces, dayOf('2026-12-28'), dayOf('2026-12-28'))).toBe(19 * 60);
    expect(capacityMinutesOver(pieces, dayOf('2027-03-22'), dayOf('2027-03-22'))).toBe(10 * 60);
  });

  it('splits attended time by the bookings of the day', () => {
    const day = {
      date: '2027-03-02',
      childId: 'lou',
      birthDate: '2025-06-10',
      from: minuteOf('08:00'),
      to: minuteOf('17:00'),
      bookings: [
        { from: minuteOf('07:00'), to: minuteOf('09:00'), kind: 'OCCASIONAL' as const },
        { from: minuteOf('16:00'), to: minuteOf('18:00'), kind: 'EMERGENCY' as const },
      ],
    };
    expect(attendedByKind(day)).toEqual({ REGULAR: 7 * 60, OCCASIONAL: 60, EMERGENCY: 60 });
  });

  it('bands ages in whole years on the first of the month', () => {
    expect(ageBandOf('2026-03-02', '2027-03-01')).toBe('UNDER_1');
    expect(ageBandOf('2026-03-01', '2027-03-01')).toBe('AGE_1');
    expect(ageBandOf('2025-03-01', '2027-03-01')).toBe('AGE_2');
    expect(ageBandOf('2023-01-01', '2027-03-01')).toBe('AGE_3_AND_OVER');
  });

  /** Lou's first 12 days of March 2027: 11 days 08:00–17:00 and one 08:00–17:20, 108 h 20 min attended. */
  const louInMarch = () =>
    Array.from({ length: 12 }, (_, i) => ({
      date: `2027-03-${String(i + 1).padStart(2, '0')}`,
      childId: 'lou',
      birthDate: '2025-06-10',
      from: 480,
      to: i === 11 ? 1040 : 1020,
      bookings: [],
    }));

  it('gives the billing rate, both occupancies to the hundredth and the alert above 107 %', () => {
    // 11 days 08:00–17:00 and one 08:00–17:20: 108 h 20 min attended. Billed: 126 h instalment + 0.5 h extra.
    const attended = louInMarch();
    const report = activityReport({
      year: 2027,
      keptFrom: '2026-09-01',
      today: '2027-04-15',
      issuedMonths: ['2027-03'],
      billableMonths: ['2027-03'],
      rules: always,
      attended,
      lines: [
        { month: '2027-03', childId: 'lou', birthDate: '2025-06-10', kind: 'REGULAR', hours: '126', amount: '189.00' },
        { month: '2027-03', childId: 'lou', birthDate: '2025-06-10', kind: 'REGULAR', hours: '0.5', amount: '0.75' },
        { month: '2027-03', childId: 'zoe', birthDate: '2026-09-01', kind: 'OCCASIONAL', hours: '3', amount: '2.10' },
      ],
      credits: [{ month: '2027-03', amount: '-10.00' }],
    });
    const march = report.months[2];
    expect(march).toMatchObject({
      period: '2027-03',
      invoiced: true,
      hoursAttended: '108.33',
      hoursBilled: '129.50',
      feesBilled: '191.85',
      feesCredited: '-10.00',
      feesNet: '181.85',
      capacityHours: '323.00',
      // 129.5 ÷ 108.333… = 119.538…; 129.5 ÷ 323 = 40.092…; 108.333… ÷ 323 = 33.539…
      billingRatePercent: 119.54,
      billingRateAlert: true,
      financialOccupancyPercent: 40.09,
      realOccupancyPercent: 33.54,
    });
    expect(march.byKind.OCCASIONAL).toEqual({ hoursAttended: '0.00', hoursBilled: '3.00', feesBilled: '2.10' });
    expect(march.byAgeBand.AGE_1.hoursBilled).toBe('126.50');
    expect(march.byAgeBand.UNDER_1.hoursBilled).toBe('3.00');
    // A month over with nothing to bill: invoiced; no rate, no alert, 0 % billed.
    expect(report.months[0]).toMatchObject({
      invoiced: true,
      capacityHours: '399.00',
      billingRatePercent: null,
      billingRateAlert: false,
      financialOccupancyPercent: 0,
      realOccupancyPercent: 0,
    });
    // April is under way (the report is read on 15 April): not invoiced, no financial occupancy yet.
    expect(report.months[3]).toMatchObject({ invoiced: false, financialOccupancyPercent: null });
    // The year: billed over the billed children's attendance; the financial occupancy over January to March, the
    // months invoiced: 129.5 h ÷ (21 + 20 + 17 days × 19 h = 1 102 h) = 11.751… %.
    expect(report.total).toMatchObject({
      period: '2027',
      invoiced: false,
      hoursBilled: '129.50',
      billingRatePercent: 119.54,
      billingRateAlert: true,
      financialOccupancyPercent: 11.75,
    });
  });

  it('takes the hours of a credit note in hours off the hours billed, by kind and age band, and its euros only once', () => {
    // 108 h 20 min attended; billed 126 h; an illness not deducted, corrected by a credit note of 14 h at 1.50 €.
    const attended = louInMarch();
    const input = {
      year: 2027,
      keptFrom: '2026-09-01',
      today: '2027-04-15',
      issuedMonths: ['2027-03'],
      billableMonths: ['2027-03'],
      rules: always,
      attended,
      lines: [
        {
          month: '2027-03',
          childId: 'lou',
          birthDate: '2025-06-10',
          kind: 'REGULAR' as const,
          hours: '126',
          amount: '189.00',
        },
      ],
      credits: [] as { month: string; amount: string }[],
    };
    const before = activityReport(input).months[2];
    expect(before).toMatchObject({
      hoursBilled: '126.00',
      hoursCredited: '0.00',
      billingRatePercent: 116.31,
      billingRateAlert: true,
    });
    const after = activityReport({
      ...input,
      lines: [
        ...input.lines,
        {
          month: '2027-03',
          childId: 'lou',
          birthDate: '2025-06-10',
          kind: 'REGULAR',
          hours: '-14',
          amount: '-21.00',
          credited: true,
        },
      ],
      credits: [{ month: '2027-03', amount: '-21.00' }],
    });
    const march = after.months[2];
    // 112 ÷ 108.333… = 103.38 %: the alert the overbilled illness raised is gone once corrected.
    expect(march).toMatchObject({
      hoursBilled: '112.00',
      hoursCredited: '-14.00',
      feesBilled: '189.00',
      feesCredited: '-21.00',
      feesNet: '168.00',
      billingRatePercent: 103.38,
      billingRateAlert: false,
    });
    // By kind and band, hours and fees both net of the credit note in hours: 112 h for 168 €, the 1.50 € an hour billed.
    expect(march.byKind.REGULAR).toEqual({ hoursAttended: '108.33', hoursBilled: '112.00', feesBilled: '168.00' });
    expect(march.byAgeBand.AGE_1.feesBilled).toBe('168.00');
    expect(march.byAgeBand.AGE_1.hoursBilled).toBe('112.00');
    expect(after.total).toMatchObject({ hoursBilled: '112.00', hoursCredited: '-14.00', feesNet: '168.00' });
    // A child whose every hour was credited still had an invoice line that month: its attendance is not "unbilled".
    expect(march.hoursAttendedUnbilled).toBe('0.00');
  });

  it("gives no rate for a month not issued yet, keeps it out of the year's rate, and counts what an issue left unbilled", () => {
    // Lou's contract runs March and April. March issued: 10 days of 10 h attended, 120 h billed (120 %). April: 10
    // days attended, not issued yet.
    const days = (month: string, childId = 'lou') =>
      Array.from({ length: 10 }, (_, i) => ({
        date: `2027-${month}-${String(i + 1).padStart(2, '0')}`,
        childId,
        birthDate: '2025-06-10',
        from: 480,
        to: 1080,
        bookings: [],
      }));
    const march = { month: '2027-03', childId: 'lou', birthDate: '2025-06-10', kind: 'REGULAR' as const };
    const april = { ...march, month: '2027-04', hours: '0', amount: '0.00' };
    const report = (
      today: string,
      issuedMonths: string[],
      lines = [{ ...march, hours: '120', amount: '180.00' }],
      attended = days('04'),
      billableMonths = ['2027-03', '2027-04'],
    ) =>
      activityReport({
        year: 2027,
        keptFrom: '2027-03-01',
        today,
        issuedMonths,
        billableMonths,
        rules: always,
        attended: [...days('03'), ...attended],
        lines,
        credits: [],
      });
    const underWay = report('2027-04-20', ['2027-03']);
    expect(underWay.months[2]).toMatchObject({
      invoiced: true,
      hoursAttendedUnbilled: '0.00',
      billingRatePercent: 120,
    });
    expect(underWay.months[3]).toMatchObject({
      invoiced: false,
      hoursAttended: '100.00',
      hoursBilled: '0.00',
      hoursAttendedUnbilled: null,
      billingRatePercent: null,
      billingRateAlert: false,
      financialOccupancyPercent: null,
    });
    expect(underWay.months[3].realOccupancyPercent).toBeGreaterThan(0);
    // Counted with April's attendance the year would read 60 %, and its alert would be gone.
    expect(underWay.total).toMatchObject({
      invoiced: false,
      hoursAttended: '200.00',
      // April's hours are to bill, not unbilled: the month is not issued.
      hoursAttendedUnbilled: '0.00',
      billingRatePercent: 120,
      billingRateAlert: true,
      financialOccupancyPercent: underWay.months[2].financialOccupancyPercent,
    });
    // Still so once April is over, until it is issued.
    expect(report('2027-05-02', ['2027-03']).months[3]).toMatchObject({ invoiced: false, billingRatePercent: null });
    // April issued at 0 h (every day deducted, say): then it counts, and the year reads 60 %.
    const issued = report('2027-05-02', ['2027-03', '2027-04'], [{ ...march, hours: '120', amount: '180.00' }, april]);
    expect(issued.months[3]).toMatchObject({ invoiced: true, billingRatePercent: 0, financialOccupancyPercent: 0 });
    expect(issued.total).toMatchObject({ billingRatePercent: 60, billingRateAlert: false });
    // Issued, Zoé attending in April with no invoice line (booked after the issue): her 100 h count against what is
    // billed, as the Caf counts them, and are said to be unbilled until the month is issued again.
    const partly = report(
      '2027-05-02',
      ['2027-03', '2027-04'],
      [
        { ...march, hours: '120', amount: '180.00' },
        { ...april, hours: '110' },
      ],
      [...days('04'), ...days('04', 'zoe')],
    );
    expect(partly.months[3]).toMatchObject({
      invoiced: true,
      hoursAttended: '200.00',
      hoursAttendedUnbilled: '100.00',
      billingRatePercent: 55,
    });
    expect(partly.total).toMatchObject({ hoursAttendedUnbilled: '100.00', billingRatePercent: 76.67 });
    // May: under way on 2 May; over on 10 June with nothing to bill, invoiced at 0 %; still covered by a contract
    // and not issued, it is to come.
    expect(partly.months[4]).toMatchObject({ invoiced: false });
    const june = (billable: string[]) =>
      report(
        '2027-06-10',
        ['2027-03', '2027-04'],
        [{ ...march, hours: '120', amount: '180.00' }, april],
        days('04'),
        billable,
      ).months[4];
    expect(june(['2027-03', '2027-04'])).toMatchObject({ invoiced: true, financialOccupancyPercent: 0 });
    expect(june(['2027-03', '2027-04', '2027-05'])).toMatchObject({ invoiced: false, financialOccupancyPercent: null });
  });

  it('does not alert at exactly 107 %', () => {
    const report = activityReport({
      year: 2027,
      keptFrom: '2027-03-01',
      today: '2027-04-01',
      issuedMonths: ['2027-03'],
      billableMonths: ['2027-03'],
      rules: always,
      attended: [
        { date: '2027-03-01', childId: 'lou', birthDate: '2025-06-10', from: 480, to: 480 + 600, bookings: [] },
      ],
      lines: [
        { month: '2027-03', childId: 'lou', birthDate: '2025-06-10', kind: 'REGULAR', hours: '10.7', amount: '1' },
      ],
      credits: [],
    });
    expect(report.months[2]).toMatchObject({ billingRatePercent: 107, billingRateAlert: false });
  });

  it('takes the real occupancy over the days gone by: a month under way on its past days, a month to come none', () => {
    // Read on Wednesday 3 March 2027: 1 and 2 March are gone (2 days × 19 h = 38 h); Lou attended both, 08:00–17:00,
    // and is in today (a finished morning: not yet counted, as today's capacity is not).
    const attended = ['2027-03-01', '2027-03-02', '2027-03-03'].map((date) => ({
      date,
      childId: 'lou',
      birthDate: '2025-06-10',
      from: 480,
      to: date === '2027-03-03' ? 720 : 1020,
      bookings: [],
    }));
    const report = activityReport({
      year: 2027,
      keptFrom: '2027-01-01',
      today: '2027-03-03',
      issuedMonths: ['2027-01', '2027-02'],
      billableMonths: ['2027-01', '2027-02', '2027-03'],
      rules: always,
      attended,
      lines: [],
      credits: [],
    });
    // 18 h ÷ 38 h = 47.368… %; over the whole of March's 323 h it would read 5.57 %.
    expect(report.months[2]).toMatchObject({
      hoursAttended: '22.00',
      capacityHours: '323.00',
      capacityHoursElapsed: '38.00',
      realOccupancyPercent: 47.37,
    });
    expect(report.months[3]).toMatchObject({ capacityHours: '418.00', realOccupancyPercent: null });
    // The year: January and February (21 + 20 weekdays × 19 h = 779 h) and the two days: 18 h ÷ 817 h = 2.203… %.
    expect(report.total.realOccupancyPercent).toBe(2.2);
    // Read once the year is over, every day counts: the same hours over the year's capacity.
    const after = activityReport({
      year: 2027,
      keptFrom: '2027-01-01',
      today: '2028-01-01',
      issuedMonths: [],
      billableMonths: [],
      rules: always,
      attended,
      lines: [],
      credits: [],
    });
    expect(after.months[2].realOccupancyPercent).toBe(6.81);
  });

  it('counts capacity from the first day Berceau keeps the crèche: none before, none at all when nothing is kept', () => {
    const year = (keptFrom: string | null) =>
      activityReport({
        year: 2027,
        keptFrom,
        today: '2028-01-01',
        issuedMonths: [],
        billableMonths: [],
        rules: always,
        attended: [],
        lines: [],
        credits: [],
      });
    const whole = year('2026-09-01');
    // From 16 March: 16–19 closed, 22–26, Easter Monday out, 30–31: 7 days × 19 h = 133 h.
    const fromMid = year('2027-03-16');
    expect(fromMid.keptFrom).toBe('2027-03-16');
    expect(fromMid.months[0]).toMatchObject({ capacityHours: '0.00', realOccupancyPercent: null });
    expect(fromMid.months[1].capacityHours).toBe('0.00');
    expect(fromMid.months[2]).toMatchObject({ capacityHours: '133.00', realOccupancyPercent: 0 });
    expect(fromMid.months[3].capacityHours).toBe(whole.months[3].capacityHours);
    const sum = (r: typeof whole) => r.months.reduce((t, m) => t + Number(m.capacityHours), 0);
    expect(Number(fromMid.total.capacityHours)).toBe(sum(fromMid));
    expect(sum(whole) - sum(fromMid)).toBe(
      Number(whole.months[0].capacityHours) + Number(whole.months[1].capacityHours) + 323 - 133,
    );
    for (const none of [year(null), year('2028-01-03')]) {
      expect(none.total).toMatchObject({ capacityHours: '0.00', financialOccupancyPercent: null });
      expect(none.months.every((m) => m.capacityHours === '0.00')).toBe(true);
    }
    expect(year('2027-01-01').total.capacityHours).toBe(whole.total.capacityHours);
  });

  it('says in French from when the activity is kept, and nothing when it is kept all year', () => {
    expect(keptFromNoteFr('2027-01-01', 2027)).toBeNull();
    expect(keptFromNoteFr('2026-09-01', 2027)).toBeNull();
    expect(keptFromNoteFr('2026-09-01', 2026)).toContain('depuis le 01/09/2026');
    expect(keptFromNoteFr('2028-01-03', 2027)).toBe(
      "L'activité de cette crèche n'est tenue dans Berceau qu'à partir du 03/01/2028 : rien n'est compté en 2027.",
    );
    expect(keptFromNoteFr(null, 2027)).toContain('Aucune activité');
  });
});
