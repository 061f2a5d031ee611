import { Dec } from '../../fees/domain/decimal';
import { addMonths, Day, dayOf, isoOf, weekdayOf } from '../../../common/time/calendar';
import { capacityMinutes } from '../../creches/domain/capacity';
import { CompiledRules, isClosedDay, RulesPiece } from '../../creches/domain/creche-rules';

/** The Caf's alert threshold on the billing rate (docs/rules.md#r92-billing-rate-and-its-alert): above 107 %. */
export const BILLING_RATE_ALERT_PERCENT = 107;

export const CARE_KINDS = ['REGULAR', 'OCCASIONAL', 'EMERGENCY'] as const;
export type CareKind = (typeof CARE_KINDS)[number];

/** Age in whole years on the first day of the month (docs/rules.md#r93-kinds-and-age-bands). */
export const AGE_BANDS = ['UNDER_1', 'AGE_1', 'AGE_2', 'AGE_3_AND_OVER'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const AGE_BAND_LABELS_FR: Record<AgeBand, string> = {
  UNDER_1: 'moins de 1 an',
  AGE_1: '1 an',
  AGE_2: '2 ans',
  AGE_3_AND_OVER: '3 ans et plus',
};
export const CARE_KIND_LABELS_FR: Record<CareKind, string> = {
  REGULAR: 'accueil régulier',
  OCCASIONAL: 'accueil occasionnel',
  EMERGENCY: "accueil d'urgence",
};

/**
 * One billed invoice line: its month ("2027-03"), its child and birth date, its kind, exact hours and euros. Or a
 * credit note's line in hours (`credited`, hours and euros negative, by the month of the invoice it corrects): its
 * hours come off the hours billed (R8.16); its euros are in the period's credit notes (`Credit`), not in its fees
 * billed, and come off the fees of its kind and age band.
 */
export interface BilledLine {
  readonly month: string;
  readonly childId: string;
  readonly birthDate: string;
  readonly kind: CareKind;
  readonly hours: string;
  readonly amount: string;
  readonly credited?: boolean;
}

/** One finished attendance record (minutes since midnight), with the child's live bookings of that day. */
export interface AttendedDay {
  readonly date: string;
  readonly childId: string;
  readonly birthDate: string;
  readonly from: number;
  readonly to: number;
  /** Occasional and emergency bookings of the child that day: attended time inside them counts for their kind. */
  readonly bookings: readonly {
    readonly from: number;
    readonly to: number;
    readonly kind: 'OCCASIONAL' | 'EMERGENCY';
  }[];
}

/** A credit note of the period (a negative total): it lowers the fees (its hours, if any, are `BilledLine`s). */
export interface Credit {
  readonly month: string;
  readonly amount: string;
}

export interface Figures {
  /** Hours with two decimals (exact minutes or line hours, rounded half-up once). */
  readonly hoursAttended: string;
  readonly hoursBilled: string;
  /** Euros of the invoices' lines. */
  readonly feesBilled: string;
}

export interface PeriodReport extends Figures {
  /** "2027-03", or "2027" for the year. */
  readonly period: string;
  /** Hours credit notes took off the hours billed (≤ 0; already counted in `hoursBilled`, R8.16). */
  readonly hoursCredited: string;
  /** Credit notes of the period (≤ 0) and fees net of them. */
  readonly feesCredited: string;
  readonly feesNet: string;
  readonly capacityHours: string;
  /** The capacity of the days gone by (before the report's day): the real occupancy's denominator. */
  readonly capacityHoursElapsed: string;
  /**
   * A month: it is over and issued (the crèche has issued its invoices), or over with nothing to bill (no contract,
   * booking, attendance nor line). The year: every month with something to bill or capacity is (docs/rules.md R9.2).
   */
  readonly invoiced: boolean;
  /**
   * Hours attended in the month's issued invoices' time by children with no invoice line that month (booked after the
   * issue, a contract skipped at the issue). Null for a month not issued; the year: the sum over its issued months, null
   * when none is.
   */
  readonly hoursAttendedUnbilled: string | null;
  /**
   * Percents with two decimals; null when the denominator is zero. The billing rate and the financial occupancy are
   * null for a month not issued yet (its hours are not billed yet: 0 % would be no rate); the year's billing rate is
   * over its issued months, its financial occupancy over its invoiced months.
   */
  readonly billingRatePercent: number | null;
  readonly billingRateAlert: boolean;
  readonly financialOccupancyPercent: number | null;
  /**
   * Hours attended ÷ capacity over the days gone by (before the day the report is read): a month under way or to come
   * would otherwise count its whole capacity against the hours attended so far (null for a month to come).
   */
  readonly realOccupancyPercent: number | null;
  readonly byKind: Record<CareKind, Figures>;
  readonly byAgeBand: Record<AgeBand, Figures>;
}

export interface ActivityReport {
  readonly year: number;
  /**
   * The first day of the crèche's activity kept in Berceau (its first contract, booking or attendance), or null when
   * none is: the theoretical capacity, hence the occupancies, count from that day (docs/rules.md#r94).
   */
  readonly keptFrom: string | null;
  readonly months: readonly PeriodReport[];
  readonly total: PeriodReport;
}

/** Whole years of age on `on`. */
export function ageBandOf(birthDate: string, on: string): AgeBand {
  const birth = dayOf(birthDate);
  const day = dayOf(on);
  let years = 0;
  while (years < 3 && addMonths(birth, 12 * (years + 1)) <= day) years += 1;
  return AGE_BANDS[years];
}

/**
 * Theoretical capacity in place-minutes of [from, to]: for every day the crèche is open (closures and, unless it opens
 * on them, public holidays out), Σ over its opening minutes of the places at each minute (modulated bands).
 */
export function capacityMinutesBetween(c: CompiledRules, from: Day, to: Day): number {
  let total = 0;
  for (let day = from; day <= to; day += 1) {
    const weekday = weekdayOf(day);
    if (!isClosedDay(c, day, weekday)) total += capacityMinutes(c, weekday);
  }
  return total;
}

/** The same over rules that changed on the way: each day counted under the piece in force that day. */
export function capacityMinutesOver(pieces: readonly RulesPiece[], from: Day, to: Day): number {
  let total = 0;
  pieces.forEach((p, i) => {
    const start = i === 0 ? from : Math.max(from, p.from);
    const end = i + 1 < pieces.length ? Math.min(to, pieces[i + 1].from - 1) : to;
    if (start <= end) total += capacityMinutesBetween(p.rules, start, end);
  });
  return total;
}

/** Minutes of [from, to) inside the union of `ranges`. */
function overlapMinutes(from: number, to: number, ranges: readonly { from: number; to: number }[]): number {
  const clipped = ranges
    .map((r) => ({ from: Math.max(from, r.from), to: Math.min(to, r.to) }))
    .filter((r) => r.from < r.to)
    .sort((a, b) => a.from - b.from);
  let total = 0;
  let cursor = from;
  for (const r of clipped) {
    const start = Math.max(cursor, r.from);
    if (r.to > start) {
      total += r.to - start;
      cursor = r.to;
    }
  }
  return total;
}

/** Attended minutes of a day by kind: time inside a booking counts for its kind (emergency first), the rest regular. */
export function attendedByKind(d: AttendedDay): Record<CareKind, number> {
  const emergency = overlapMinutes(
    d.from,
    d.to,
    d.bookings.filter((b) => b.kind === 'EMERGENCY'),
  );
  const inAnyBooking = overlapMinutes(d.from, d.to, d.bookings);
  return { REGULAR: d.to - d.from - inAnyBooking, OCCASIONAL: inAnyBooking - emergency, EMERGENCY: emergency };
}

/** A ratio as a percent with two decimals, half-up; null over zero. */
export function percentOf(numerator: Dec, denominator: Dec): number | null {
  if (denominator.isZero()) return null;
  return numerator.times(100).div(denominator).toDecimalPlaces(2, Dec.ROUND_HALF_UP).toNumber();
}

class Acc {
  minutes = 0;
  hours = new Dec(0);
  fees = new Dec(0);
  figures(): Figures {
    return {
      hoursAttended: new Dec(this.minutes).div(60).toFixed(2, Dec.ROUND_HALF_UP),
      hoursBilled: this.hours.toFixed(2, Dec.ROUND_HALF_UP),
      feesBilled: this.fees.toFixed(2, Dec.ROUND_HALF_UP),
    };
  }
}

class PeriodAcc {
  /** See `PeriodReport.invoiced`. */
  invoiced = false;
  /** Issued: the crèche has issued invoices for the month (for the year: for one of its months at least). */
  issued = false;
  /** Attended minutes of the issued months: the billing rate's denominator. */
  issuedMinutes = 0;
  /** Attended minutes of children with no invoice line in their month (counted for an issued month only). */
  childrenUnbilledMinutes = 0;
  unbilledMinutes = 0;
  /** Hours billed and capacity of the invoiced months: the financial occupancy's terms. */
  invoicedHours = new Dec(0);
  invoicedCapacityMinutes = 0;
  readonly all = new Acc();
  readonly kinds = Object.fromEntries(CARE_KINDS.map((k) => [k, new Acc()])) as Record<CareKind, Acc>;
  readonly bands = Object.fromEntries(AGE_BANDS.map((b) => [b, new Acc()])) as Record<AgeBand, Acc>;
  credited = new Dec(0);
  hoursCredited = new Dec(0);
  capacityMinutes = 0;
  /** Capacity and attended minutes of the days before the report's day: the real occupancy's terms. */
  pastCapacityMinutes = 0;
  pastAttendedMinutes = 0;

  report(period: string): PeriodReport {
    const billed = this.all.hours;
    const capacity = new Dec(this.capacityMinutes).div(60);
    // Billed against what was attended in the months issued: a month under way, or not issued yet, has its attendance
    // and no hours billed, which would pull the year's rate down (and hide an alert).
    const billingRatePercent = percentOf(billed, new Dec(this.issuedMinutes).div(60));
    return {
      period,
      ...this.all.figures(),
      hoursCredited: this.hoursCredited.toFixed(2, Dec.ROUND_HALF_UP),
      feesCredited: this.credited.toFixed(2, Dec.ROUND_HALF_UP),
      feesNet: this.all.fees.plus(this.credited).toFixed(2, Dec.ROUND_HALF_UP),
      capacityHours: capacity.toFixed(2, Dec.ROUND_HALF_UP),
      capacityHoursElapsed: new Dec(this.pastCapacityMinutes).div(60).toFixed(2, Dec.ROUND_HALF_UP),
      invoiced: this.invoiced,
      hoursAttendedUnbilled: this.issued ? new Dec(this.unbilledMinutes).div(60).toFixed(2, Dec.ROUND_HALF_UP) : null,
      billingRatePercent,
      billingRateAlert: billingRatePercent !== null && billingRatePercent > BILLING_RATE_ALERT_PERCENT,
      financialOccupancyPercent: percentOf(this.invoicedHours, new Dec(this.invoicedCapacityMinutes).div(60)),
      realOccupancyPercent: percentOf(new Dec(this.pastAttendedMinutes), new Dec(this.pastCapacityMinutes)),
      byKind: Object.fromEntries(CARE_KINDS.map((k) => [k, this.kinds[k].figures()])) as Record<CareKind, Figures>,
      byAgeBand: Object.fromEntries(AGE_BANDS.map((b) => [b, this.bands[b].figures()])) as Record<AgeBand, Figures>,
    };
  }
}

/**
 * The Caf activity report of a crèche's year (docs/rules.md §9): per month and for the year, hours attended, hours
 * billed and fees billed, by kind and age band; billing rate, theoretical capacity and both occupancies. Ratios are
 * computed from exact sums (not from the rounded figures shown). The capacity counts from `keptFrom` only: the months
 * a crèche ran before Berceau kept its activity have hours nobody recorded here, and counting their capacity would
 * show a crèche in its first year in Berceau as nearly empty.
 */
export function activityReport(input: {
  readonly year: number;
  readonly keptFrom: string | null;
  /** The day the report is read ("2027-04-15"): a month is invoiced only once over. */
  readonly today: string;
  /** The months ("2027-03") the crèche has issued invoices for. */
  readonly issuedMonths: readonly string[];
  /** The months a contract or a live booking of the crèche covers: something to bill. */
  readonly billableMonths: readonly string[];
  /** The crèche's rules as they were in force over the year (its capacity changes kept, R9.4). */
  readonly rules: readonly RulesPiece[];
  readonly lines: readonly BilledLine[];
  readonly attended: readonly AttendedDay[];
  readonly credits: readonly Credit[];
}): ActivityReport {
  const { year } = input;
  const months = Array.from({ length: 12 }, () => new PeriodAcc());
  const whole = new PeriodAcc();
  const monthIndex = (isoMonthOrDate: string) => Number(isoMonthOrDate.slice(5, 7)) - 1;
  const inYear = (iso: string) => iso.startsWith(`${year}-`);

  const kept = input.keptFrom === null ? null : dayOf(input.keptFrom);
  const today = dayOf(input.today);
  for (let m = 0; m < 12; m += 1) {
    const first = dayOf(`${year}-${String(m + 1).padStart(2, '0')}-01`);
    const last = addMonths(first, 1) - 1;
    const p = months[m];
    p.capacityMinutes = kept === null ? 0 : capacityMinutesOver(input.rules, Math.max(first, kept), last);
    p.pastCapacityMinutes =
      kept === null ? 0 : capacityMinutesOver(input.rules, Math.max(first, kept), Math.min(last, today - 1));
    whole.capacityMinutes += p.capacityMinutes;
    whole.pastCapacityMinutes += p.pastCapacityMinutes;
  }
  // A child with no invoice line in its month has hours attended not billed (R9.2).
  const billedChildMonths = new Set(
    input.lines.filter((l) => !l.credited).map((l) => `${l.childId}|${l.month.slice(0, 7)}`),
  );
  for (const l of input.lines) {
    if (!inYear(l.month)) continue;
    const band = ageBandOf(l.birthDate, `${l.month.slice(0, 7)}-01`);
    for (const p of [months[monthIndex(l.month)], whole]) {
      if (l.credited) p.hoursCredited = p.hoursCredited.plus(l.hours);
      for (const acc of [p.all, p.kinds[l.kind], p.bands[band]]) {
        acc.hours = acc.hours.plus(l.hours);
        // The period's credit notes are in feesCredited; by kind and age band, which have no such column, the fees are
        // net of the credit notes in hours, as their hours are (their euros are that kind's and band's exactly).
        if (!l.credited || acc !== p.all) acc.fees = acc.fees.plus(l.amount);
      }
    }
  }
  for (const d of input.attended) {
    if (!inYear(d.date)) continue;
    const band = ageBandOf(d.birthDate, `${d.date.slice(0, 7)}-01`);
    const kinds = attendedByKind(d);
    const billed = billedChildMonths.has(`${d.childId}|${d.date.slice(0, 7)}`);
    const p = months[monthIndex(d.date)];
    if (!billed) p.childrenUnbilledMinutes += d.to - d.from;
    const past = dayOf(d.date) < today;
    for (const acc of [p, whole]) {
      acc.all.minutes += d.to - d.from;
      if (past) acc.pastAttendedMinutes += d.to - d.from;
      acc.bands[band].minutes += d.to - d.from;
      for (const k of CARE_KINDS) acc.kinds[k].minutes += kinds[k];
    }
  }
  for (const c of input.credits) {
    if (!inYear(c.month)) continue;
    for (const p of [months[monthIndex(c.month)], whole]) p.credited = p.credited.plus(c.amount);
  }
  markInvoiced(months, whole, year, input);
  return {
    year,
    keptFrom: input.keptFrom,
    months: months.map((p, m) => p.report(`${year}-${String(m + 1).padStart(2, '0')}`)),
    total: whole.report(String(year)),
  };
}

/**
 * Which months are issued and invoiced, with the rates' terms over them (docs/rules.md R9.2): the billing rate over
 * the issued months, the financial occupancy over the invoiced ones (issued, or over with nothing to bill: 0 %), never
 * over a month under way or not issued yet.
 */
function markInvoiced(
  months: readonly PeriodAcc[],
  whole: PeriodAcc,
  year: number,
  input: {
    readonly today: string;
    readonly issuedMonths: readonly string[];
    readonly billableMonths: readonly string[];
  },
): void {
  const issued = new Set(input.issuedMonths);
  const billable = new Set(input.billableMonths);
  whole.invoiced = true;
  months.forEach((p, m) => {
    const month = `${year}-${String(m + 1).padStart(2, '0')}`;
    const toBill = billable.has(month) || p.all.minutes > 0 || !p.all.hours.isZero();
    p.issued = issued.has(month);
    if (p.issued) {
      p.issuedMinutes = p.all.minutes;
      p.unbilledMinutes = p.childrenUnbilledMinutes;
      whole.issued = true;
      whole.issuedMinutes += p.all.minutes;
      whole.unbilledMinutes += p.childrenUnbilledMinutes;
    }
    p.invoiced = month < input.today.slice(0, 7) && (p.issued || !toBill);
    if (p.invoiced) {
      p.invoicedHours = p.all.hours;
      p.invoicedCapacityMinutes = p.capacityMinutes;
      whole.invoicedHours = whole.invoicedHours.plus(p.all.hours);
      whole.invoicedCapacityMinutes += p.capacityMinutes;
    } else if (toBill || p.capacityMinutes > 0) whole.invoiced = false;
  });
}

/** First and last day of a year, as days. */
export function yearBounds(year: number): { from: Day; to: Day; fromIso: string; toIso: string } {
  const from = dayOf(`${year}-01-01`);
  const to = dayOf(`${year}-12-31`);
  return { from, to, fromIso: isoOf(from), toIso: isoOf(to) };
}
