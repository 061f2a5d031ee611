import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsCivilDate } from '../../../common/http/validators';
import { EUROS } from '../../fees/dto/quote.dto';
import { LINE_KINDS } from '../domain/month-invoice';
import { ABSENCE_REASONS } from '../../attendance/domain/absence-reasons';
import type { InvoiceRow, LineRow, PaymentRow } from '../billing.repository';
import { documentNumber } from '../domain/documents';

const MONTH = /^20\d\d-(0[1-9]|1[0-2])$/;
export const PAYMENT_METHODS = ['TRANSFER', 'DIRECT_DEBIT', 'CHEQUE', 'CASH', 'CESU', 'CARD'] as const;

export class IssueMonthDto {
  @ApiProperty({ example: '2027-03', description: 'a month that is over' })
  @Matches(MONTH, { message: 'month must be a month "YYYY-MM" (years 2000 to 2099)' })
  month!: string;
}

export class CreditNoteDto {
  @ApiProperty({ example: '15.00', description: 'euros to credit, at most what is left on the invoice' })
  @Matches(EUROS, { message: 'amount must be an amount in euros such as "15.00"' })
  @Matches(/^(?!0+(\.0+)?$)/, { message: 'amount must be above zero' })
  amount!: string;

  @ApiProperty({ example: 'Absence pour hospitalisation non déduite', description: 'printed on the credit note' })
  @IsString()
  @Length(3, 300)
  reason!: string;
}

export class PaymentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'familyId must be a UUID' })
  familyId!: string;

  @ApiProperty({ example: '151.50' })
  @Matches(EUROS, { message: 'amount must be an amount in euros such as "151.50"' })
  @Matches(/^(?!0+(\.0+)?$)/, { message: 'amount must be above zero' })
  amount!: string;

  @ApiProperty({ example: '2027-04-10' })
  @IsCivilDate()
  paidOn!: string;

  @ApiProperty({ enum: PAYMENT_METHODS })
  @IsIn(PAYMENT_METHODS)
  method!: (typeof PAYMENT_METHODS)[number];
}

export class InvoiceLineDto {
  @ApiProperty() position!: number;
  @ApiProperty({ enum: [...LINE_KINDS, 'CREDIT'] }) kind!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) childId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) contractId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) bookingId!: string | null;
  @ApiProperty({ enum: ABSENCE_REASONS, nullable: true }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2027-03-11' }) from!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2027-03-11' }) to!: string | null;
  @ApiProperty({ example: 'Déduction, maladie : le 11 mars 2027' }) label!: string;
  @ApiProperty({ example: '-10.0000', description: 'hours, signed like the amount' }) hours!: string;
  @ApiProperty({ example: '1.50', nullable: true, type: String }) hourlyRate!: string | null;
  @ApiProperty({ example: '-15.00' }) amount!: string;

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
    };
  }
}

export class ScaleVersionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2026-01-01' }) effectiveFrom!: string;
}

export class InvoiceResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) crecheId!: string;
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({ enum: ['INVOICE', 'CREDIT_NOTE'] }) kind!: string;
  @ApiProperty({ example: 42, description: "in the crèche's unbroken sequence (invoices and credit notes)" })
  number!: number;
  @ApiProperty({ example: '000042' }) reference!: string;
  @ApiProperty({ example: '2027-03' }) month!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) creditedInvoiceId!: string | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ example: '151.50' }) total!: string;
  @ApiProperty({ example: '120.00' }) contractHours!: string;
  @ApiProperty({ example: '20.00' }) deductedHours!: string;
  @ApiProperty({ example: '1.00' }) extraHours!: string;
  @ApiProperty({ example: '0.00' }) occasionalHours!: string;
  @ApiProperty({ example: '101.00' }) billedHours!: string;
  @ApiProperty({ example: 7840 }) attendedMinutes!: number;
  @ApiProperty({ type: [ScaleVersionDto] }) scaleVersions!: ScaleVersionDto[];
  @ApiProperty() issuedAt!: string;
  @ApiPropertyOptional({ type: [InvoiceLineDto] }) lines?: InvoiceLineDto[];

  static from(i: InvoiceRow, lines?: LineRow[]): InvoiceResponseDto {
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
      ...(lines ? { lines: lines.map(InvoiceLineDto.from) } : {}),
    };
  }
}

export class SkippedContractDto {
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({ enum: ['NO_MENSUALISATION', 'NO_FEE'] }) reason!: string;
}

export class IssueMonthResponseDto {
  @ApiProperty({ example: '2027-03' }) month!: string;
  @ApiProperty({ type: [InvoiceResponseDto] }) issued!: InvoiceResponseDto[];
  @ApiProperty({ description: 'households of the month invoiced before (never twice)' }) alreadyIssued!: number;
  @ApiProperty({ type: [SkippedContractDto] }) skipped!: SkippedContractDto[];
}

export class PaymentResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) crecheId!: string;
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({ example: '151.50' }) amount!: string;
  @ApiProperty({ example: '2027-04-10' }) paidOn!: string;
  @ApiProperty({ enum: PAYMENT_METHODS }) method!: string;

  static from(p: PaymentRow): PaymentResponseDto {
    return { ...p };
  }
}

export class BalanceResponseDto {
  @ApiProperty({ format: 'uuid' }) crecheId!: string;
  @ApiProperty({ example: '151.50' }) invoiced!: string;
  @ApiProperty({ example: '-15.00', description: 'credit notes (zero or negative)' }) credited!: string;
  @ApiProperty({ example: '100.00' }) paid!: string;
  @ApiProperty({ example: '36.50', description: 'invoiced + credited − paid: what the household owes' })
  balance!: string;
}
