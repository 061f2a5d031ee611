import { Day, dayOf, Minute } from '../../../common/time/calendar';
import { Dec } from '../../fees/domain/decimal';
import { billContract } from './contract-month';
import { Interval, lengthOf, union } from './intervals';
import type { InvoiceLine, MonthInput, MonthInvoice } from './invoice-types';
import { frDate } from './labels';

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
