import { Transform, Type } from 'class-transformer';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsCivilDate, IsOneLine, IsWithoutWebAddress, trimmed, IsUuid } from '../../../common/http/validators';
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
    description:
      'why the payment is cancelled, one line the household reads (no name nor health detail: it is kept; no web address)',
  })
  @Transform(trimmed)
  @IsString()
  @Length(3, 300)
  @IsOneLine()
  @IsWithoutWebAddress()
  reason!: string;
}

/** Hours taken off one line of the invoice (R8.16). */
export class CreditedHoursDto {
  @ApiProperty({
    type: 'integer',
    example: 1,
    description: "the line's position on the invoice (its lines' `position`)",
  })
  @IsInt({ message: 'position must be a whole number' })
  @Min(1)
  @Max(10_000)
  position!: number;

  @ApiProperty({ example: '14.00', description: 'hours to take off the line, above zero, at most what is left on it' })
  @IsString({ message: 'hours must be hours such as "14.00"' })
  @Matches(/^\d{1,4}(\.\d{1,2})?$/, { message: 'hours must be hours such as "14.00" (two decimals at most)' })
  @Matches(/^(?!0+(\.0+)?$)/, { message: 'hours must be above zero' })
  hours!: string;
}

/**
 * A credit note in euros (`amount`), or in hours taken off lines of the invoice (`hours`: each line's hours at its own
 * rate, so the Caf's reports count the hours billed net of it, R8.16): one or the other.
 */
export class CreditNoteDto {
  @ApiPropertyOptional({
    example: '15.00',
    description: 'euros to credit, at most what is left on the invoice; not with `hours`',
  })
  @ValidateIf((o: CreditNoteDto) => o.hours === undefined || o.amount !== undefined)
  @IsDefined({ message: 'amount is required (or hours, to take hours off lines of the invoice)' })
  @Matches(EUROS, { message: 'amount must be an amount in euros such as "15.00"' })
  @Matches(/^(?!0+(\.0+)?$)/, { message: 'amount must be above zero' })
  amount?: string;

  @ApiPropertyOptional({
    type: [CreditedHoursDto],
    description:
      "hours taken off lines of the invoice, each at the line's rate (the amount follows); not with `amount`",
  })
  @ValidateIf((o: CreditNoteDto) => o.hours !== undefined)
  @IsArray()
  @ArrayMinSize(1, { message: 'hours must name at least one line' })
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => CreditedHoursDto)
  hours?: CreditedHoursDto[];

  @ApiProperty({
    example: 'Absence pour hospitalisation non déduite',
    description: 'printed on the credit note and e-mailed to the household: one line, no web address',
  })
  @Transform(trimmed)
  @IsString()
  @Length(3, 300)
  @IsOneLine()
  @IsWithoutWebAddress()
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
