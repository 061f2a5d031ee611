import { hhmmOf } from '../../../common/time/calendar';
import { documentNumber } from '../../billing/domain/documents';
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
  readonly bookings: readonly { readonly from: number; readonly to: number; readonly kind: string }[];
  readonly extraMinutes: number;
}

export interface ChildMonth {
  /** The month is issued: its hours billed are the invoices'; not issued, nothing is billed yet. */
  readonly issued: boolean;
  /** The month's figures as the per-child table gives them (R9.7), or zeros when there is nothing. */
  readonly totals: Omit<ChildHoursRow, 'childId'>;
  /** Every date with reserved hours, a booking, a presence or extra time, in order. */
  readonly days: {
    readonly date: string;
    /** The contract's slots that day as billed (none on a public holiday, a closure, declared leave). */
    readonly reserved: { readonly from: string; readonly to: string }[];
    readonly reservedMinutes: number;
    /** The finished attendance records of the day, in order. */
    readonly records: { readonly arrivedAt: string; readonly leftAt: string; readonly minutes: number }[];
    /** The records' minutes: summed over the days, the row's hours attended exactly. */
    readonly minutes: number;
    readonly bookings: { readonly kind: string; readonly from: string; readonly to: string }[];
    /** Minutes billed as extra time that day, every started unit (before an alternating residence's percent). */
    readonly extraMinutes: number;
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
  const dates = [...new Set([...input.attended.map((a) => a.date), ...input.planned.keys()])].sort();
  const span = (r: { from: number; to: number }) => ({ from: hhmmOf(r.from), to: hhmmOf(r.to) });
  return {
    issued: input.issued,
    totals,
    days: dates.map((date) => {
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
        records,
        minutes: records.reduce((sum, r) => sum + r.minutes, 0),
        bookings: [...(planned?.bookings ?? [])]
          .sort((x, y) => x.from - y.from)
          .map((b) => ({ kind: b.kind, ...span(b) })),
        extraMinutes: planned?.extraMinutes ?? 0,
      };
    }),
    lines: input.lines.map(({ number, month: _month, ...printed }) => ({
      reference: documentNumber(number),
      ...printed,
    })),
  };
}
