import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { registerDecorator } from 'class-validator';
import { IsCivilDate, IsOptionalNotNull } from '../../../common/http/validators';

/** Hours beyond the 168 of a week, or none at all, cannot be a schedule. */
function IsHoursInWeek(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isHoursInWeek',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be more than 0 and at most 168 hours' },
      validator: { validate: (v: unknown) => typeof v === 'string' && Number(v) > 0 && Number(v) <= 168 },
    });
}
import { CARE_TYPES, CareType } from '../domain/fee-scale';

export const EUROS = /^\d{1,9}(\.\d{1,2})?$/;
export const HOURS = /^\d{1,3}(\.\d{1,2})?$/;

export class QuoteDto {
  @ApiProperty({ example: '2025-10-01', description: 'the date the fee would apply from' })
  @IsCivilDate()
  date!: string;

  @ApiProperty({ enum: CARE_TYPES })
  @IsIn(CARE_TYPES)
  careType!: CareType;

  @ApiPropertyOptional({
    example: '3000.00',
    description: 'monthly resources in euros (year N-2 ÷ 12); omit when unknown',
  })
  @IsOptionalNotNull()
  @Matches(EUROS, { message: 'monthlyResources must be a non-negative amount in euros, e.g. "3000.00"' })
  monthlyResources?: string;

  @ApiPropertyOptional({
    description: 'the family declines to give its resources: the ceiling applies (leave monthlyResources out)',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  resourcesRefused?: boolean;

  @ApiProperty({ example: 2, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(20)
  dependentChildren!: number;

  @ApiPropertyOptional({ example: 0, description: 'children of the household receiving AEEH' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(20)
  aeehChildren?: number;

  @ApiPropertyOptional({ description: 'child placed by child welfare (ASE)' })
  @IsOptionalNotNull()
  @IsBoolean()
  asePlacement?: boolean;

  @ApiProperty({ example: '40', description: 'hours of care per week (at most 168)' })
  @Matches(HOURS, { message: 'hoursPerWeek must be a number of hours such as "40" or "37.5"' })
  @IsHoursInWeek()
  hoursPerWeek!: string;

  @ApiProperty({ example: 45, description: 'weeks of attendance per year' })
  @IsInt()
  @Min(1)
  @Max(52)
  weeksPerYear!: number;

  @ApiPropertyOptional({ example: 12, default: 12 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(12)
  billedMonths?: number;
}

export class QuoteResponseDto {
  @ApiProperty({ example: '1.55' }) hourlyRate!: string;
  @ApiProperty({ example: '150.00' }) monthlyHours!: string;
  @ApiProperty({ example: '232.50' }) monthlyFee!: string;
  @ApiProperty({ example: '0.0516' }) effortRatePercent!: string;
  @ApiProperty({ example: '2' }) tier!: string;
  @ApiProperty({ example: '3000.00' }) boundedResources!: string;
  @ApiProperty() scale!: { id: string; effectiveFrom: string; verified: boolean };
  @ApiProperty({ type: 'array', items: { type: 'object' } }) trace!: unknown[];
}
