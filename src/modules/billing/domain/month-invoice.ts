import { Day, dayOf, isoOf, Minute, minuteOf, weekdayOf } from '../../../common/time/calendar';
import { ABSENCE_REASON_LABELS_FR, AbsenceReason } from '../../attendance/domain/absence-reasons';
import { Dec } from '../../fees/domain/decimal';
import { DatedPeriod, mensualise, Mensualisation } from '../../fees/domain/mensualisation';
import { billedMinutesOf } from '../../fees/domain/occasional-fee';
import { Interval, lengthOf, subtract, union } from './intervals';
import { deductedDays } from './deductions';

/** Rounding of invoices (docs/rules.md#r86-invoice-amounts-and-rounding). */
export const INVOICE_ROUNDING_RULE =
  'each line = exact hours × hourly rate, rounded half-up to the cent once; the total is the sum of the lines';

export const LINE_KINDS = ['INSTALMENT', 'REGULARISATION', 'DEDUCTION', 'EXTRA_HOURS', 'OCCASIONAL'] as const;
export type LineKind = (typeof LINE_KINDS)[number];

export interface BillingCalendar {
  /** Public holidays over the contracts' whole periods (the regularisation recounts reserved hours from the start). */
  readonly publicHolidays: ReadonlySet<Day>;
  readonly closures: readonly DatedPeriod[];
  readonly opensOnPublicHolidays: boolean;
}

export interface ContractToBill {
  readonly id: string;
  readonly startDate: string;
  /** The current end: before `mensualisation.contractEnd` when the child left early. */
  readonly endDate: string;
  readonly schedule: readonly { weekday: number; from: string; to: string }[];
  readonly leavePeriods: readonly DatedPeriod[];
  readonly mensualisation: Pick<Mensualisation, 'contractStart' | 'contractEnd' | 'months' | 'reservedMinutes'>;
  /** The hourly rate in force this month (rates change on the first of a month). */
  readonly hourlyRate: string;
  /** This household's percent of the hours (alternating residence); 100 otherwise. */
  readonly sharePercent: number;
  /** Instalments of this contract (this household's share) billed on earlier invoices. */
  readonly previousInstalments: { readonly months: number; readonly amount: string };
}

export interface AttendanceSpan {
  readonly date: string;
  readonly from: Minute;
  readonly to: Minute;
}

export interface AbsencePeriod {
  readonly reason: AbsenceReason;
  readonly from: string;
  readonly to: string;
  /** Illness: a medical certificate was given (only then is it deducted). */
  readonly certified: boolean;
}

export interface BookingToBill {
  readonly id: string;
  readonly date: string;
  readonly from: Minute;
  readonly to: Minute;
  readonly kind: 'OCCASIONAL' | 'EMERGENCY';
  /** Its fee, fixed when booked (docs/rules.md#r412-occasional-and-emergency-care). */
  readonly billedMinutes: number;
  readonly hourlyRate: string;
  readonly amount: string;
}

export interface ChildMonth {
  readonly childId: string;
  readonly contracts: readonly ContractToBill[];
  readonly attendance: readonly AttendanceSpan[];
  readonly absences: readonly AbsencePeriod[];
  readonly bookings: readonly BookingToBill[];
}

export interface MonthInput {
  /** "2027-03". */
  readonly month: string;
  /** The crèche's billing unit: every started unit of extra time is billed. */
  readonly unitMinutes: number;
  readonly calendar: BillingCalendar;
  readonly children: readonly ChildMonth[];
}

export interface InvoiceLine {
  readonly kind: LineKind;
  readonly childId: string;
  readonly contractId: string | null;
  readonly bookingId: string | null;
  readonly reason: AbsenceReason | null;
  readonly from: string | null;
  readonly to: string | null;
  /** French, as printed on the invoice. */
  readonly label: string;
  /** Hours of the line, signed like the amount (deductions negative), exact. */
  readonly hours: string;
  readonly hourlyRate: string;
  /** Euros, signed, two decimals. */
  readonly amount: string;
}

export interface MonthInvoice {
  readonly lines: readonly InvoiceLine[];
  readonly total: string;
  /** Exact hours; the invoice shows them rounded to two decimals. */
  readonly contractHours: string;
  readonly deductedHours: string;
  readonly extraHours: string;
  readonly occasionalHours: string;
  /** contract − deducted + extra + occasional (docs/rules.md#r85-hours-billed-and-hours-attended). */
  readonly billedHours: string;
  readonly attendedMinutes: number;
}

/** First and last day of a month "YYYY-MM". */
export function monthBounds(month: string): { first: Day; last: Day } {
  const first = dayOf(`${month}-01`);
  const next = new Date(first * 86_400_000);
  next.setUTCMonth(next.getUTCMonth() + 1);
  return { first, last: next.getTime() / 86_400_000 - 1 };
}

/**
 * A household's invoice for a month under the PSU (docs/rules.md §8): for each regular contract its instalment
 * (mensualised hours × rate), the deductions for absences, the extra hours outside the day's contract hours, the
 * leaving regularisation on the last month of a contract ended early; each occasional booking at its fee. Money with
 * decimal.js, each line rounded half-up to the cent once; hours exact.
 */
export function billMonth(input: MonthInput): MonthInvoice {
  const { first, last } = monthBounds(input.month);
  const lines: InvoiceLine[] = [];
  let contractH = new Dec(0);
  let deductedH = new Dec(0);
  let extraH = new Dec(0);
  let occasionalH = new Dec(0);
  let attendedMinutes = 0;
  for (const child of input.children) {
    const attendedByDay = groupByDay(child.attendance.filter((a) => inMonth(a.date, first, last)));
    for (const spans of attendedByDay.values()) attendedMinutes += lengthOf(spans);
    const bookingsByDay = groupByDay(child.bookings.filter((b) => inMonth(b.date, first, last)));
    for (const c of child.contracts) {
      const from = Math.max(first, dayOf(c.startDate));
      const to = Math.min(last, dayOf(c.endDate));
      if (from > to) continue;
      const billed = billContract({ input, child, c, from, to, attendedByDay, bookingsByDay });
      lines.push(...billed.lines);
      contractH = contractH.plus(billed.contractH);
      deductedH = deductedH.plus(billed.deductedH);
      extraH = extraH.plus(billed.extraH);
    }
    for (const b of [...child.bookings].sort((x, y) =>
      x.date < y.date ? -1 : x.date > y.date ? 1 : x.from - y.from,
    )) {
      if (!inMonth(b.date, first, last)) continue;
      const hours = new Dec(b.billedMinutes).div(60);
      occasionalH = occasionalH.plus(hours);
      lines.push({
        kind: 'OCCASIONAL',
        childId: child.childId,
        contractId: null,
        bookingId: b.id,
        reason: null,
        from: b.date,
        to: b.date,
        label: `${b.kind === 'EMERGENCY' ? "Accueil d'urgence" : 'Accueil occasionnel'} du ${frDate(b.date)}`,
        hours: hours.toString(),
        hourlyRate: b.hourlyRate,
        amount: new Dec(b.amount).toFixed(2),
      });
    }
  }
  const total = lines.reduce((sum, l) => sum.plus(l.amount), new Dec(0));
  return {
    lines,
    total: total.toFixed(2),
    contractHours: contractH.toString(),
    deductedHours: deductedH.toString(),
    extraHours: extraH.toString(),
    occasionalHours: occasionalH.toString(),
    billedHours: contractH.minus(deductedH).plus(extraH).plus(occasionalH).toString(),
    attendedMinutes,
  };
}

interface ContractBilling {
  input: MonthInput;
  child: ChildMonth;
  c: ContractToBill;
  from: Day;
  to: Day;
  attendedByDay: Map<Day, Interval[]>;
  bookingsByDay: Map<Day, Interval[]>;
}

function billContract(b: ContractBilling) {
  const { input, child, c } = b;
  const lines: InvoiceLine[] = [];
  const share = new Dec(c.sharePercent).div(100);
  const line = (l: Omit<InvoiceLine, 'childId' | 'contractId' | 'bookingId' | 'hourlyRate'>): InvoiceLine => ({
    childId: child.childId,
    contractId: c.id,
    bookingId: null,
    hourlyRate: c.hourlyRate,
    ...l,
  });
  const money = (hours: Dec) => hours.times(c.hourlyRate).toDecimalPlaces(2, Dec.ROUND_HALF_UP);

  // Instalment: the reserved hours smoothed over the contract's months (docs/rules.md#r49-mensualisation).
  const m = c.mensualisation;
  const monthlyH = new Dec(m.reservedMinutes).times(share).div(60 * m.months);
  const instalment = money(monthlyH);
  lines.push(
    line({
      kind: 'INSTALMENT',
      reason: null,
      from: null,
      to: null,
      label: 'Mensualité',
      hours: monthlyH.toString(),
      amount: instalment.toFixed(2),
    }),
  );
  let contractH = monthlyH;

  // Leaving before the contract's end (docs/rules.md#r87-leaving-before-the-contracts-end).
  const endDay = dayOf(c.endDate);
  if (c.endDate < m.contractEnd && endDay >= b.from && endDay <= b.to) {
    const upTo = mensualise({
      start: m.contractStart,
      end: c.endDate,
      schedule: c.schedule,
      closures: input.calendar.closures,
      leavePeriods: c.leavePeriods
        .filter((p) => p.from <= c.endDate)
        .map((p) => ({ from: p.from, to: p.to < c.endDate ? p.to : c.endDate })),
      publicHolidays: input.calendar.publicHolidays,
      opensOnPublicHolidays: input.calendar.opensOnPublicHolidays,
    });
    const reservedH = new Dec(upTo.reservedMinutes).times(share).div(60);
    const billedMonths = c.previousInstalments.months + 1;
    const hours = reservedH.minus(monthlyH.times(billedMonths));
    const amount = money(reservedH).minus(c.previousInstalments.amount).minus(instalment);
    contractH = contractH.plus(hours);
    lines.push(
      line({
        kind: 'REGULARISATION',
        reason: null,
        from: m.contractStart,
        to: c.endDate,
        label: `Régularisation de départ : ${fmtHours(reservedH)} h réservées du ${frDate(m.contractStart)} au ${frDate(c.endDate)}, moins ${billedMonths} mensualité${billedMonths > 1 ? 's' : ''} facturée${billedMonths > 1 ? 's' : ''}`,
        hours: hours.toString(),
        amount: amount.toFixed(2),
      }),
    );
  }

  const dayMinutes = contractDayMinutes(c, input.calendar);
  // Deductions, capped so that they never exceed the instalment.
  let deductedH = new Dec(0);
  let deductedAmount = new Dec(0);
  const runs = deductedDays({
    absences: child.absences,
    from: b.from,
    to: b.to,
    minutesOn: dayMinutes,
    attended: (d) => (b.attendedByDay.get(d)?.length ?? 0) > 0,
  });
  for (const run of runs) {
    let hours = new Dec(run.minutes).times(share).div(60);
    if (deductedH.plus(hours).gt(monthlyH)) hours = monthlyH.minus(deductedH);
    if (hours.lte(0)) break;
    let amount = money(hours);
    if (deductedAmount.plus(amount).gt(instalment)) amount = instalment.minus(deductedAmount);
    deductedH = deductedH.plus(hours);
    deductedAmount = deductedAmount.plus(amount);
    lines.push(
      line({
        kind: 'DEDUCTION',
        reason: run.reason,
        from: isoOf(run.first),
        to: isoOf(run.last),
        label: `Déduction, ${ABSENCE_REASON_LABELS_FR[run.reason]} : ${run.first === run.last ? `le ${frDate(isoOf(run.first))}` : `du ${frDate(isoOf(run.first))} au ${frDate(isoOf(run.last))}`}`,
        hours: hours.neg().toString(),
        amount: amount.neg().toFixed(2),
      }),
    );
  }

  // Extra hours: time attended outside the day's contract hours and bookings, every started unit billed.
  let extraMinutes = 0;
  let extraDays = 0;
  for (let d = b.from; d <= b.to; d += 1) {
    const attended = b.attendedByDay.get(d);
    if (!attended) continue;
    const planned = [...(dayMinutes(d) > 0 ? slotsOn(c, d) : []), ...(b.bookingsByDay.get(d) ?? [])];
    const outside = lengthOf(subtract(attended, planned));
    if (outside === 0) continue;
    extraMinutes += billedMinutesOf(outside, input.unitMinutes);
    extraDays += 1;
  }
  const extraH = new Dec(extraMinutes).times(share).div(60);
  if (extraMinutes > 0)
    lines.push(
      line({
        kind: 'EXTRA_HOURS',
        reason: null,
        from: null,
        to: null,
        label: `Heures complémentaires (${extraDays} jour${extraDays > 1 ? 's' : ''}, par tranche de ${input.unitMinutes} min commencée)`,
        hours: extraH.toString(),
        amount: money(extraH).toFixed(2),
      }),
    );
  return { lines, contractH, deductedH, extraH };
}

/** The contract's hours on a day: none on public holidays (unless open), closures, declared leave, or off-contract. */
export function contractDayMinutes(c: ContractToBill, calendar: BillingCalendar): (d: Day) => number {
  const start = dayOf(c.startDate);
  const end = dayOf(c.endDate);
  const perWeekday = new Array<number>(8).fill(0);
  for (const s of c.schedule) perWeekday[s.weekday] += minuteOf(s.to) - minuteOf(s.from);
  const within = (periods: readonly DatedPeriod[], d: Day) =>
    periods.some((p) => dayOf(p.from) <= d && d <= dayOf(p.to));
  return (d) => {
    if (d < start || d > end) return 0;
    if (!calendar.opensOnPublicHolidays && calendar.publicHolidays.has(d)) return 0;
    if (within(calendar.closures, d) || within(c.leavePeriods, d)) return 0;
    return perWeekday[weekdayOf(d)];
  };
}

function slotsOn(c: ContractToBill, d: Day): Interval[] {
  const weekday = weekdayOf(d);
  return c.schedule.filter((s) => s.weekday === weekday).map((s) => ({ from: minuteOf(s.from), to: minuteOf(s.to) }));
}

function groupByDay(spans: readonly { date: string; from: Minute; to: Minute }[]): Map<Day, Interval[]> {
  const out = new Map<Day, Interval[]>();
  for (const s of spans) {
    const d = dayOf(s.date);
    out.set(d, union([...(out.get(d) ?? []), { from: s.from, to: s.to }]));
  }
  return out;
}

function inMonth(date: string, first: Day, last: Day): boolean {
  const d = dayOf(date);
  return d >= first && d <= last;
}

/** "8 mars 2027". */
export function frDate(iso: string): string {
  const months = [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ];
  return `${Number(iso.slice(8, 10))} ${months[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
}

/** Hours with two decimals, French style ("101,00"). */
export function fmtHours(hours: Dec | string): string {
  return new Dec(hours).toFixed(2, Dec.ROUND_HALF_UP).replace('.', ',');
}
