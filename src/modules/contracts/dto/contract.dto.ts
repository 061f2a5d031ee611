import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { EUROS } from '../../fees/dto/quote.dto';
import {
  IsBefore,
  IsCivilDate,
  IsNotAfter,
  IsOptionalNotNull,
  IsTimeOfDay,
  IsUuid,
} from '../../../common/http/validators';
import { BOOKING_KINDS, BookingKind } from '../../creches/domain/presence';
import { DatedPeriodDto, ScheduleSlotDto } from '../../../common/http/schedule.dto';
import { ANY_OBJECT, TIME_OF_DAY_PATTERN } from '../../../common/openapi/formats';

export { ScheduleSlotDto };

export class ContractFeeInputsDto {
  @ApiPropertyOptional({
    example: '3000.00',
    description: 'monthly resources (year N-2 ÷ 12); omit when unknown (the floor applies)',
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

  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(1)
  @Max(20)
  dependentChildren!: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(20)
  aeehChildren?: number;

  @ApiPropertyOptional({ default: false })
  @IsOptionalNotNull()
  @IsBoolean()
  asePlacement?: boolean;
}

export class AlternatingResidenceDto {
  @ApiProperty({ format: 'uuid', description: "the other parent's household (it pays its own share)" })
  @IsUuid()
  otherFamilyId!: string;

  @ApiPropertyOptional({
    default: 50,
    minimum: 1,
    maximum: 99,
    description: "the other household's percent of the reserved hours (the child's time with it)",
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(99)
  otherHoursPercent?: number;

  @ApiPropertyOptional({
    type: () => ContractFeeInputsDto,
    description: "the other household's situation as the manager checked it (otherwise its own, once checked)",
  })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => ContractFeeInputsDto)
  otherFeeInputs?: ContractFeeInputsDto;
}

export class UpdateFeeInputsDto extends ContractFeeInputsDto {
  @ApiProperty({ format: 'date', example: '2027-03-01', description: 'the new fee applies from this date' })
  @IsCivilDate()
  effectiveFrom!: string;
}

export class CreateContractDto {
  @ApiProperty({ format: 'uuid' })
  @IsUuid()
  childId!: string;

  @ApiProperty({ format: 'date', example: '2027-01-04' })
  @IsCivilDate()
  @IsNotAfter('endDate')
  startDate!: string;

  @ApiProperty({ format: 'date', example: '2027-12-31' })
  @IsCivilDate()
  endDate!: string;

  @ApiProperty({ type: [ScheduleSlotDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(21)
  @ValidateNested({ each: true })
  @Type(() => ScheduleSlotDto)
  schedule!: ScheduleSlotDto[];

  @ApiPropertyOptional({
    type: [DatedPeriodDto],
    description: "the family's declared leave, dated, within the contract (at most the crèche's weeks a year)",
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => DatedPeriodDto)
  leavePeriods?: DatedPeriodDto[];

  @ApiPropertyOptional({
    type: AlternatingResidenceDto,
    description: 'alternating residence: the second paying household and its share of the hours',
  })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => AlternatingResidenceDto)
  alternatingResidence?: AlternatingResidenceDto;

  @ApiPropertyOptional({
    type: ContractFeeInputsDto,
    description: "the household's situation for the fee (until families hold it)",
  })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => ContractFeeInputsDto)
  feeInputs?: ContractFeeInputsDto;
}

export class EndContractDto {
  @ApiProperty({ format: 'date', example: '2027-06-30', description: 'last day of attendance' })
  @IsCivilDate()
  endDate!: string;
}

export class ReservedHoursDto {
  @ApiProperty({ example: '1710.00', description: 'hours reserved over the whole contract' }) reservedHours!: string;
  @ApiProperty({ description: 'the months they are spread over' }) months!: number;
  @ApiProperty({ example: '142.50', description: 'billed each month, to the hundredth' }) monthlyHours!: string;
  @ApiProperty({ description: 'the same before rounding' }) monthlyHoursExact!: string;
}

/** A household's fee in force: its latest computation. */
export class ContractFeeDto {
  @ApiProperty({ format: 'uuid' }) computationId!: string;
  @ApiProperty({ format: 'date' }) effectiveFrom!: string;
  @ApiProperty({ example: '1.50', description: 'euros, decimal string' }) hourlyRate!: string;
  @ApiProperty({ example: '142.50' }) monthlyHours!: string;
  @ApiProperty({ example: '213.75', description: 'euros, decimal string' }) monthlyFee!: string;
  @ApiProperty({
    type: 'array',
    items: ANY_OBJECT,
    description: 'each step of the computation, as the simulator gives it (the family reads why it pays this)',
  })
  trace!: unknown[];
}

export class FeeShareDto {
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({ description: "the household's share of the contract's hours, in %" }) hoursPercent!: number;
  @ApiProperty({ type: ContractFeeDto, nullable: true }) fee!: ContractFeeDto | null;
  @ApiPropertyOptional({
    type: [ContractFeeDto],
    description: "this household's fee changes already computed after the fee in force (one contract's page)",
  })
  upcomingFees?: ContractFeeDto[];
}

export class BookingFeeDto {
  @ApiProperty({ example: '1.50', description: 'euros, decimal string' }) hourlyRate!: string;
  @ApiProperty({ example: '6.00', description: "hours billed by the crèche's unit" }) billedHours!: string;
  @ApiProperty({ example: '9.00', description: 'euros, decimal string' }) amount!: string;
  @ApiProperty({ type: 'array', items: ANY_OBJECT, description: 'each step of the computation' }) trace!: unknown[];
}

export class ContractResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) crecheId!: string;
  @ApiProperty({ format: 'uuid' }) childId!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "the child's first name, on the crèche's list and one contract's page (null once erased)",
  })
  childFirstName?: string | null;
  @ApiPropertyOptional({
    type: [String],
    description:
      "the parents of the child's household, 'Prénom Nom', for the crèche's staff only (empty once erased; absent for a parent)",
  })
  parents?: string[];
  @ApiProperty({ format: 'date' }) startDate!: string;
  @ApiProperty({ format: 'date' }) endDate!: string;
  @ApiProperty({ type: [ScheduleSlotDto] }) schedule!: ScheduleSlotDto[];
  @ApiProperty({ type: [DatedPeriodDto] }) leavePeriods!: DatedPeriodDto[];
  @ApiPropertyOptional({ description: 'leave counted in weeks, for contracts signed before leave was dated' })
  leaveWeeksPerYear?: number;
  @ApiPropertyOptional({
    type: ReservedHoursDto,
    nullable: true,
    description: 'reserved hours over the contract, the months they are spread over, and the exact monthly hours',
  })
  reservedHours?: ReservedHoursDto | null;
  @ApiProperty({ example: '40.00' }) hoursPerWeek!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({
    type: ContractFeeDto,
    nullable: true,
    description: 'the fee in force (latest computation), when fee inputs are known',
  })
  fee?: ContractFeeDto | null;
  @ApiPropertyOptional({
    type: [ContractFeeDto],
    description:
      "the fee changes already computed after the fee in force, by date (a declaration validated from the first of next month, a new scale); on one contract's page",
  })
  upcomingFees?: ContractFeeDto[];
  @ApiPropertyOptional({
    type: [FeeShareDto],
    description:
      "alternating residence: each household's share and its fee in force (a parent sees only their household's)",
  })
  feeShares?: FeeShareDto[];
}

export class CreateBookingDto {
  @ApiProperty({ format: 'uuid' })
  @IsUuid()
  childId!: string;

  @ApiProperty({ format: 'date', example: '2027-01-09' })
  @IsCivilDate()
  date!: string;

  @ApiProperty({ pattern: TIME_OF_DAY_PATTERN, example: '06:00' })
  @IsTimeOfDay()
  @IsBefore('to')
  from!: string;

  @ApiProperty({ pattern: TIME_OF_DAY_PATTERN, example: '12:00' })
  @IsTimeOfDay()
  to!: string;

  @ApiProperty({ enum: BOOKING_KINDS })
  @IsIn(BOOKING_KINDS)
  kind!: BookingKind;
}

export class BookingResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) crecheId!: string;
  @ApiProperty({ format: 'uuid' }) childId!: string;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ example: '07:30', pattern: TIME_OF_DAY_PATTERN }) from!: string;
  @ApiProperty({ example: '07:30', pattern: TIME_OF_DAY_PATTERN }) to!: string;
  @ApiProperty({ enum: BOOKING_KINDS }) kind!: BookingKind;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) cancelledAt!: string | null;
  @ApiPropertyOptional({
    type: BookingFeeDto,
    nullable: true,
    description: "the booking's fee: hourly rate, hours billed by the crèche's unit, amount (null before #14 §2)",
  })
  fee!: BookingFeeDto | null;
}

export class DeclarationChildDto {
  @ApiProperty({ format: 'uuid' }) childId!: string;
  @ApiProperty({ type: String, nullable: true, description: "the child's first name ('Effacé' once erased)" })
  firstName!: string | null;
}

/** A fee declaration waiting for a manager, of a household paying for one of the crèche's contracts. */
export class ContractDeclarationToReviewDto {
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({ format: 'uuid', description: 'read and reviewed at /families/{familyId}/declarations' })
  declarationId!: string;
  @ApiProperty({ format: 'date-time' }) declaredAt!: string;
  @ApiProperty({
    type: [DeclarationChildDto],
    description:
      "the children of the crèche's contracts the household pays for (its own, or a share), running up to the day the declaration applies from",
  })
  children!: DeclarationChildDto[];
  @ApiProperty({
    description:
      "none is the household's own child: it pays a share of another household's child (alternating residence)",
  })
  sharesOnly!: boolean;
}
