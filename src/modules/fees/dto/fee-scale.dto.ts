import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCivilDate } from '../../../common/http/validators';
import { EUROS } from './quote.dto';

export class EffortTierDto {
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(20) fromChildren!: number;

  @ApiProperty({ example: '0.0619', description: 'percent of monthly resources per billed hour' })
  @Matches(/^0\.\d{4}$/, { message: 'rate must be a percentage with four decimals, e.g. "0.0619"' })
  rate!: string;
}

export class RateTablesDto {
  @ApiProperty({ type: [EffortTierDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => EffortTierDto)
  collective!: EffortTierDto[];

  @ApiProperty({ type: [EffortTierDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => EffortTierDto)
  familial!: EffortTierDto[];
}

export class CreateFeeScaleDto {
  @ApiProperty({
    format: 'date',
    example: '2027-01-01',
    description: "a month's first day (invoices bill a month at one rate)",
  })
  @IsCivilDate()
  @Matches(/^\d{4}-\d{2}-01$/, {
    message: "effectiveFrom must be a month's first day: invoices bill a month at one rate",
  })
  effectiveFrom!: string;
  @ApiProperty({ example: '830.00' }) @Matches(EUROS, { message: 'floor must be an amount in euros' }) floor!: string;
  @ApiProperty({ example: '8500.00' })
  @Matches(EUROS, { message: 'ceiling must be an amount in euros' })
  ceiling!: string;

  @ApiProperty({ type: RateTablesDto })
  @ValidateNested()
  @Type(() => RateTablesDto)
  tables!: RateTablesDto;

  @ApiProperty({ enum: ['collective', 'familial'] }) @IsIn(['collective', 'familial']) microCrecheTable!:
    'collective' | 'familial';
  @ApiProperty({ description: 'the Cnaf circular or Caf page the figures come from' })
  @IsString()
  @Length(5, 1000)
  provenance!: string;
  @ApiProperty({ description: 'true only with the Cnaf document cited in sourceTitle and sourceDate' })
  @IsBoolean()
  verified!: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Circulaire Cnaf C 2019-005, barème national des participations familiales',
  })
  @IsOptional()
  @IsString()
  @Length(5, 300)
  sourceTitle?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2019-06-05',
    format: 'date',
    description: 'date of the cited Cnaf document',
  })
  @IsOptional()
  @IsCivilDate()
  sourceDate?: string | null;

  @ApiPropertyOptional({
    description:
      'to create (or move) a version taking effect in a month some crèche has already invoiced (409 FEE_SCALE.MONTHS_INVOICED ' +
      'otherwise): those invoices keep the fees they billed, the fees are computed again for the months still to invoice',
  })
  @IsOptional()
  @IsBoolean()
  invoicedMonthsAcknowledged?: boolean;
}

export class UpdateFeeScaleDto extends PartialType(CreateFeeScaleDto, { skipNullProperties: false }) {}

export class FeeScaleResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date' }) effectiveFrom!: string;
  @ApiProperty() floor!: string;
  @ApiProperty() ceiling!: string;
  @ApiProperty({ type: RateTablesDto }) tables!: RateTablesDto;
  @ApiProperty() microCrecheTable!: string;
  @ApiProperty() provenance!: string;
  @ApiProperty() verified!: boolean;
  @ApiProperty({ nullable: true, type: String }) sourceTitle!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) sourceDate!: string | null;
  @ApiProperty({ description: "used by a stored computation or a booking's fee: immutable" }) inUse!: boolean;
}
