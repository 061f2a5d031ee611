import { Day, dayOf, isoOf, minuteOf, weekdayOf } from '../../../common/time/calendar';
import { ABSENCE_REASON_LABELS_FR } from '../../attendance/domain/absence-reasons';
import { Dec } from '../../fees/domain/decimal';
import { mensualisedFee } from '../../fees/domain/compute-fee';
import {
  allowedLeaveMinutes,
  DatedPeriod,
  mensualise,
  monthsSpanned,
  weeklyMinutesOf,
} from '../../fees/domain/mensualisation';
import { billedMinutesOf } from '../../fees/domain/occasional-fee';
import { DeductionRun, deductedDays } from './deductions';
import { Interval, lengthOf, subtract } from './intervals';
import type {
  AbsencePeriod,
  BillingCalendar,
  ChildMonth,
  ContractToBill,
  InvoiceLine,
  MonthInput,
} from './invoice-types';
import { fmtHours, frDate } from './labels';

export interface ContractBilling {
  input: MonthInput;
  child: ChildMonth;
  c: ContractToBill;
  from: Day;
  to: Day;
  attendedByDay: Map<Day, Interval[]>;
  bookingsByDay: Map<Day, Interval[]>;
}

/** One contract's lines for the month (one household's share): instalment, regularisation, deductions, extra hours. */
export function billContract(b: ContractBilling) {
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
  // The contract's own monthly fee, to the cent (hours times rate before the one division).
  const instalment = new Dec(mensualisedFee(m, c.hourlyRate, c.sharePercent));
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
    const r = regularisation(b, monthlyH);
    contractH = contractH.plus(r.hours);
    lines.push(
      line({
        kind: 'REGULARISATION',
        reason: null,
        from: m.contractStart,
        to: c.endDate,
        label: `Régularisation de départ : ${fmtHours(r.reservedH)} h réservées du ${frDate(m.contractStart)} au ${frDate(c.endDate)}${leaveBeyondText(r)}, moins ${r.months} mensualité${r.months > 1 ? 's' : ''}`,
        hours: r.hours.toString(),
        amount: r.amount.toFixed(2),
      }),
    );
  }

  const dayMinutes = contractDayMinutes(c, input.calendar);
  // Deductions, capped so that they never exceed the instalment. A closure added since the hours were reserved is
  // deducted as an exceptional closure, with no absence to record.
  let deductedH = new Dec(0);
  let deductedAmount = new Dec(0);
  const runs = contractDeductions(child, c, input.calendar, b.from, b.to, b.attendedByDay);
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
    const billed = contractExtraOn(c, dayMinutes, d, b.attendedByDay, b.bookingsByDay, input.unitMinutes);
    if (billed === 0) continue;
    extraMinutes += billed;
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

/**
 * What a child leaving early still owes, or is owed (docs/rules.md#r87-leaving-before-the-contracts-end): the hours
 * reserved from the contract's start up to the leaving date less the hours of the instalments of those months (this
 * one's included), at this month's rate, rounded once like every line (exact hours × rate). The instalments of earlier
 * months stand as billed, at their own rates: a rate changed on the way never re-prices them; nothing depends on which
 * months are already issued; a child leaving with as many hours reserved as its instalments bill owes nothing.
 */
function regularisation(b: ContractBilling, monthlyH: Dec) {
  const { c, input } = b;
  const m = c.mensualisation;
  const share = new Dec(c.sharePercent).div(100);
  const up = mensualise({
    start: m.contractStart,
    end: c.endDate,
    schedule: c.schedule,
    // The closures the reserved hours left out: one added since is deducted in its own month, not refunded here.
    closures: closuresReserved(c, input.calendar),
    leavePeriods: c.leavePeriods,
    publicHolidays: input.calendar.publicHolidays,
    opensOnPublicHolidays: input.calendar.opensOnPublicHolidays,
  });
  // Leave is bounded pro rata of the contract's days (R4.9): the shorter contract keeps its share of the bound, and the
  // leave beyond it is billed as reserved. Otherwise leave put first, then an early end, would refund what the bound
  // refused at signing. Whole minutes, rounded down (in the family's favour).
  const allowed = allowedLeaveMinutes(
    m.contractStart,
    c.endDate,
    weeklyMinutesOf(c.schedule),
    m.maxLeaveWeeksPerYear ?? input.calendar.maxLeaveWeeksPerYear,
  );
  const leaveBeyond = Math.max(0, new Dec(up.leaveMinutes ?? 0).minus(allowed).floor().toNumber());
  const upTo = up.reservedMinutes + leaveBeyond;
  // Leave given as a number of weeks (older contracts) is taken out in proportion to the hours the schedule held up to
  // the leaving date: one more day never takes a whole month's share of it away.
  const undated = m.undatedLeaveMinutes ?? 0;
  const reservedMinutes = undated ? upTo - Math.floor((undated * upTo) / (m.reservedMinutes + undated)) : upTo;
  const months = monthsSpanned(m.contractStart, c.endDate);
  // The hours beyond the instalments', kept exact: reserved × months of the contract − instalments' × its months.
  const beyond = { reservedMinutes: reservedMinutes * m.months - months * m.reservedMinutes, months: m.months };
  const reservedH = new Dec(reservedMinutes).times(share).div(60);
  return {
    reservedH,
    leaveBeyondH: new Dec(leaveBeyond).times(share).div(60),
    bound: m.maxLeaveWeeksPerYear ?? input.calendar.maxLeaveWeeksPerYear,
    months,
    hours: reservedH.minus(monthlyH.times(months)),
    amount: new Dec(mensualisedFee(beyond, c.hourlyRate, c.sharePercent)),
  };
}

/** « dont 250,00 h de congés au-delà des 10 semaines par an accordées », when the early end left leave beyond its share. */
function leaveBeyondText(r: { leaveBeyondH: Dec; bound: number }): string {
  if (r.leaveBeyondH.isZero()) return '';
  return ` (dont ${fmtHours(r.leaveBeyondH)} h de congés au-delà des ${r.bound} semaines par an que la crèche accorde, au prorata du contrat)`;
}

/**
 * The contract's hours on a day: none on public holidays (unless open), on the closures its reserved hours left out,
 * on declared leave, or off-contract. A day the crèche closed since keeps its hours: they are billed in the instalment,
 * and deducted (`closedSinceReserved`).
 */
export function contractDayMinutes(c: ContractToBill, calendar: BillingCalendar): (d: Day) => number {
  const start = dayOf(c.startDate);
  const end = dayOf(c.endDate);
  const perWeekday = new Array<number>(8).fill(0);
  for (const s of c.schedule) perWeekday[s.weekday] += minuteOf(s.to) - minuteOf(s.from);
  const closures = closuresReserved(c, calendar);
  return (d) => {
    if (d < start || d > end) return 0;
    if (!calendar.opensOnPublicHolidays && calendar.publicHolidays.has(d)) return 0;
    if (within(closures, d) || within(c.leavePeriods, d)) return 0;
    return perWeekday[weekdayOf(d)];
  };
}

/** The closures the contract's reserved hours left out (the crèche's current ones for a snapshot that kept none). */
function closuresReserved(c: ContractToBill, calendar: BillingCalendar): readonly DatedPeriod[] {
  return c.mensualisation.closures ?? calendar.closures;
}

/**
 * The days in [from, to] the crèche is now closed on that its closures were not when the contract's hours were
 * reserved, as exceptional-closure absences (deducted from the first day: docs/rules.md#r81-deductions-for-absences).
 */
function closedSinceReserved(c: ContractToBill, calendar: BillingCalendar, from: Day, to: Day): AbsencePeriod[] {
  const reserved = closuresReserved(c, calendar);
  const out: AbsencePeriod[] = [];
  let run: { from: Day; to: Day } | null = null;
  const flush = () => {
    if (run) out.push({ reason: 'EXCEPTIONAL_CLOSURE', from: isoOf(run.from), to: isoOf(run.to), certified: false });
    run = null;
  };
  for (let d = from; d <= to; d += 1) {
    if (!within(calendar.closures, d) || within(reserved, d)) flush();
    else if (run) run.to = d;
    else run = { from: d, to: d };
  }
  flush();
  return out;
}

const within = (periods: readonly DatedPeriod[], d: Day) => periods.some((p) => dayOf(p.from) <= d && d <= dayOf(p.to));

/**
 * The contract's days deducted in [from, to], by run: the child's absences, and the days the crèche closed since its
 * hours were reserved as exceptional closures (R8.1). The invoice's deduction lines and the day-by-day detail.
 */
export function contractDeductions(
  child: ChildMonth,
  c: ContractToBill,
  calendar: BillingCalendar,
  from: Day,
  to: Day,
  attendedByDay: ReadonlyMap<Day, Interval[]>,
): DeductionRun[] {
  return deductedDays({
    absences: [...child.absences, ...closedSinceReserved(c, calendar, from, to)],
    from,
    to,
    minutesOn: contractDayMinutes(c, calendar),
    attended: (d) => (attendedByDay.get(d)?.length ?? 0) > 0,
  });
}

/** The contract's slots on a day as billed: none on a day it holds no hours (`contractDayMinutes`). */
export function reservedOn(c: ContractToBill, dayMinutes: (d: Day) => number, d: Day): Interval[] {
  return dayMinutes(d) > 0 ? slotsOn(c, d) : [];
}

/**
 * A contract day's extra time as billed (before the household's share): attended outside its slots and the day's
 * bookings, every started unit. The invoice's line and the day-by-day detail (R9.7) both count it here.
 */
export function contractExtraOn(
  c: ContractToBill,
  dayMinutes: (d: Day) => number,
  d: Day,
  attendedByDay: ReadonlyMap<Day, Interval[]>,
  bookingsByDay: ReadonlyMap<Day, Interval[]>,
  unitMinutes: number,
): number {
  const attended = attendedByDay.get(d);
  if (!attended) return 0;
  const outside = lengthOf(subtract(attended, [...reservedOn(c, dayMinutes, d), ...(bookingsByDay.get(d) ?? [])]));
  return outside === 0 ? 0 : billedMinutesOf(outside, unitMinutes);
}

function slotsOn(c: ContractToBill, d: Day): Interval[] {
  const weekday = weekdayOf(d);
  return c.schedule.filter((s) => s.weekday === weekday).map((s) => ({ from: minuteOf(s.from), to: minuteOf(s.to) }));
}
