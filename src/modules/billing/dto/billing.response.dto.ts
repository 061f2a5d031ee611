import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ABSENCE_REASONS } from '../../attendance/domain/absence-reasons';
import type { InvoiceRow, LineRow, PaymentRow } from '../billing.repository';
import { documentNumber, dueDateOf } from '../domain/documents';
import { LINE_KINDS } from '../domain/month-invoice';
import { PAYMENT_METHODS } from './billing.dto';

/** A month "YYYY-MM" (OpenAPI has no format for it). */
const MONTH_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])$';
const EUROS = 'euros, decimal string';

/** OpenAPI description of the billing routes' answers, with the mappers that build them. */
export class InvoiceLineDto {
  @ApiProperty({ type: 'integer', example: 1, description: 'order on the document, from 1' }) position!: number;
  @ApiProperty({ enum: [...LINE_KINDS, 'CREDIT'] }) kind!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) childId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) contractId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) bookingId!: string | null;
  @ApiProperty({ enum: ABSENCE_REASONS, nullable: true, description: 'a deduction: the absence reason' })
  reason!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2027-03-11' }) from!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2027-03-11' }) to!: string | null;
  @ApiProperty({ example: 'Déduction, maladie : le 11 mars 2027', description: 'printed on the document, in French' })
  label!: string;
  @ApiProperty({ example: '-10.0000', description: 'hours, decimal string, signed like the amount' }) hours!: string;
  @ApiProperty({ type: String, nullable: true, example: '1.50', description: `${EUROS} per hour` })
  hourlyRate!: string | null;
  @ApiProperty({ example: '-15.00', description: EUROS }) amount!: string;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 1,
    description: "a credit note's line in hours: the position of the invoice's line it takes hours off",
  })
  creditedPosition!: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '14.0000',
    description: 'an invoice\'s line: the hours its credit notes took off it ("0" when none); null on a credit note\'s',
  })
  hoursCredited!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Lou', description: 'the first name of the child it bills' })
  childFirstName!: string | null;

  static from(l: LineRow): InvoiceLineDto {
    return {
      position: l.position,
      kind: l.kind,
      childId: l.childId,
      contractId: l.contractId,
      bookingId: l.bookingId,
      reason: l.reason,
      from: l.fromDate,
      to: l.toDate,
      label: l.label,
      hours: l.hours,
      hourlyRate: l.hourlyRate,
      amount: l.amount,
      creditedPosition: l.creditedPosition,
      hoursCredited: l.hoursCredited ?? null,
      childFirstName: l.childFirstName ?? null,
    };
  }
}

export class ScaleVersionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date', example: '2026-01-01' }) effectiveFrom!: string;
}

export class InvoiceResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) crecheId!: string;
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({ enum: ['INVOICE', 'CREDIT_NOTE'] }) kind!: string;
  @ApiProperty({
    type: 'integer',
    example: 42,
    description: "in the crèche's unbroken sequence (invoices and credit notes)",
  })
  number!: number;
  @ApiProperty({ example: '000042', description: 'the number as printed' }) reference!: string;
  @ApiProperty({ example: '2027-03', pattern: MONTH_PATTERN, description: 'the month billed' }) month!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'a credit note: the invoice it corrects' })
  creditedInvoiceId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "a credit note's reason" }) reason!: string | null;
  @ApiProperty({ example: '151.50', description: `${EUROS} (negative for a credit note)` }) total!: string;
  @ApiProperty({ example: '120.00', description: 'hours, decimal string' }) contractHours!: string;
  @ApiProperty({ example: '20.00', description: 'hours, decimal string' }) deductedHours!: string;
  @ApiProperty({ example: '1.00', description: 'hours, decimal string' }) extraHours!: string;
  @ApiProperty({ example: '0.00', description: 'hours, decimal string' }) occasionalHours!: string;
  @ApiProperty({ example: '101.00', description: 'hours, decimal string' }) billedHours!: string;
  @ApiProperty({ type: 'integer', example: 7840 }) attendedMinutes!: number;
  @ApiProperty({ type: [ScaleVersionDto], description: 'the fee scales the rates come from' })
  scaleVersions!: ScaleVersionDto[];
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    example: '2027-04-16',
    description:
      "an invoice: the day it is to be paid by (its issue in France plus the crèche's delay then); null when none was set",
  })
  dueOn!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "an invoice: how to pay, the crèche's words at its issue" })
  paymentTerms!: string | null;
  @ApiPropertyOptional({
    example: '20.00',
    description: `${EUROS}: an invoice in a household's list, what is left to pay of it ("0.00": settled), payments and credit notes settling the oldest first (R8.14)`,
  })
  unsettled?: string;
  @ApiPropertyOptional({ type: [InvoiceLineDto], description: 'the lines: given by GET /invoices/{id} only' })
  lines?: InvoiceLineDto[];

  static from(i: InvoiceRow & { unsettled?: string }, lines?: LineRow[]): InvoiceResponseDto {
    return {
      id: i.id,
      crecheId: i.crecheId,
      familyId: i.familyId,
      kind: i.kind,
      number: i.number,
      reference: documentNumber(i.number),
      month: i.month,
      creditedInvoiceId: i.creditedInvoiceId,
      reason: i.reason,
      total: i.total,
      contractHours: i.contractHours,
      deductedHours: i.deductedHours,
      extraHours: i.extraHours,
      occasionalHours: i.occasionalHours,
      billedHours: i.billedHours,
      attendedMinutes: i.attendedMinutes,
      scaleVersions: i.scaleVersions,
      issuedAt: i.issuedAt.toISOString(),
      dueOn: dueDateOf(i.issuedAt, i.paymentDueDays),
      paymentTerms: i.paymentTerms,
      ...(i.unsettled !== undefined ? { unsettled: i.unsettled } : {}),
      ...(lines ? { lines: lines.map(InvoiceLineDto.from) } : {}),
    };
  }
}

/** An issued invoice billed at a rate the fee for its month no longer has (R8.17). */
export class RateChangeDto {
  @ApiProperty({ format: 'uuid' }) invoiceId!: string;
  @ApiProperty({ example: '000042' }) reference!: string;
  @ApiProperty({ example: '2027-03', pattern: MONTH_PATTERN }) month!: string;
  @ApiProperty({ format: 'uuid', description: 'the household billed' }) familyId!: string;
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty({ example: 'Lou' }) childFirstName!: string;
  @ApiProperty({ example: '1.95', description: `${EUROS} per hour, as the invoice billed` }) billedRate!: string;
  @ApiProperty({ example: '2.10', description: `${EUROS} per hour, the household's fee for that month now` })
  rateNow!: string;
  @ApiProperty({ format: 'date', example: '2028-02-01', description: 'the day the fee now in force applies from' })
  rateNowFrom!: string;
  @ApiProperty({
    example: '120.00',
    description: "hours of the contract's lines billed at that rate, less those credit notes in hours took off",
  })
  hours!: string;
  @ApiProperty({ example: '18.00', description: `${EUROS}: hours × the difference of rates, rounded once, ≥ 0` })
  difference!: string;
  @ApiProperty({
    enum: ['OVER_BILLED', 'UNDER_BILLED'],
    description: 'billed too much (a credit note of the difference corrects it) or too little (an invoice never grows)',
  })
  direction!: string;
  @ApiProperty({
    example: '0.00',
    description: `${EUROS}: what the invoice's credit notes in euros already gave back (one in hours is already out of \`hours\`)`,
  })
  creditedOnInvoice!: string;
}

export class SkippedContractDto {
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty({
    format: 'uuid',
    description: 'the paying household: its invoice of the month waits for this contract',
  })
  familyId!: string;
  @ApiProperty({ format: 'uuid' }) childId!: string;
  @ApiProperty({ example: 'Noa' }) childFirstName!: string;
  @ApiProperty({
    enum: ['NO_MENSUALISATION', 'NO_FEE'],
    description: 'no reserved hours stored, or no fee in force: for the manager to fix',
  })
  reason!: string;
  @ApiProperty({
    description:
      'the household was invoiced that month all the same, without this contract (before its invoice waited for it): the month no longer bills it',
  })
  householdInvoiced!: boolean;
}

export class IssueMonthResponseDto {
  @ApiProperty({ example: '2027-03', pattern: MONTH_PATTERN }) month!: string;
  @ApiProperty({ type: [InvoiceResponseDto], description: 'the invoices issued by this call' })
  issued!: InvoiceResponseDto[];
  @ApiProperty({ type: 'integer', description: 'households of the month invoiced before (never twice)' })
  alreadyIssued!: number;
  @ApiProperty({
    type: [SkippedContractDto],
    description:
      'contracts the month cannot bill yet; their households are not invoiced until they can (issue the month again)',
  })
  skipped!: SkippedContractDto[];
}

export class PaymentResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) crecheId!: string;
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({ example: '151.50', description: EUROS }) amount!: string;
  @ApiProperty({ format: 'date', example: '2027-04-10' }) paidOn!: string;
  @ApiProperty({ enum: PAYMENT_METHODS }) method!: string;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'set when the crèche cancelled it (recorded by mistake): it then counts nowhere',
  })
  cancelledAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'why it was cancelled' })
  cancelReason!: string | null;

  static from(p: PaymentRow): PaymentResponseDto {
    return { ...p };
  }
}

export class BalanceResponseDto {
  @ApiProperty({ format: 'uuid' }) crecheId!: string;
  @ApiProperty({ example: '151.50', description: `${EUROS}: the invoices` }) invoiced!: string;
  @ApiProperty({ example: '-15.00', description: `${EUROS}: the credit notes (zero or negative)` }) credited!: string;
  @ApiProperty({ example: '100.00', description: `${EUROS}: the payments` }) paid!: string;
  @ApiProperty({ example: '36.50', description: `${EUROS}: invoiced + credited − paid, what the household owes` })
  balance!: string;
  @ApiProperty({
    example: '70.50',
    description: `${EUROS}: what is still unpaid of invoices past their due date, the oldest settled first (R8.14)`,
  })
  overdue!: string;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    example: '2027-02-16',
    description: 'the due date of the oldest invoice still unpaid past it, or null',
  })
  overdueSince!: string | null;
}

export class CrecheBalanceResponseDto {
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({
    type: [String],
    example: ['Camille Martin'],
    description: "the household's parents, first and last name (none once erased)",
  })
  parents!: string[];
  @ApiProperty({ type: [String], example: ['Lou'], description: "the household's children, first names" })
  children!: string[];
  @ApiProperty({ example: '151.50', description: `${EUROS}: the invoices` }) invoiced!: string;
  @ApiProperty({ example: '-15.00', description: `${EUROS}: the credit notes (zero or negative)` }) credited!: string;
  @ApiProperty({ example: '100.00', description: `${EUROS}: the payments` }) paid!: string;
  @ApiProperty({ example: '36.50', description: `${EUROS}: invoiced + credited − paid, what the household owes` })
  balance!: string;
  @ApiProperty({
    example: '70.50',
    description: `${EUROS}: what is still unpaid of invoices past their due date, the oldest settled first (R8.14)`,
  })
  overdue!: string;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    example: '2027-02-16',
    description: 'the due date of the oldest invoice still unpaid past it, or null',
  })
  overdueSince!: string | null;
}

export class LateInvoiceDto {
  @ApiProperty({ example: 1 }) number!: number;
  @ApiProperty({ example: '2027-03', description: 'the month invoiced' }) month!: string;
  @ApiProperty({ example: '70.50', description: `${EUROS}: what is left to pay of it` }) unsettled!: string;
  @ApiProperty({ format: 'date', example: '2027-04-16', description: 'the day it was to be paid by' }) dueOn!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the payment terms the invoice gave' })
  paymentTerms!: string | null;
}

export class PaymentReminderResponseDto {
  @ApiProperty({ example: '70.50', description: `${EUROS}: what is late, as the balance says it (R8.14)` })
  overdue!: string;
  @ApiProperty({ format: 'date', example: '2027-04-16', description: 'the due date of the oldest late invoice' })
  overdueSince!: string;
  @ApiProperty({ type: [LateInvoiceDto], description: 'the invoices paid late, oldest first' })
  invoices!: LateInvoiceDto[];
  @ApiProperty({ example: 2, description: "how many of the household's parents it was e-mailed to" })
  recipients!: number;
}
