import { hhmmOf } from '../../../common/time/calendar';
import { Dec } from '../../fees/domain/decimal';
import { documentNumber } from '../../billing/domain/documents';
import { ChildAttendance, ChildHoursRow, childHours, ChildLine } from './child-hours';

/** A finished attendance record of the child, with its occasional or emergency bookings that day. */
export interface DayAttended extends ChildAttendance {
  readonly bookings: readonly { readonly from: number; readonly to: number; readonly kind: string }[];
}

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

export interface ChildMonth {
  /** The month is issued: its hours billed are the invoices'; not issued, nothing is billed yet. */
  readonly issued: boolean;
  /** The month's figures as the per-child table gives them (R9.7), or zeros when there is nothing. */
  readonly totals: Omit<ChildHoursRow, 'childId'>;
  readonly days: {
    readonly date: string;
    readonly arrivedAt: string;
    readonly leftAt: string;
    readonly hours: string;
    /** The record's minutes: summed, they give the row's hours attended exactly. */
    readonly minutes: number;
    /** The day's bookings, on its first record only (a child checked in twice a day books once). */
    readonly bookings: { readonly kind: string; readonly from: string; readonly to: string }[];
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
 * One child's month, day by day (docs/rules.md R9.7): each attendance record with its hours, the lines of its invoices
 * and credit notes in hours as printed, and the month's totals computed as the per-child table computes them, so the
 * detail adds up to the row an auditor opened it from.
 */
export function childMonth(input: {
  readonly childId: string;
  readonly month: string;
  readonly issued: boolean;
  readonly attended: readonly DayAttended[];
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
  return {
    issued: input.issued,
    totals,
    days: [...input.attended]
      .sort((x, y) => x.date.localeCompare(y.date) || x.from - y.from)
      .map((d, i, sorted) => ({
        date: d.date,
        arrivedAt: hhmmOf(d.from),
        leftAt: hhmmOf(d.to),
        hours: new Dec(d.to - d.from).div(60).toFixed(2, Dec.ROUND_HALF_UP),
        minutes: d.to - d.from,
        bookings:
          i > 0 && sorted[i - 1].date === d.date
            ? []
            : d.bookings.map((b) => ({ kind: b.kind, from: hhmmOf(b.from), to: hhmmOf(b.to) })),
      })),
    lines: input.lines.map(({ number, month: _month, ...printed }) => ({
      reference: documentNumber(number),
      ...printed,
    })),
  };
}
