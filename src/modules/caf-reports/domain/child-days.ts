import { hhmmOf } from '../../../common/time/calendar';
import { documentNumber } from '../../billing/domain/documents';
import { Dec } from '../../fees/domain/decimal';
import { ChildAttendance, ChildHoursRow, childHours, ChildLine } from './child-hours';

/** A line of the child's invoices and credit notes in hours, as the read model gives it. */
export interface ChildDocumentLine {
  readonly number: number;
  readonly documentKind: 'INVOICE' | 'CREDIT_NOTE';
  readonly month: string;
  readonly position: number;
  readonly kind: string;
  readonly label: string;
  readonly hours: string | null;
  readonly hourlyRate: string | null;
  readonly amount: string;
  readonly creditedPosition: number | null;
}

/** A child's day as the month's issue counts it (billing's `plannedDays`): minutes since midnight. */
export interface DayPlanned {
  readonly reserved: readonly { readonly from: number; readonly to: number }[];
  readonly deducted: string | null;
  readonly bookings: readonly { readonly from: number; readonly to: number; readonly kind: string }[];
  readonly extraMinutes: number;
  readonly overtimeMinutes: number;
}

export interface ChildMonth {
  /** The month is issued: its hours billed are the invoices'; not issued, nothing is billed yet. */
  readonly issued: boolean;
  /** The month's figures as the per-child table gives them (R9.7), or zeros when there is nothing. */
  readonly totals: Omit<ChildHoursRow, 'childId'>;
  /** Extra time and bookings' overtime counted again today, and as the month's invoices printed them (hours). */
  readonly extraHoursNow: string;
  readonly extraHoursBilled: string;
  /** Every date with reserved hours, a booking, a presence, an arrival without departure or extra time, in order. */
  readonly days: {
    readonly date: string;
    /** The contract's slots that day as billed (none on a public holiday, a closure its hours left out, leave). */
    readonly reserved: { readonly from: string; readonly to: string }[];
    readonly reservedMinutes: number;
    /** Why the day's hours are deducted, if they are (an absence's reason, or a closure added since). */
    readonly deducted: string | null;
    /** The finished attendance records of the day, in order. */
    readonly records: { readonly arrivedAt: string; readonly leftAt: string; readonly minutes: number }[];
    /** The records' minutes: summed over the days, the row's hours attended exactly. */
    readonly minutes: number;
    /** An arrival with no departure recorded that day (it counts no minute). */
    readonly openArrival: boolean;
    readonly bookings: { readonly kind: string; readonly from: string; readonly to: string }[];
    /** Minutes of « Heures complémentaires » that day (every started unit, before an alternating residence's percent). */
    readonly extraMinutes: number;
    /** Minutes of « Dépassement de l'accueil réservé » that day (a booking's overtime). */
    readonly overtimeMinutes: number;
  }[];
  /** The lines as printed: the document's number as `reference`. */
  readonly lines: (Omit<ChildDocumentLine, 'number' | 'month'> & { readonly reference: string })[];
}

const NOTHING: Omit<ChildHoursRow, 'childId'> = {
  hoursAttended: '0.00',
  hoursBilled: '0.00',
  hoursCredited: '0.00',
  feesBilled: '0.00',
  billingRatePercent: null,
  billingRateAlert: false,
  billedWithoutAttendance: false,
  attendedWithoutBilling: false,
};

/**
 * One child's month, day by day (docs/rules.md R9.7): each day's reserved slots, attendance records, bookings and
 * extra time billed, the lines of its invoices and credit notes in hours as printed, and the month's totals computed as
 * the per-child table computes them, so the detail adds up to the row an auditor opened it from.
 */
export function childMonth(input: {
  readonly childId: string;
  readonly month: string;
  readonly issued: boolean;
  readonly attended: readonly ChildAttendance[];
  readonly planned: ReadonlyMap<string, DayPlanned>;
  readonly openArrivals: readonly string[];
  readonly lines: readonly ChildDocumentLine[];
}): ChildMonth {
  const asLines: ChildLine[] = input.lines.map((l) => ({
    month: l.month,
    childId: input.childId,
    hours: l.hours ?? '0',
    amount: l.amount,
    credited: l.documentKind === 'CREDIT_NOTE',
  }));
  const [row] = childHours({
    issuedMonths: new Set(input.issued ? [input.month] : []),
    lines: asLines,
    attended: input.attended,
    names: new Map(),
  });
  const { childId: _childId, ...totals } = row ?? { childId: input.childId, ...NOTHING };
  const dates = [
    ...new Set([...input.attended.map((a) => a.date), ...input.planned.keys(), ...input.openArrivals]),
  ].sort();
  const span = (r: { from: number; to: number }) => ({ from: hhmmOf(r.from), to: hhmmOf(r.to) });
  const days = dates.map((date) => {
    const planned = input.planned.get(date);
    const records = input.attended
      .filter((a) => a.date === date)
      .sort((x, y) => x.from - y.from)
      .map((a) => ({ arrivedAt: hhmmOf(a.from), leftAt: hhmmOf(a.to), minutes: a.to - a.from }));
    const reserved = [...(planned?.reserved ?? [])].sort((x, y) => x.from - y.from);
    return {
      date,
      reserved: reserved.map(span),
      reservedMinutes: reserved.reduce((sum, r) => sum + r.to - r.from, 0),
      deducted: planned?.deducted ?? null,
      records,
      minutes: records.reduce((sum, r) => sum + r.minutes, 0),
      openArrival: input.openArrivals.includes(date),
      bookings: [...(planned?.bookings ?? [])]
        .sort((x, y) => x.from - y.from)
        .map((b) => ({ kind: b.kind, ...span(b) })),
      extraMinutes: planned?.extraMinutes ?? 0,
      overtimeMinutes: planned?.overtimeMinutes ?? 0,
    };
  });
  const extraNow = days.reduce((sum, d) => sum + d.extraMinutes + d.overtimeMinutes, 0);
  // As printed: the invoices' extra-time lines (contract and booking overtime), every household's share.
  const extraBilled = input.lines
    .filter((l) => l.documentKind === 'INVOICE' && l.kind === 'EXTRA_HOURS')
    .reduce((sum, l) => sum.plus(l.hours ?? '0'), new Dec(0));
  return {
    issued: input.issued,
    totals,
    extraHoursNow: new Dec(extraNow).div(60).toFixed(2, Dec.ROUND_HALF_UP),
    extraHoursBilled: extraBilled.toFixed(2, Dec.ROUND_HALF_UP),
    days,
    lines: input.lines.map(({ number, month: _month, ...printed }) => ({
      reference: documentNumber(number),
      ...printed,
    })),
  };
}
