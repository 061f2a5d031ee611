import { Transform } from 'class-transformer';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { IsCivilDate, IsOneLine, trimmed, IsUuid } from '../../../common/http/validators';
import { EUROS } from '../../fees/dto/quote.dto';

const MONTH = /^20\d\d-(0[1-9]|1[0-2])$/;
export const PAYMENT_METHODS = ['TRANSFER', 'DIRECT_DEBIT', 'CHEQUE', 'CASH', 'CESU', 'CARD'] as const;

export class IssueMonthDto {
  @ApiProperty({ example: '2027-03', description: 'a month that is over' })
  @Matches(MONTH, { message: 'month must be a month "YYYY-MM" (years 2000 to 2099)' })
  month!: string;
}

export class CancelPaymentDto {
  @ApiProperty({
    example: 'Chèque enregistré deux fois',
    description: 'why the payment is cancelled, one line the household reads (no name nor health detail: it is kept)',
  })
  @Transform(trimmed)
  @IsString()
  @Length(3, 300)
  @IsOneLine()
  reason!: string;
}

export class CreditNoteDto {
  @ApiProperty({ example: '15.00', description: 'euros to credit, at most what is left on the invoice' })
  @Matches(EUROS, { message: 'amount must be an amount in euros such as "15.00"' })
  @Matches(/^(?!0+(\.0+)?$)/, { message: 'amount must be above zero' })
  amount!: string;

  @ApiProperty({ example: 'Absence pour hospitalisation non déduite', description: 'printed on the credit note' })
  @Transform(trimmed)
  @IsString()
  @Length(3, 300)
  @IsOneLine()
  reason!: string;
}

export class PaymentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUuid('all', { message: 'familyId must be a UUID' })
  familyId!: string;

  @ApiProperty({
    example: '151.50',
    description: 'at most 99 999.99 € (one payment; a typo of a few digits is refused)',
  })
  @Matches(EUROS, { message: 'amount must be an amount in euros such as "151.50"' })
  @Matches(/^(?!0+(\.0+)?$)/, { message: 'amount must be above zero' })
  @Matches(/^0*\d{1,5}(\.\d{1,2})?$/, { message: 'amount must be at most 99999.99 (one payment)' })
  amount!: string;

  @ApiProperty({ format: 'date', example: '2027-04-10' })
  @IsCivilDate()
  paidOn!: string;

  @ApiProperty({ enum: PAYMENT_METHODS })
  @IsIn(PAYMENT_METHODS)
  method!: (typeof PAYMENT_METHODS)[number];
}
