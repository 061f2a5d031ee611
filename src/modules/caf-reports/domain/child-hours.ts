import { Dec } from '../../fees/domain/decimal';
import { BILLING_RATE_ALERT_PERCENT, percentOf } from './activity-report';

/** What the per-child check reads of a line: its month ("2027-03"), child, hours and euros (credit lines negative). */
export interface ChildLine {
  readonly month: string;
  readonly childId: string;
  readonly hours: string;
  readonly amount: string;
  /** A credit note's line in hours (R8.16). */
  readonly credited?: boolean;
}

/** A finished attendance record: its day and minutes since midnight. */
export interface ChildAttendance {
  readonly date: string;
  readonly childId: string;
  readonly from: number;
  readonly to: number;
}

export interface ChildHoursRow {
  readonly childId: string;
  /** Hours attended in the period's issued months (two decimals). */
  readonly hoursAttended: string;
  /** Hours billed net of the credit notes in hours, and those credit notes' hours (≤ 0). */
  readonly hoursBilled: string;
  readonly hoursCredited: string;
  /** Euros of the child's lines net of the credit notes in hours (a credit note in euros names no child). */
  readonly feesBilled: string;
  /** Billed ÷ attended, to the hundredth; null when nothing was attended (billed with no presence: said apart). */
  readonly billingRatePercent: number | null;
  readonly billingRateAlert: boolean;
  /** Billed with no hour attended in the issued months (a contract paid for a child who never came). */
  readonly billedWithoutAttendance: boolean;
  /** Attended with no invoice line in the issued months (booked after the issue, a household's invoice held, R8.8). */
  readonly attendedWithoutBilling: boolean;
}

/**
 * Hours billed against hours attended, child by child, over the issued months of a period (docs/rules.md
 * #r97-hours-billed-and-attended-child-by-child): what a Caf auditor checks against the crèche's attendance sheets.
 * A month not issued yet has no hours billed: counting its attendance would lower every child's rate, so it is left
 * out, as the activity report's billing rate leaves it (R9.2). Sorted for the auditor: alerts first, then the children
 * billed with no presence or present with no invoice line, then the highest rates, by name.
 */
export function childHours(
  input: ChildHoursInput & {
    /** The children's names, for the order of equal rows. */
    readonly names: ReadonlyMap<string, string>;
  },
): ChildHoursRow[] {
  const acc = accumulate(input);
  const rows = [...acc.entries()].map(([childId, a]): ChildHoursRow => {
    const attended = new Dec(a.minutes).div(60);
    const rate = percentOf(a.hours, attended);
    return {
      childId,
      hoursAttended: attended.toFixed(2, Dec.ROUND_HALF_UP),
      hoursBilled: a.hours.toFixed(2, Dec.ROUND_HALF_UP),
      hoursCredited: a.credited.toFixed(2, Dec.ROUND_HALF_UP),
      feesBilled: a.fees.toFixed(2, Dec.ROUND_HALF_UP),
      billingRatePercent: rate,
      billingRateAlert: rate !== null && rate > BILLING_RATE_ALERT_PERCENT,
      billedWithoutAttendance: a.minutes === 0 && a.hours.gt(0),
      attendedWithoutBilling: a.minutes > 0 && a.lines === 0,
    };
  });
  const rank = (r: ChildHoursRow) =>
    r.billingRateAlert ? 0 : r.billedWithoutAttendance || r.attendedWithoutBilling ? 1 : 2;
  return rows.sort(
    (x, y) =>
      rank(x) - rank(y) ||
      (y.billingRatePercent ?? -1) - (x.billingRatePercent ?? -1) ||
      (input.names.get(x.childId) ?? '').localeCompare(input.names.get(y.childId) ?? '', 'fr') ||
      x.childId.localeCompare(y.childId),
  );
}

export interface ChildHoursInput {
  readonly issuedMonths: ReadonlySet<string>;
  readonly lines: readonly ChildLine[];
  readonly attended: readonly ChildAttendance[];
}

/** The table's total row: the children's exact hours and euros summed, then rounded once (two decimals). */
export interface ChildHoursTotal {
  readonly hoursAttended: string;
  readonly hoursBilled: string;
  readonly hoursCredited: string;
  readonly feesBilled: string;
}

/**
 * The total of the per-child table, summed before rounding as the activity report's month is: the children's rows,
 * each rounded to the hundredth, summed to 725,34 h where the report said 725,33 h (a review).
 */
export function childHoursTotal(input: ChildHoursInput): ChildHoursTotal {
  let minutes = 0;
  let [hours, credited, fees] = [new Dec(0), new Dec(0), new Dec(0)];
  for (const a of accumulate(input).values()) {
    minutes += a.minutes;
    hours = hours.plus(a.hours);
    credited = credited.plus(a.credited);
    fees = fees.plus(a.fees);
  }
  return {
    hoursAttended: new Dec(minutes).div(60).toFixed(2, Dec.ROUND_HALF_UP),
    hoursBilled: hours.toFixed(2, Dec.ROUND_HALF_UP),
    hoursCredited: credited.toFixed(2, Dec.ROUND_HALF_UP),
    feesBilled: fees.toFixed(2, Dec.ROUND_HALF_UP),
  };
}

/** Each child's exact minutes attended, hours and euros billed and hours credited, over the issued months. */
function accumulate(
  input: ChildHoursInput,
): Map<string, { minutes: number; hours: Dec; credited: Dec; fees: Dec; lines: number }> {
  const acc = new Map<string, { minutes: number; hours: Dec; credited: Dec; fees: Dec; lines: number }>();
  const of = (childId: string) => {
    const a = acc.get(childId) ?? { minutes: 0, hours: new Dec(0), credited: new Dec(0), fees: new Dec(0), lines: 0 };
    acc.set(childId, a);
    return a;
  };
  for (const l of input.lines) {
    if (!input.issuedMonths.has(l.month)) continue;
    const a = of(l.childId);
    a.hours = a.hours.plus(l.hours);
    a.fees = a.fees.plus(l.amount);
    if (l.credited) a.credited = a.credited.plus(l.hours);
    else a.lines += 1;
  }
  for (const d of input.attended) {
    if (!input.issuedMonths.has(d.date.slice(0, 7))) continue;
    of(d.childId).minutes += d.to - d.from;
  }
  return acc;
}
