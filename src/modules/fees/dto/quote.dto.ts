import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { registerDecorator, ValidationArguments } from 'class-validator';
import { IsCivilDate, IsNotAfter, IsOptionalNotNull } from '../../../common/http/validators';
import { DatedPeriodDto, ScheduleSlotDto } from '../../../common/http/schedule.dto';

/** The simulator's two forms: a contract period with its weekly schedule and dated leave, or weeks a year. */
export const periodForm = (o: Pick<QuoteDto, 'contractStart' | 'contractEnd' | 'schedule'>) =>
  o.contractStart !== undefined || o.contractEnd !== undefined || o.schedule !== undefined;
export const weeksForm = (o: Pick<QuoteDto, 'contractStart' | 'contractEnd' | 'schedule'>) => !periodForm(o);

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
import { EUROS, eurosProblem } from '../domain/euros';
import { ANY_OBJECT } from '../../../common/openapi/formats';

export { EUROS };
export const HOURS = /^\d{1,3}(\.\d{1,2})?$/;

/** An amount in euros (EUROS), refused with the precise reason of eurosProblem. */
export function IsEuros(others: readonly string[] = []): PropertyDecorator {
  return Matches(EUROS, { message: (args) => eurosProblem(args.property, args.value, others) });
}

/** This integer is at most the sibling property's (aeehChildren counts among dependentChildren). */
export function IsNotAbove(sibling: string): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNotAbove',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [sibling],
      options: { message: `$property cannot exceed ${sibling}` },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const other = (args.object as Record<string, unknown>)[args.constraints[0] as string];
          return typeof value !== 'number' || typeof other !== 'number' || value <= other;
        },
      },
    });
}

export class QuoteDto {
  @ApiProperty({ format: 'date', example: '2025-10-01', description: 'the date the fee would apply from' })
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
  @IsEuros()
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

  @ApiPropertyOptional({
    example: 0,
    description: 'children of the household receiving AEEH, counted among dependentChildren (never more)',
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(20)
  @IsNotAbove('dependentChildren')
  aeehChildren?: number;

  @ApiPropertyOptional({ description: 'child placed by child welfare (ASE)' })
  @IsOptionalNotNull()
  @IsBoolean()
  asePlacement?: boolean;

  @ApiPropertyOptional({
    example: '2027-01-04',
    format: 'date',
    description: 'period form: first day of the contract (with contractEnd and schedule)',
  })
  @ValidateIf(periodForm)
  @IsCivilDate()
  @IsNotAfter('contractEnd')
  contractStart?: string;

  @ApiPropertyOptional({ example: '2027-06-25', format: 'date', description: 'period form: last day of the contract' })
  @ValidateIf(periodForm)
  @IsCivilDate()
  contractEnd?: string;

  @ApiPropertyOptional({ type: [ScheduleSlotDto], description: 'period form: the weekly schedule' })
  @ValidateIf(periodForm)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(21)
  @ValidateNested({ each: true })
  @Type(() => ScheduleSlotDto)
  schedule?: ScheduleSlotDto[];

  @ApiPropertyOptional({
    type: [DatedPeriodDto],
    description: "period form: the family's declared leave, dated (at most 10 weeks a year)",
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => DatedPeriodDto)
  leavePeriods?: DatedPeriodDto[];

  @ApiPropertyOptional({ example: '40', description: 'weeks form: hours of care per week (at most 168)' })
  @ValidateIf(weeksForm)
  @Matches(HOURS, { message: 'hoursPerWeek must be a number of hours such as "40" or "37.5"' })
  @IsHoursInWeek()
  hoursPerWeek?: string;

  @ApiPropertyOptional({ example: 45, description: 'weeks form: weeks of attendance per year' })
  @ValidateIf(weeksForm)
  @IsInt()
  @Min(1)
  @Max(52)
  weeksPerYear?: number;

  @ApiPropertyOptional({ example: 12, default: 12, description: 'weeks form: months the hours are spread over' })
  @ValidateIf(weeksForm)
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(12)
  billedMonths?: number;
}

/** The scale version the quote used. */
export class QuoteScaleDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date', example: '2026-01-01' }) effectiveFrom!: string;
  @ApiProperty({ description: 'true only with the Cnaf document cited' }) verified!: boolean;
}

export class QuoteResponseDto {
  @ApiProperty({ example: '1.55' }) hourlyRate!: string;
  @ApiProperty({ example: '150.00' }) monthlyHours!: string;
  @ApiProperty({ example: '232.50' }) monthlyFee!: string;
  @ApiProperty({ example: '0.0516' }) effortRatePercent!: string;
  @ApiProperty({ example: '2' }) tier!: string;
  @ApiProperty({ example: '3000.00' }) boundedResources!: string;
  @ApiProperty({ type: QuoteScaleDto }) scale!: QuoteScaleDto;
  @ApiProperty({ type: 'array', items: ANY_OBJECT, description: 'each step of the computation, in order' })
  trace!: unknown[];
}
