import type { Day, Minute } from '../../../common/time/calendar';
import type { AbsenceReason } from '../../attendance/domain/absence-reasons';
import type { DatedPeriod, Mensualisation } from '../../fees/domain/mensualisation';

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
  /** The crèche's bound on declared leave (weeks a year), for a contract whose reserved hours did not keep theirs. */
  readonly maxLeaveWeeksPerYear: number;
}

export interface ContractToBill {
  readonly id: string;
  readonly startDate: string;
  /** The current end: before `mensualisation.contractEnd` when the child left early. */
  readonly endDate: string;
  readonly schedule: readonly { weekday: number; from: string; to: string }[];
  readonly leavePeriods: readonly DatedPeriod[];
  readonly mensualisation: Pick<
    Mensualisation,
    | 'contractStart'
    | 'contractEnd'
    | 'months'
    | 'reservedMinutes'
    | 'undatedLeaveMinutes'
    | 'closures'
    | 'maxLeaveWeeksPerYear'
  >;
  /** The hourly rate in force this month (rates change on the first of a month). */
  readonly hourlyRate: string;
  /** This household's percent of the hours (alternating residence); 100 otherwise. */
  readonly sharePercent: number;
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
  /**
   * The child's bookings billed to another household (alternating residence): not billed here, but their hours are
   * not extra hours of the contract this household shares (docs/rules.md#r84).
   */
  readonly bookedElsewhere?: readonly { readonly date: string; readonly from: Minute; readonly to: Minute }[];
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
