import fc from 'fast-check';
import Holidays from 'date-holidays';
import { Day, dayOf, isoOf } from '../../../common/time/calendar';
import { ABSENCE_REASONS } from '../../attendance/domain/absence-reasons';
import { Dec } from '../../fees/domain/decimal';
import { mensualise } from '../../fees/domain/mensualisation';
import {
  billMonth,
  BookingToBill,
  ChildMonth,
  ContractToBill,
  InvoiceLine,
  MonthInput,
  plannedDays,
} from './month-invoice';

const FR = new Holidays('FR');
function holidays(...years: number[]): Set<Day> {
  return new Set(
    years.flatMap((y) =>
      FR.getHolidays(y)
        .filter((h) => h.type === 'public')
        .map((h) => dayOf(h.date.slice(0, 10))),
    ),
  );
}
const H = holidays(2026, 2027, 2028);
const calendar = { publicHolidays: H, closures: [], opensOnPublicHolidays: false, maxLeaveWeeksPerYear: 10 };
const monThu = [1, 2, 3, 4].map((weekday) => ({ weekday, from: '07:00', to: '17:00' }));

/** The contract: Monday–Thursday 07:00–17:00, 1.50 €/h, 120 h a month (1 440 h over 12 months). */
function contract(over: Partial<ContractToBill> = {}): ContractToBill {
  return {
    id: 'c1',
    startDate: '2027-01-01',
    endDate: '2027-12-31',
    schedule: monThu,
    leavePeriods: [],
    mensualisation: { contractStart: '2027-01-01', contractEnd: '2027-12-31', months: 12, reservedMinutes: 1440 * 60 },
    hourlyRate: '1.50',
    sharePercent: 100,
    ...over,
  };
}

/** Every contract day of March 2027 attended 07:00–17:00, except those listed. */
function attendance(month: string, except: string[], extra: Record<string, [number, number]> = {}) {
  const out: { date: string; from: number; to: number }[] = [];
  const first = dayOf(`${month}-01`);
  for (let d = first; isoOf(d).slice(0, 7) === month; d += 1) {
    const iso = isoOf(d);
    const wd = ((d + 3) % 7) + 1;
    if (wd > 4 || H.has(d) || except.includes(iso)) continue;
    const [from, to] = extra[iso] ?? [420, 1020];
    out.push({ date: iso, from, to });
  }
  return out;
}

function child(over: Partial<ChildMonth> = {}): ChildMonth {
  return { childId: 'k1', contracts: [contract()], attendance: [], absences: [], bookings: [], ...over };
}

const input = (children: ChildMonth[], month = '2027-03', unitMinutes = 30): MonthInput => ({
  month,
  unitMinutes,
  calendar,
  children,
});

describe('billMonth', () => {
  it("the issue's worked example: March 2027, 151.50 €, 101 h billed, 130 h 40 min attended", () => {
    const inv = billMonth(
      input([
        child({
          attendance: attendance('2027-03', ['2027-03-08', '2027-03-09', '2027-03-10', '2027-03-11', '2027-03-17'], {
            '2027-03-22': [420, 1040],
            '2027-03-23': [420, 1040],
          }),
          absences: [
            { reason: 'ILLNESS', from: '2027-03-08', to: '2027-03-12', certified: true },
            { reason: 'HOSPITALISATION', from: '2027-03-17', to: '2027-03-17', certified: false },
          ],
        }),
      ]),
    );
    expect(inv.lines.map((l) => [l.kind, l.from, l.to, l.hours, l.amount])).toEqual([
      ['INSTALMENT', null, null, '120', '180.00'],
      ['DEDUCTION', '2027-03-11', '2027-03-11', '-10', '-15.00'],
      ['DEDUCTION', '2027-03-17', '2027-03-17', '-10', '-15.00'],
      ['EXTRA_HOURS', null, null, '1', '1.50'],
    ]);
    expect(inv.total).toBe('151.50');
    expect(inv.billedHours).toBe('101');
    expect(inv.attendedMinutes).toBe(130 * 60 + 40);
    expect(inv.lines[1].label).toBe('Déduction, maladie : le 11 mars 2027');
  });

  it.each([
    // reason, certified, from, to, deducted hours
    ['ILLNESS', true, '2027-03-01', '2027-03-04', 10], // Mon–Thu: 1, 2, 3 waiting, 4 deducted
    ['ILLNESS', false, '2027-03-01', '2027-03-04', 0], // no certificate: nothing
    ['ILLNESS', true, '2027-03-05', '2027-03-09', 20], // Fri 5, Sat 6, Sun 7 waiting (weekend counts): Mon 8, Tue 9
    ['ILLNESS', true, '2027-03-01', '2027-03-03', 0], // three days: all waiting
    ['HOSPITALISATION', false, '2027-03-01', '2027-03-02', 20],
    ['DOCTOR_EXCLUSION', false, '2027-03-03', '2027-03-03', 10],
    ['EXCEPTIONAL_CLOSURE', false, '2027-03-01', '2027-03-07', 40],
    ['UNEXCUSED', false, '2027-03-01', '2027-03-31', 0],
    ['HOSPITALISATION', false, '2027-03-26', '2027-03-31', 20], // Fri, Sat, Sun, Easter Monday: only 30 and 31
  ] as const)('%s (certified %s) %s → %s deducts %d h', (reason, certified, from, to, hours) => {
    const inv = billMonth(input([child({ absences: [{ reason, from, to, certified }] })]));
    expect(new Dec(inv.deductedHours).toNumber()).toBe(hours);
    expect(inv.total).toBe(new Dec(180).minus(new Dec(hours).times('1.50')).toFixed(2));
  });

  it('counts the waiting days of an illness that began in the previous month', () => {
    // Ill from Saturday 27 February: 27, 28 February and 1 March are the waiting days; 2–4 March deducted.
    const inv = billMonth(
      input([child({ absences: [{ reason: 'ILLNESS', from: '2027-02-27', to: '2027-03-04', certified: true }] })]),
    );
    expect(inv.deductedHours).toBe('30');
  });

  it("an illness's waiting days start on its first day of absence, even one the certificate does not cover", () => {
    // Ill from Monday 1 March (the parents phoned), the certificate from Tuesday 2 to Friday 5: 1, 2, 3 waiting, 4
    // deducted (Friday has no contract hours); the uncovered Monday is never deducted itself.
    const absences = [
      { reason: 'ILLNESS' as const, from: '2027-03-01', to: '2027-03-01', certified: false },
      { reason: 'ILLNESS' as const, from: '2027-03-02', to: '2027-03-05', certified: true },
    ];
    const inv = billMonth(input([child({ absences })]));
    expect(inv.lines.filter((l) => l.kind === 'DEDUCTION').map((l) => [l.from, l.to, l.hours])).toEqual([
      ['2027-03-04', '2027-03-04', '-10'],
    ]);
    // A day without a certificate inside the episode is not deducted, and splits the lines.
    const gap = billMonth(
      input([
        child({
          absences: [
            { reason: 'ILLNESS', from: '2027-03-01', to: '2027-03-04', certified: true },
            { reason: 'ILLNESS', from: '2027-03-08', to: '2027-03-08', certified: false },
            { reason: 'ILLNESS', from: '2027-03-05', to: '2027-03-07', certified: true },
            { reason: 'ILLNESS', from: '2027-03-09', to: '2027-03-09', certified: true },
          ],
        }),
      ]),
    );
    expect(gap.lines.filter((l) => l.kind === 'DEDUCTION').map((l) => [l.from, l.to])).toEqual([
      ['2027-03-04', '2027-03-04'],
      ['2027-03-09', '2027-03-09'],
    ]);
  });

  it('keeps an illness recorded on both sides of a weekend one episode, with one set of waiting days', () => {
    const deducted = (absences: ChildMonth['absences'], attendance: ChildMonth['attendance'] = []) =>
      billMonth(input([child({ absences, attendance })]))
        .lines.filter((l) => l.kind === 'DEDUCTION')
        .map((l) => [l.from, l.to, l.hours]);
    // Ill Thursday 4 March (the parents phoned), then Monday 8 to Wednesday 10 with a certificate: Friday, Saturday and
    // Sunday have no contract hours. Thursday, Friday, Saturday wait; Monday to Wednesday are deducted, as when the
    // absence is recorded in one piece.
    const thursday = { reason: 'ILLNESS' as const, from: '2027-03-04', to: '2027-03-04', certified: false };
    const week = { reason: 'ILLNESS' as const, from: '2027-03-08', to: '2027-03-10', certified: true };
    expect(deducted([thursday, week])).toEqual([['2027-03-08', '2027-03-10', '-30']]);
    expect(deducted([{ ...week, from: '2027-03-04' }])).toEqual([['2027-03-08', '2027-03-10', '-30']]);
    // The child came on the Friday (an occasional booking): two illnesses, Monday starts its own waiting days.
    expect(deducted([thursday, week], [{ date: '2027-03-05', from: 540, to: 600 }])).toEqual([]);
    // Expected on Monday 8 and absent with nothing recorded: the illness from Tuesday is another one.
    expect(deducted([thursday, { ...week, from: '2027-03-09', to: '2027-03-11' }])).toEqual([]);
    // More than three days apart with nothing expected between (leave from Monday 8 to Wednesday 10): two illnesses.
    const onLeave = contract({ leavePeriods: [{ from: '2027-03-08', to: '2027-03-10' }] });
    const leave = billMonth(
      input([child({ contracts: [onLeave], absences: [thursday, { ...week, from: '2027-03-11', to: '2027-03-18' }] })]),
    );
    // Thursday 11, Friday 12, Saturday 13 wait; Monday 15 to Thursday 18 deducted.
    expect(leave.lines.filter((l) => l.kind === 'DEDUCTION').map((l) => [l.from, l.to])).toEqual([
      ['2027-03-15', '2027-03-18'],
    ]);
  });

  describe('a closure the crèche adds after the hours were reserved', () => {
    // Closed Wednesday 10 and Thursday 11 March (a water leak), the contract's hours reserved without it.
    const late = { ...calendar, closures: [{ from: '2027-03-10', to: '2027-03-11' }] };
    const reservedWithout = contract({ mensualisation: { ...contract().mensualisation, closures: [] } });
    const deductions = (inv: ReturnType<typeof billMonth>) =>
      inv.lines.filter((l) => l.kind === 'DEDUCTION').map((l) => [l.reason, l.from, l.to, l.hours, l.amount]);

    it('is deducted from its first day, with no absence recorded', () => {
      const inv = billMonth({ ...input([child({ contracts: [reservedWithout] })]), calendar: late });
      expect(deductions(inv)).toEqual([['EXCEPTIONAL_CLOSURE', '2027-03-10', '2027-03-11', '-20', '-30.00']]);
      expect(inv.total).toBe('150.00');
      expect(inv.lines[1].label).toBe(
        'Déduction, fermeture exceptionnelle de la crèche : du 10 mars 2027 au 11 mars 2027',
      );
    });

    it('once, with an absence recorded for it too', () => {
      const absences = [
        { reason: 'EXCEPTIONAL_CLOSURE' as const, from: '2027-03-10', to: '2027-03-10', certified: false },
      ];
      const inv = billMonth({ ...input([child({ contracts: [reservedWithout], absences })]), calendar: late });
      expect(inv.deductedHours).toBe('20');
    });

    it('a closure the reserved hours left out is not deducted, even when the crèche has removed it since', () => {
      const reservedWith = contract({
        mensualisation: { ...contract().mensualisation, closures: [{ from: '2027-03-10', to: '2027-03-11' }] },
      });
      expect(deductions(billMonth({ ...input([child({ contracts: [reservedWith] })]), calendar: late }))).toEqual([]);
      // Reopened after all: the child came on days its contract does not pay for, billed as extra hours.
      const reopened = billMonth(
        input([child({ contracts: [reservedWith], attendance: [{ date: '2027-03-10', from: 420, to: 1020 }] })]),
      );
      expect(reopened.extraHours).toBe('10');
    });

    it("a snapshot that kept no closures reads the crèche's current ones, as before", () => {
      expect(deductions(billMonth({ ...input([child()]), calendar: late }))).toEqual([]);
    });

    it('is not refunded again by the regularisation of a child leaving early', () => {
      // Reserved without the closure over March–April (the whole contract), the child leaving on 31 March.
      const m = mensualise({
        start: '2027-03-01',
        end: '2027-04-30',
        schedule: monThu,
        closures: [],
        leavePeriods: [],
        publicHolidays: H,
        opensOnPublicHolidays: false,
      });
      const c = contract({ startDate: '2027-03-01', endDate: '2027-03-31', mensualisation: m });
      const inv = billMonth({ ...input([child({ contracts: [c] })]), calendar: late });
      const regularisation = inv.lines.find((l) => l.kind === 'REGULARISATION')!;
      const asBefore = billMonth(input([child({ contracts: [c] })])).lines.find((l) => l.kind === 'REGULARISATION')!;
      expect(regularisation.hours).toBe(asBefore.hours);
      expect(deductions(inv)).toEqual([['EXCEPTIONAL_CLOSURE', '2027-03-10', '2027-03-11', '-20', '-30.00']]);
    });
  });

  it('a prolonged certificate is one episode: no second set of waiting days', () => {
    const inv = billMonth(
      input([
        child({
          absences: [
            { reason: 'ILLNESS', from: '2027-03-01', to: '2027-03-02', certified: true },
            { reason: 'ILLNESS', from: '2027-03-03', to: '2027-03-09', certified: true },
          ],
        }),
      ]),
    );
    // 1, 2, 3 waiting; 4, 8, 9 deducted.
    expect(inv.deductedHours).toBe('30');
  });

  it.each([
    // arrival, departure, unit, billed extra minutes
    [420, 1020, 30, 0],
    [410, 1020, 30, 30], // 10 min early
    [410, 1030, 30, 30], // 20 min in all, one started half-hour a day
    [400, 1040, 30, 60], // 40 min
    [420, 1021, 15, 15],
    [420, 1021, 60, 60],
  ])('attended %d–%d, unit %d min: %d extra minutes', (from, to, unit, minutes) => {
    const inv = billMonth(input([child({ attendance: [{ date: '2027-03-01', from, to }] })], '2027-03', unit));
    expect(new Dec(inv.extraHours).times(60).toNumber()).toBe(minutes);
  });

  it('an extra day (no contract hours that day) is extra hours in full', () => {
    const inv = billMonth(input([child({ attendance: [{ date: '2027-03-05', from: 480, to: 600 }] })]));
    expect(inv.extraHours).toBe('2');
    expect(inv.total).toBe('183.00');
  });

  it("the other household's share in alternating residence: the child's booking is not its extra time", () => {
    const share = (bookedElsewhere: ChildMonth['bookedElsewhere']) =>
      billMonth(
        input([
          child({
            contracts: [contract({ sharePercent: 50 })],
            attendance: [{ date: '2027-03-05', from: 540, to: 725 }],
            bookedElsewhere,
          }),
        ]),
      );
    // Booked by the other household, the day's hours are on its invoice only: none here, and no booking line.
    const inv = share([{ date: '2027-03-05', from: 540, to: 725 }]);
    expect(inv.extraHours).toBe('0');
    expect(inv.occasionalHours).toBe('0');
    expect(inv.lines.map((l) => l.kind)).toEqual(['INSTALMENT']);
    // Without a booking, the same attendance is half this household's extra hours (its share of 3.5 h).
    expect(share([]).extraHours).toBe('1.75');
  });

  it('occasional care is billed at its booking fee and is not extra time', () => {
    const inv = billMonth(
      input([
        child({
          attendance: [{ date: '2027-03-05', from: 540, to: 725 }],
          bookings: [
            {
              id: 'b1',
              date: '2027-03-05',
              from: 540,
              to: 725,
              kind: 'OCCASIONAL',
              billedMinutes: 210,
              hourlyRate: '1.50',
              amount: '5.25',
            },
          ],
        }),
      ]),
    );
    expect(inv.extraHours).toBe('0');
    expect(inv.occasionalHours).toBe('3.5');
    expect(inv.total).toBe('185.25');
    expect(inv.lines[1].label).toBe('Accueil occasionnel du 5 mars 2027');
  });

  it('a household with occasional care only gets its bookings', () => {
    const inv = billMonth(
      input([
        child({
          contracts: [],
          bookings: [
            {
              id: 'b1',
              date: '2027-03-05',
              from: 540,
              to: 600,
              kind: 'EMERGENCY',
              billedMinutes: 60,
              hourlyRate: '0.50',
              amount: '0.50',
            },
          ],
        }),
      ]),
    );
    expect(inv.lines.map((l) => l.kind)).toEqual(['OCCASIONAL']);
    expect(inv.total).toBe('0.50');
  });

  it('bills the time a child with a booking only stayed past it, at the booking rate, by started unit', () => {
    const booking = {
      id: 'b1',
      date: '2027-03-05',
      from: 540,
      to: 570,
      kind: 'OCCASIONAL' as const,
      billedMinutes: 30,
      hourlyRate: '0.50',
      amount: '0.25',
    };
    // Booked 09:00-09:30, present 07:00-19:00: 11 h 30 more, billed by the crèche's started units.
    const stayed = billMonth(
      input([child({ contracts: [], bookings: [booking], attendance: [{ date: '2027-03-05', from: 420, to: 1140 }] })]),
    );
    expect(stayed.lines.map((l) => [l.kind, l.hours, l.amount])).toEqual([
      ['OCCASIONAL', '0.5', '0.25'],
      ['EXTRA_HOURS', '11.5', '5.75'],
    ]);
    expect(stayed.total).toBe('6.00');
    expect(stayed.billedHours).toBe('12');
    // Within the booking: nothing more. Billed by the other household, whose booking came first: not here.
    const within = billMonth(
      input([child({ contracts: [], bookings: [booking], attendance: [{ date: '2027-03-05', from: 545, to: 565 }] })]),
    );
    expect(within.total).toBe('0.25');
    const otherFirst = billMonth(
      input([
        child({
          contracts: [],
          bookings: [booking],
          bookedElsewhere: [{ date: '2027-03-05', from: 480, to: 500 }],
          attendance: [{ date: '2027-03-05', from: 420, to: 1140 }],
        }),
      ]),
    );
    expect(otherFirst.lines.map((l) => l.kind)).toEqual(['OCCASIONAL']);
  });

  describe('leaving before the contract ends', () => {
    // Contract 2027-01-01 → 2027-12-31, 1 440 h reserved (120 h a month); leaves on Wednesday 17 March 2027.
    const left = (over: Partial<ContractToBill> = {}) => contract({ endDate: '2027-03-17', ...over });
    const reservedUpTo = mensualise({
      start: '2027-01-01',
      end: '2027-03-17',
      schedule: monThu,
      closures: [],
      leavePeriods: [],
      publicHolidays: H,
      opensOnPublicHolidays: false,
    }).reservedMinutes;

    it('the last invoice regularises: hours reserved up to the leaving date × rate − instalments billed', () => {
      // Reserved 1 January → 17 March: 43 contract days (no holiday) × 10 h = 430 h.
      expect(reservedUpTo).toBe(430 * 60);
      const inv = billMonth(input([child({ contracts: [left()] })]));
      const reg = inv.lines.find((l) => l.kind === 'REGULARISATION')!;
      // 430 h × 1.50 = 645.00 − (2 × 180 + this month's 180) = 105.00; 430 − 360 = 70 h.
      expect([reg.hours, reg.amount]).toEqual(['70', '105.00']);
      expect(inv.total).toBe('285.00');
      expect(inv.billedHours).toBe('190');
    });

    it("prices the hours reserved beyond the instalments at the leaving month's rate, never re-pricing earlier months", () => {
      // 3.71 €/h until March, the floor's 0.50 €/h from 1 April; leaves on Tuesday 20 April. January to March were
      // billed at 3.71 and stand as billed.
      const inv = billMonth(
        input([child({ contracts: [contract({ endDate: '2027-04-20', hourlyRate: '0.50' })] })], '2027-04'),
      );
      const reserved =
        mensualise({
          start: '2027-01-01',
          end: '2027-04-20',
          schedule: monThu,
          closures: [],
          leavePeriods: [],
          publicHolidays: H,
          opensOnPublicHolidays: false,
        }).reservedMinutes / 60;
      // 120 h a month at 0.50 = 60.00 each; the hours reserved up to 20 April, at 0.50, less four of them.
      const reg = inv.lines.find((l) => l.kind === 'REGULARISATION')!;
      expect(reg.amount).toBe(new Dec(reserved).times('0.50').toDecimalPlaces(2).minus(240).toFixed(2));
      expect(reg.hours).toBe(String(reserved - 480));
      expect(reg.label).toBe(
        `Régularisation de départ : ${reserved},00 h réservées du 1er janvier 2027 au 20 avril 2027, moins 4 mensualités`,
      );
    });

    it('owes nothing more when the hours reserved up to the leaving day are those of the instalments, whatever the rates', () => {
      // Summer closure: the months reserve unequal hours, and the rate fell in July. Leaving on Thursday 30 December,
      // the last day the schedule holds, reserves every hour of the contract: no regularisation is owed.
      const closures = [{ from: '2027-08-02', to: '2027-08-27' }];
      const whole = mensualise({
        start: '2027-01-01',
        end: '2027-12-31',
        schedule: monThu,
        closures,
        leavePeriods: [],
        publicHolidays: H,
        opensOnPublicHolidays: false,
      });
      const c = contract({
        endDate: '2027-12-30',
        hourlyRate: '0.50',
        mensualisation: { ...contract().mensualisation, reservedMinutes: whole.reservedMinutes },
      });
      const inv = billMonth({ ...input([child({ contracts: [c] })], '2027-12'), calendar: { ...calendar, closures } });
      const reg = inv.lines.find((l) => l.kind === 'REGULARISATION')!;
      expect([reg.hours, reg.amount]).toEqual(['0', '0.00']);
    });

    it('bills its hours × the rate, rounded once, like every line; a later leaving date never bills less (to the cent)', () => {
      // A contract with 8 weeks of leave given as a number (older contracts) and a half share: the roundings and the
      // undated leave are where a later date could have billed less.
      const undated = mensualise({
        start: '2027-01-01',
        end: '2027-12-31',
        schedule: monThu,
        closures: [],
        leavePeriods: [],
        publicHolidays: H,
        opensOnPublicHolidays: false,
        undatedLeaveWeeks: 8,
      });
      const totalBilled = (endDate: string, rate: string, sharePercent: number) => {
        const c = contract({ endDate, hourlyRate: rate, sharePercent, mensualisation: undated });
        const month = endDate.slice(0, 7);
        const last = billMonth(input([child({ contracts: [c] })], month));
        const reg = last.lines.find((l) => l.kind === 'REGULARISATION')!;
        // Its hours × the rate, to the half-cent (the hours are written to a finite number of decimals).
        expect(new Dec(reg.amount).minus(new Dec(reg.hours).times(rate)).abs().lte('0.0050001')).toBe(true);
        const earlier = Number(month.slice(5, 7)) - 1;
        return new Dec(last.lines.find((l) => l.kind === 'INSTALMENT')!.amount).times(earlier).plus(last.total);
      };
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 360 }),
          fc.constantFrom('0.50', '1.17', '1.49', '3.71'),
          fc.constantFrom(100, 50, 40),
          (offset, rate, sharePercent) => {
            const day = (n: number) => isoOf(dayOf('2027-01-01') + n);
            if (day(offset + 1) > '2027-12-30') return;
            const later = totalBilled(day(offset + 1), rate, sharePercent);
            const earlier = totalBilled(day(offset), rate, sharePercent);
            // Never less, but for the cent an instalment's own rounding may move when the date enters a new month.
            expect(later.gte(earlier.minus('0.01'))).toBe(true);
          },
        ),
        { numRuns: 200 },
      );
    });

    it("bills the contract's own monthly fee to the cent, even when it falls on a half-cent", () => {
      // Monday–Thursday 07:00–17:20 over 2027 at 1.17 €/h: 3 131/18 h a month, × 1.17 = 203.515 → 203.52 €.
      const c = contract({
        schedule: [1, 2, 3, 4].map((weekday) => ({ weekday, from: '07:00', to: '17:20' })),
        mensualisation: {
          contractStart: '2027-01-01',
          contractEnd: '2027-12-31',
          months: 12,
          reservedMinutes: 125_240,
        },
        hourlyRate: '1.17',
      });
      const inv = billMonth(input([child({ contracts: [c] })], '2027-01'));
      expect(inv.lines[0]).toMatchObject({ kind: 'INSTALMENT', amount: '203.52' });
    });

    it('is no later invoice: a month after the leaving date bills nothing', () => {
      expect(billMonth(input([child({ contracts: [left()] })], '2027-04')).lines).toEqual([]);
    });

    it('a contract ending on its planned end has no regularisation', () => {
      const inv = billMonth(input([child()], '2027-12'));
      expect(inv.lines.map((l) => l.kind)).toEqual(['INSTALMENT']);
    });

    describe('keeps only the share of the leave bound its shorter period allows', () => {
      // Monday–Friday 08:00–18:00 (50 h a week) from Monday 4 January to 31 December 2027, 1.50 €/h, all of a year's
      // leave put first: 4 January to Monday 8 March, 46 weekdays, 460 h (within 10 weeks × 50 h × 362 ÷ 365 = 496 h).
      const monFri = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '18:00' }));
      const leavePeriods = [{ from: '2027-01-04', to: '2027-03-08' }];
      const signed = (over: { leavePeriods?: typeof leavePeriods; maxLeaveWeeksPerYear?: number } = {}) => {
        const periods = over.leavePeriods ?? leavePeriods;
        const m = mensualise({
          start: '2027-01-04',
          end: '2027-12-31',
          schedule: monFri,
          closures: [],
          leavePeriods: periods,
          publicHolidays: H,
          opensOnPublicHolidays: false,
        });
        const mensualisation = 'maxLeaveWeeksPerYear' in over ? { ...m, ...over } : { ...m, maxLeaveWeeksPerYear: 10 };
        return contract({
          startDate: '2027-01-04',
          endDate: '2027-03-31',
          schedule: monFri,
          leavePeriods: periods,
          mensualisation,
        });
      };
      const regularisationOf = (c: ContractToBill, cal = calendar) =>
        billMonth({ ...input([child({ contracts: [c] })]), calendar: cal }).lines.find(
          (l) => l.kind === 'REGULARISATION',
        )!;

      it('an early end bills the leave beyond that share as reserved hours', () => {
        const c = signed();
        // Up to Wednesday 31 March: 63 weekdays, Easter Monday (29 March) out, 46 on leave: 16 days, 160 h reserved.
        // The share of the bound: 10 weeks × 3 000 min × 87 days ÷ 365 = 7 150.68 min; of the 27 600 min on leave,
        // 20 449 min (rounded down) are beyond it: 9 600 + 20 449 = 30 049 min.
        // Three instalments of 2 080 h ÷ 12 = 3 × 10 400 min: 30 049 − 31 200 = −1 151 min, −19.18 h × 1.50 = −28.78 €.
        // Without the bound the family would have been refunded all of its leave: 160 h − 520 h, −540.00 €.
        const reg = regularisationOf(c);
        expect(c.mensualisation.reservedMinutes).toBe(124_800);
        expect(new Dec(reg.hours).times(60).toDecimalPlaces(9).toNumber()).toBe(30_049 - 31_200);
        expect(reg.amount).toBe('-28.78');
        expect(reg.label).toBe(
          `Régularisation de départ : 500,82 h réservées du 4 janvier 2027 au 31 mars 2027 (dont 340,82 h de congés au-delà des 10 semaines par an que la crèche accorde, au prorata du contrat), moins 3 mensualités`,
        );
      });

      it('leave within the share is left out as signed', () => {
        const c = signed({ leavePeriods: [{ from: '2027-02-15', to: '2027-02-19' }] });
        const reg = regularisationOf(c);
        expect(reg.label).not.toContain('congés');
        // 63 weekdays − Easter Monday − 5 days of leave = 57 days, 570 h.
        expect(reg.label).toContain('570,00 h réservées');
      });

      it('is held to the bound it was signed under; a snapshot that kept none reads the crèche’s current one', () => {
        const lowered = { ...calendar, maxLeaveWeeksPerYear: 2 };
        expect(regularisationOf(signed(), lowered).label).toContain('au-delà des 10 semaines');
        const before = signed({ maxLeaveWeeksPerYear: undefined });
        expect(regularisationOf(before, lowered).label).toContain('au-delà des 2 semaines');
      });
    });
  });

  it('an alternating-residence share bills its percent of the hours at its own rate', () => {
    const inv = billMonth(
      input([
        child({
          contracts: [contract({ sharePercent: 40, hourlyRate: '2.00' })],
          absences: [{ reason: 'HOSPITALISATION', from: '2027-03-01', to: '2027-03-01', certified: false }],
        }),
      ]),
    );
    // 48 h × 2.00 = 96.00; 4 h deducted = −8.00.
    expect(inv.total).toBe('88.00');
    expect(inv.billedHours).toBe('44');
  });

  describe('properties', () => {
    const days = Array.from({ length: 31 }, (_, i) => `2027-03-${String(i + 1).padStart(2, '0')}`);
    const absence = fc
      .record({
        reason: fc.constantFrom(...ABSENCE_REASONS),
        from: fc.integer({ min: -5, max: 30 }),
        length: fc.integer({ min: 0, max: 20 }),
        certified: fc.boolean(),
      })
      .map((a) => ({
        reason: a.reason,
        from: isoOf(dayOf('2027-03-01') + a.from),
        to: isoOf(dayOf('2027-03-01') + a.from + a.length),
        certified: a.certified,
      }));
    const span = fc
      .record({
        day: fc.constantFrom(...days),
        from: fc.integer({ min: 360, max: 700 }),
        len: fc.integer({ min: 1, max: 720 }),
      })
      .map((s) => ({ date: s.day, from: s.from, to: Math.min(1440, s.from + s.len) }));
    const scenario = fc.record({
      absences: fc.array(absence, { maxLength: 6 }),
      attendance: fc.array(span, { maxLength: 25 }),
      rate: fc.integer({ min: 1, max: 2000 }).map((c) => new Dec(c).div(100).toFixed(2)),
      reservedHours: fc.integer({ min: 1, max: 2400 }),
      months: fc.integer({ min: 1, max: 12 }),
      share: fc.constantFrom(100, 50, 30),
      unit: fc.constantFrom(1, 5, 15, 30, 60),
    });
    type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;
    const run = (s: Scenario) =>
      billMonth(
        input(
          [
            child({
              contracts: [
                contract({
                  hourlyRate: s.rate,
                  sharePercent: s.share,
                  mensualisation: {
                    contractStart: '2027-01-01',
                    contractEnd: '2027-12-31',
                    months: s.months,
                    reservedMinutes: s.reservedHours * 60,
                  },
                }),
              ],
              absences: s.absences,
              attendance: s.attendance,
            }),
          ],
          '2027-03',
          s.unit,
        ),
      );

    it('deductions never exceed the instalment, in hours or in euros', () => {
      fc.assert(
        fc.property(scenario, (s) => {
          const inv = run(s);
          const sum = (kind: string) =>
            inv.lines.filter((l) => l.kind === kind).reduce((a, l) => a.plus(l.amount), new Dec(0));
          expect(sum('DEDUCTION').neg().lte(sum('INSTALMENT'))).toBe(true);
          expect(new Dec(inv.deductedHours).lte(inv.contractHours)).toBe(true);
          expect(new Dec(inv.total).gte(0)).toBe(true);
        }),
      );
    });

    it('hours billed = contract − deducted + extra + occasional, and the total is the sum of the lines in cents', () => {
      fc.assert(
        fc.property(scenario, (s) => {
          const inv = run(s);
          const formula = new Dec(inv.contractHours)
            .minus(inv.deductedHours)
            .plus(inv.extraHours)
            .plus(inv.occasionalHours);
          expect(new Dec(inv.billedHours).eq(formula)).toBe(true);
          const sumHours = inv.lines.reduce((a, l) => a.plus(l.hours), new Dec(0));
          expect(sumHours.eq(inv.billedHours)).toBe(true);
          for (const l of inv.lines) expect(l.amount).toMatch(/^-?\d+\.\d{2}$/);
          expect(inv.lines.reduce((a, l) => a.plus(l.amount), new Dec(0)).toFixed(2)).toBe(inv.total);
        }),
      );
    });

    it('nothing but the four deductible reasons is deducted, and an uncertified illness never is', () => {
      fc.assert(
        fc.property(scenario, (s) => {
          const inv = run(s);
          for (const l of inv.lines.filter((x) => x.kind === 'DEDUCTION')) {
            expect(l.reason).not.toBe('UNEXCUSED');
            if (l.reason === 'ILLNESS')
              for (const day of [l.from!, l.to!])
                expect(
                  s.absences.some((a) => a.reason === 'ILLNESS' && a.certified && a.from <= day && day <= a.to),
                ).toBe(true);
          }
        }),
      );
    });

    it('extra hours are billed in whole started units of the crèche', () => {
      fc.assert(
        fc.property(scenario, (s) => {
          const inv = run(s);
          const minutes = new Dec(inv.extraHours).times(60).times(100).div(s.share).toDecimalPlaces(6);
          expect(minutes.mod(s.unit).eq(0)).toBe(true);
        }),
      );
    });
  });
});

describe(plannedDays.name, () => {
  const booking = (date: string, from: number, to: number): BookingToBill => ({
    id: `${date}-${from}`,
    date,
    from,
    to,
    kind: 'OCCASIONAL',
    billedMinutes: to - from,
    hourlyRate: '1.50',
    amount: new Dec(to - from).times('1.50').div(60).toFixed(2),
  });

  it('gives each contract day its slots (none on Easter Monday or the closures), the extra time and the bookings', () => {
    const closed = { ...calendar, closures: [{ from: '2027-03-15', to: '2027-03-19' }] };
    const k = child({
      attendance: [
        { date: '2027-03-01', from: 420, to: 1040 }, // 20 min after 17:00: a started half-hour
        { date: '2027-03-05', from: 540, to: 700 }, // Friday: booked 09:00–11:00, stayed 40 min more (an hour billed)
        { date: '2027-03-29', from: 420, to: 600 }, // Easter Monday: no hours reserved, all of it extra
      ],
      bookings: [booking('2027-03-05', 540, 660)],
    });
    const days = plannedDays({ month: '2027-03', unitMinutes: 30, calendar: closed }, k);
    const none = { deducted: null, bookings: [], extraMinutes: 0, overtimeMinutes: 0 };
    expect(days.get('2027-03-01')).toEqual({ ...none, reserved: [{ from: 420, to: 1020 }], extraMinutes: 30 });
    expect(days.get('2027-03-02')).toEqual({ ...none, reserved: [{ from: 420, to: 1020 }] });
    expect(days.get('2027-03-05')).toEqual({
      ...none,
      reserved: [],
      bookings: [{ from: 540, to: 660, kind: 'OCCASIONAL' }],
      // A day of the contract's period: time past the booking is the contract's extra time, not the booking's.
      extraMinutes: 60,
    });
    // With no contract that day, it is the booking's overtime (« Dépassement de l'accueil réservé »).
    const occasional = plannedDays({ month: '2027-03', unitMinutes: 30, calendar: closed }, { ...k, contracts: [] });
    expect(occasional.get('2027-03-05')).toMatchObject({ extraMinutes: 0, overtimeMinutes: 60 });
    expect(days.get('2027-03-29')).toEqual({ ...none, reserved: [], extraMinutes: 180 });
    expect(days.has('2027-03-16')).toBe(false);
    // 1–4, 8–11, 22–25 and 30–31 March: 14 contract days of 10 h; the 29th is Easter Monday.
    const reserved = [...days.values()].reduce((sum, d) => sum + d.reserved.reduce((a, r) => a + r.to - r.from, 0), 0);
    expect(reserved).toBe(14 * 600);
    const inv = billMonth({ month: '2027-03', unitMinutes: 30, calendar: closed, children: [k] });
    expect(new Dec(inv.extraHours).times(60).toNumber()).toBe(30 + 60 + 180);
  });

  it("adds up to the invoice's lines, whatever the attendance, bookings, absences, closures, leave, dates and share", () => {
    const days = Array.from({ length: 31 }, (_, i) => `2027-03-${String(i + 1).padStart(2, '0')}`);
    const span = fc
      .record({
        day: fc.constantFrom(...days),
        from: fc.integer({ min: 360, max: 900 }),
        len: fc.integer({ min: 1, max: 600 }),
      })
      .map((s) => ({ date: s.day, from: s.from, to: Math.min(1440, s.from + s.len) }));
    const period = fc
      .tuple(fc.constantFrom(...days), fc.integer({ min: 0, max: 6 }))
      .map(([from, length]) => ({ from, to: isoOf(dayOf(from) + length) }));
    fc.assert(
      fc.property(
        fc.record({
          attended: fc.array(span, { maxLength: 20 }),
          booked: fc.array(span, { maxLength: 6 }),
          absences: fc.array(
            fc.record({
              reason: fc.constantFrom(...ABSENCE_REASONS),
              period,
              certified: fc.boolean(),
            }),
            { maxLength: 3 },
          ),
          // Closures the crèche added since the hours were reserved (the snapshot kept none).
          closures: fc.array(period, { maxLength: 2 }),
          leave: fc.array(period, { maxLength: 1 }),
          startsOn: fc.option(fc.constantFrom(...days), { nil: undefined }),
          endsOn: fc.option(fc.constantFrom(...days), { nil: undefined }),
          share: fc.constantFrom(100, 60, 35),
          unit: fc.constantFrom(1, 15, 30, 60),
        }),
        (s) => {
          const c = contract({
            startDate: s.startsOn ?? '2027-01-01',
            endDate: s.endsOn && (!s.startsOn || s.endsOn >= s.startsOn) ? s.endsOn : '2027-12-31',
            leavePeriods: s.leave,
            sharePercent: s.share,
            mensualisation: { ...contract().mensualisation, closures: [] },
          });
          const k = child({
            contracts: [c],
            attendance: s.attended,
            absences: s.absences.map((a) => ({ reason: a.reason, ...a.period, certified: a.certified })),
            bookings: s.booked.map((b) => booking(b.date, b.from, b.to)),
          });
          const cal = { ...calendar, closures: s.closures };
          const planned = plannedDays({ month: '2027-03', unitMinutes: s.unit, calendar: cal }, k);
          const inv = billMonth({ month: '2027-03', unitMinutes: s.unit, calendar: cal, children: [k] });
          const hoursOf = (keep: (l: InvoiceLine) => boolean) =>
            inv.lines.filter(keep).reduce((sum, l) => sum.plus(l.hours), new Dec(0));
          const all = [...planned.values()];
          // To Decimal's precision: the invoice divides line by line (71/60 + 26/60 is not 97/60 exactly).
          const near = (x: Dec, y: Dec) => expect(x.minus(y).abs().lt('1e-20')).toBe(true);
          const extra = all.reduce((sum, d) => sum + d.extraMinutes, 0);
          near(
            new Dec(extra).times(s.share).div(6000),
            hoursOf((l) => l.kind === 'EXTRA_HOURS' && l.contractId !== null),
          );
          const overtime = all.reduce((sum, d) => sum + d.overtimeMinutes, 0);
          near(
            new Dec(overtime).div(60),
            hoursOf((l) => l.kind === 'EXTRA_HOURS' && l.contractId === null),
          );
          // Each day a deduction line covers with hours is marked with its reason.
          for (const l of inv.lines.filter((x) => x.kind === 'DEDUCTION'))
            for (let d = dayOf(l.from!); d <= dayOf(l.to!); d += 1) {
              const p = planned.get(isoOf(d));
              if (p?.reserved.length) expect(p.deducted).toBe(l.reason);
            }
          for (const [date, d] of planned) {
            if (date > c.endDate || date < c.startDate) expect(d.reserved).toEqual([]);
            expect(d.extraMinutes % s.unit).toBe(0);
          }
        },
      ),
    );
  });
});
