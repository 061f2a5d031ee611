import { Day, dayOf, isoOf, Minute } from '../../../common/time/calendar';
import { Dec } from '../../fees/domain/decimal';
import { billContract, contractDayMinutes, contractDeductions, contractExtraOn, reservedOn } from './contract-month';
import type { AbsenceReason } from '../../attendance/domain/absence-reasons';
import { billedMinutesOf } from '../../fees/domain/occasional-fee';
import { Interval, lengthOf, subtract, union } from './intervals';
import type { BookingToBill, InvoiceLine, MonthInput, MonthInvoice } from './invoice-types';
import { fmtHours, frDate } from './labels';

export * from './invoice-types';
export { contractDayMinutes } from './contract-month';
export { fmtHours, frDate } from './labels';

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
    // Booked hours are not extra hours, whichever household the booking is billed to.
    const booked = [...child.bookings, ...(child.bookedElsewhere ?? [])];
    const bookingsByDay = groupByDay(booked.filter((b) => inMonth(b.date, first, last)));
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
    const overtime = overtimeDays(child, first, last, input.unitMinutes, attendedByDay, bookingsByDay);
    for (const line of bookingOvertime(child.childId, input.unitMinutes, overtime)) {
      lines.push(line);
      extraH = extraH.plus(line.hours);
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

/** The lines of `overtimeDays`: one a day, at the rate of the day's first booking. */
function bookingOvertime(childId: string, unitMinutes: number, days: ReturnType<typeof overtimeDays>): InvoiceLine[] {
  return days.map(({ booking, outside, billed }) => {
    const hours = new Dec(billed).div(60);
    return {
      kind: 'EXTRA_HOURS',
      childId,
      contractId: null,
      bookingId: null,
      reason: null,
      from: booking.date,
      to: booking.date,
      label: `Dépassement de l'accueil réservé du ${frDate(booking.date)} (${fmtHours(new Dec(outside).div(60))} h de présence en plus, par tranche de ${unitMinutes} min commencée)`,
      hours: hours.toString(),
      hourlyRate: booking.hourlyRate,
      amount: hours.times(booking.hourlyRate).toFixed(2, Dec.ROUND_HALF_UP),
    } satisfies InvoiceLine;
  });
}

/**
 * Time attended beyond the bookings of a day no contract of the child covers (a contract's days have their own extra
 * hours), by day in order with the day's first booking, the minutes outside and those billed (every started unit).
 * A child booked from 09:00 to 09:30 and left until 19:00 is billed the time it stayed. When the other household of a
 * child in alternating residence booked that day too, the household whose booking starts first bills it (never both).
 */
function overtimeDays(
  child: MonthInput['children'][number],
  first: Day,
  last: Day,
  unitMinutes: number,
  attendedByDay: Map<Day, Interval[]>,
  bookingsByDay: Map<Day, Interval[]>,
): { day: Day; booking: BookingToBill; outside: number; billed: number }[] {
  const firstOwn = new Map<Day, BookingToBill>();
  for (const b of child.bookings) {
    const d = dayOf(b.date);
    if (d < first || d > last) continue;
    const earlier = firstOwn.get(d);
    if (!earlier || b.from < earlier.from) firstOwn.set(d, b);
  }
  const days: { day: Day; booking: BookingToBill; outside: number; billed: number }[] = [];
  for (const [d, booking] of [...firstOwn.entries()].sort(([a], [b]) => a - b)) {
    if (child.contracts.some((c) => dayOf(c.startDate) <= d && d <= dayOf(c.endDate))) continue;
    const attended = attendedByDay.get(d);
    if (!attended) continue;
    if ((child.bookedElsewhere ?? []).some((o) => dayOf(o.date) === d && o.from < booking.from)) continue;
    const outside = lengthOf(subtract(attended, bookingsByDay.get(d) ?? []));
    if (outside === 0) continue;
    days.push({ day: d, booking, outside, billed: billedMinutesOf(outside, unitMinutes) });
  }
  return days;
}

/** A child's day as the month's invoice counts it (R9.7). */
export interface PlannedDay {
  /**
   * The contracts' slots that day as billed: none on a public holiday (unless the crèche opens), on a closure its
   * reserved hours left out, on declared leave. A day the crèche closed since keeps them, and is deducted.
   */
  readonly reserved: Interval[];
  /** The reason the day's hours are deducted (an absence, or a closure added since the hours were reserved). */
  deducted: AbsenceReason | null;
  /** The child's occasional and emergency bookings that day (this household's). */
  readonly bookings: { readonly from: Minute; readonly to: Minute; readonly kind: BookingToBill['kind'] }[];
  /** Minutes of « Heures complémentaires » that day: every started unit, before a shared contract's percent. */
  extraMinutes: number;
  /** Minutes of « Dépassement de l'accueil réservé » that day (a booking's overtime, no contract that day). */
  overtimeMinutes: number;
}

/**
 * One child's month, day by day, counted by the functions `billMonth` bills with (a day's contract slots, its
 * deductions, its extra time, a booking's overtime): the days with reserved hours, a booking or extra time, by ISO
 * date.
 */
export function plannedDays(
  input: Pick<MonthInput, 'month' | 'unitMinutes' | 'calendar'>,
  child: MonthInput['children'][number],
): Map<string, PlannedDay> {
  const { first, last } = monthBounds(input.month);
  const attendedByDay = groupByDay(child.attendance.filter((a) => inMonth(a.date, first, last)));
  const booked = [...child.bookings, ...(child.bookedElsewhere ?? [])];
  const bookingsByDay = groupByDay(booked.filter((b) => inMonth(b.date, first, last)));
  const days = new Map<string, PlannedDay>();
  const day = (d: Day): PlannedDay => {
    const iso = isoOf(d);
    let out = days.get(iso);
    if (!out)
      days.set(iso, (out = { reserved: [], deducted: null, bookings: [], extraMinutes: 0, overtimeMinutes: 0 }));
    return out;
  };
  for (const c of child.contracts) {
    const dayMinutes = contractDayMinutes(c, input.calendar);
    const from = Math.max(first, dayOf(c.startDate));
    const to = Math.min(last, dayOf(c.endDate));
    for (let d = from; d <= to; d += 1) {
      const reserved = reservedOn(c, dayMinutes, d);
      const extra = contractExtraOn(c, dayMinutes, d, attendedByDay, bookingsByDay, input.unitMinutes);
      if (reserved.length === 0 && extra === 0) continue;
      const out = day(d);
      out.reserved.push(...reserved);
      out.extraMinutes += extra;
    }
    if (from > to) continue;
    // A run's days between its first and last without hours are not deducted (and have no entry to mark).
    for (const run of contractDeductions(child, c, input.calendar, from, to, attendedByDay))
      for (let d = run.first; d <= run.last; d += 1) if (dayMinutes(d) > 0) day(d).deducted = run.reason;
  }
  for (const b of child.bookings)
    if (inMonth(b.date, first, last)) day(dayOf(b.date)).bookings.push({ from: b.from, to: b.to, kind: b.kind });
  for (const o of overtimeDays(child, first, last, input.unitMinutes, attendedByDay, bookingsByDay))
    day(o.day).overtimeMinutes += o.billed;
  return days;
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
