import { BILLING_UNITS, EMERGENCY_RATES, EmergencyRate } from '../../fees/domain/occasional-fee';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
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
import {
  IsBefore,
  IsCivilDate,
  IsNotAfter,
  IsOneLine,
  IsOptionalNotNull,
  IsTimeOfDay,
  IsUuid,
  trimmed,
} from '../../../common/http/validators';
import { CRECHE_KINDS, CrecheKind } from '../domain/creche-rules';
import { TIME_OF_DAY_PATTERN } from '../../../common/openapi/formats';
import { RegisterDto } from '../../users/dto/register.dto';

/** A Caf reference of a crèche (partner number, AFC file number): letters, digits and dashes. */
export const CAF_REFERENCE_PATTERN = '^[0-9A-Za-z][0-9A-Za-z-]{0,19}$';

export class OpeningHoursDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday, Monday = 1' })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday!: number;

  @ApiProperty({ pattern: TIME_OF_DAY_PATTERN, example: '05:00' })
  @IsTimeOfDay()
  @IsBefore('closes')
  opens!: string;

  @ApiProperty({ pattern: TIME_OF_DAY_PATTERN, example: '21:00' })
  @IsTimeOfDay()
  closes!: string;
}

export class CapacityBandDto {
  @ApiProperty({ minimum: 1, maximum: 7 })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday!: number;

  @ApiProperty({ pattern: TIME_OF_DAY_PATTERN, example: '05:00' })
  @IsTimeOfDay()
  @IsBefore('to')
  from!: string;

  @ApiProperty({ pattern: TIME_OF_DAY_PATTERN, example: '07:00' })
  @IsTimeOfDay()
  to!: string;

  @ApiProperty({ example: 6 })
  @IsInt()
  @Min(0)
  places!: number;
}

export class ClosureDto {
  @ApiProperty({ format: 'date', example: '2026-12-24' })
  @IsCivilDate()
  @IsNotAfter('to')
  from!: string;

  @ApiProperty({ format: 'date', example: '2027-01-01' })
  @IsCivilDate()
  to!: string;

  @ApiProperty({ example: 'Noël' })
  @IsString()
  @Length(1, 120)
  label!: string;
}

export class CreateCrecheDto {
  @ApiProperty({ format: 'uuid' })
  @IsUuid()
  territoryId!: string;

  @ApiProperty({ example: 'Micro-crèche Les Lucioles' })
  @IsString()
  @Length(2, 200)
  name!: string;

  @ApiProperty({ example: '88372', description: 'INSEE code of a commune of the territory' })
  @Matches(/^(\d{5}|2[AB]\d{3})$/, { message: 'commune must be a 5-character INSEE commune code' })
  commune!: string;

  @ApiProperty({ enum: CRECHE_KINDS })
  @IsIn(CRECHE_KINDS)
  kind!: CrecheKind;

  @ApiProperty({ example: 12, description: 'authorised places (at most 12 for a MICRO_CRECHE)' })
  @IsInt()
  @Min(1)
  @Max(300)
  places!: number;

  @ApiProperty({ description: 'allow up to 115 % at an instant with weekly occupancy ≤ 100 %' })
  @IsBoolean()
  surnombre!: boolean;

  @ApiProperty({ type: [OpeningHoursDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OpeningHoursDto)
  openingHours!: OpeningHoursDto[];

  @ApiPropertyOptional({ type: [CapacityBandDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CapacityBandDto)
  capacityBands?: CapacityBandDto[];

  @ApiPropertyOptional({ type: [ClosureDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ClosureDto)
  closures?: ClosureDto[];

  @ApiPropertyOptional({ default: false })
  @IsOptionalNotNull()
  @IsBoolean()
  opensOnPublicHolidays?: boolean;

  @ApiPropertyOptional({ description: 'default: 10 weeks' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(71)
  minAgeMonths?: number;

  @ApiPropertyOptional({ default: 48, description: 'children with a disability are welcome up to 72 months' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(72)
  maxAgeMonths?: number;

  @ApiPropertyOptional({ default: 8 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(60)
  offerResponseDays?: number;

  @ApiPropertyOptional({
    example: '9000.00',
    description: "a higher resources ceiling agreed with the Caf (never below the scale's)",
  })
  @IsOptional()
  @Matches(/^\d{1,9}(\.\d{1,2})?$/, { message: 'resourcesCeilingOverride must be an amount in euros, e.g. "9000.00"' })
  resourcesCeilingOverride?: string;

  @ApiPropertyOptional({
    default: 10,
    description: "the crèche's rule: at most this many weeks of declared leave a year",
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(52)
  maxLeaveWeeksPerYear?: number;

  @ApiPropertyOptional({
    enum: BILLING_UNITS,
    default: 30,
    description: 'occasional care and extra hours: every started unit of this many minutes is billed',
  })
  @IsOptionalNotNull()
  @IsIn(BILLING_UNITS)
  billingUnitMinutes?: number;

  @ApiPropertyOptional({
    enum: EMERGENCY_RATES,
    default: 'FLOOR',
    description: "emergency care with unknown resources: the scale's floor, or the fixed rate below",
  })
  @IsOptionalNotNull()
  @IsIn(EMERGENCY_RATES)
  emergencyRate?: EmergencyRate;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '1.42',
    description: 'fixed hourly rate for emergency care (family fees of N−1 ÷ hours billed in N−1); with FIXED',
  })
  @IsOptional()
  @Matches(/^\d{1,4}(\.\d{1,2})?$/, { message: 'emergencyHourlyRate must be an hourly rate in euros, e.g. "1.42"' })
  emergencyHourlyRate?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    pattern: CAF_REFERENCE_PATTERN,
    example: '88123456',
    description: "the crèche's partner number at the Caf (FILOUÉ file)",
  })
  @IsOptional()
  @Matches(new RegExp(CAF_REFERENCE_PATTERN), { message: 'cafNumber must be 1 to 20 letters, digits or dashes' })
  cafNumber?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    pattern: CAF_REFERENCE_PATTERN,
    example: '2027-00042',
    description: "the crèche's AFC file number (its PSU funding file at the Caf, FILOUÉ file)",
  })
  @IsOptional()
  @Matches(new RegExp(CAF_REFERENCE_PATTERN), { message: 'afcFileNumber must be 1 to 20 letters, digits or dashes' })
  afcFileNumber?: string | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: 60,
    example: 15,
    description: 'an invoice is to be paid within this many days of its issue (0: on receipt); null: no due date',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60)
  paymentDueDays?: number | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    minLength: 3,
    maxLength: 500,
    example: 'Prélèvement le 10 du mois, ou virement (IBAN FR76 3000 4000 0500 0000 1234 567) ; CESU acceptés',
    description: 'how to pay, one line printed on every invoice and shown to families',
  })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @Length(3, 500)
  @IsOneLine()
  @Matches(/[\p{L}\p{N}]/u, { message: 'paymentTerms must contain letters or digits' })
  paymentTerms?: string | null;

  @ApiPropertyOptional({ default: 1, description: 'art. D214-7 CASF' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  reservedInsertionPlaces?: number;
}

export class UpdateCrecheDto extends PartialType(OmitType(CreateCrecheDto, ['territoryId'] as const), {
  skipNullProperties: false,
}) {}

export class SetManagersDto {
  @ApiProperty({ type: 'array', items: { type: 'string', format: 'uuid' } })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUuid('all', { each: true })
  userIds!: string[];
}

/** A crèche's manager invites an auxiliary: the account is made, named to the team, and e-mailed its link. */
export class InviteStaffDto extends PickType(RegisterDto, ['email', 'firstName', 'lastName'] as const) {}

export class AtypicalRangeDto {
  @ApiProperty({ example: '07:30', pattern: TIME_OF_DAY_PATTERN }) from!: string;
  @ApiProperty({ example: '07:30', pattern: TIME_OF_DAY_PATTERN }) to!: string;
}

export class PublicOpeningHoursDto {
  @ApiProperty() weekday!: number;
  @ApiProperty({ example: '07:30', pattern: TIME_OF_DAY_PATTERN }) opens!: string;
  @ApiProperty({ example: '07:30', pattern: TIME_OF_DAY_PATTERN }) closes!: string;
  @ApiProperty({ type: [AtypicalRangeDto], description: 'parts of this range in atypical hours' })
  atypical!: AtypicalRangeDto[];
}

export class CrecheCommuneDto {
  @ApiProperty({ example: '88372', description: 'INSEE code' }) inseeCode!: string;
  @ApiProperty({ example: 'Rambervillers' }) name!: string;
}

/** What anyone may read about a crèche: no personal data. */
export class CrecheResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) territoryId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: CrecheCommuneDto }) commune!: CrecheCommuneDto;
  @ApiProperty({ enum: CRECHE_KINDS }) kind!: CrecheKind;
  @ApiProperty() places!: number;
  @ApiProperty() surnombre!: boolean;
  @ApiProperty({ type: [PublicOpeningHoursDto] }) openingHours!: PublicOpeningHoursDto[];
  @ApiProperty({ type: [CapacityBandDto] }) capacityBands!: CapacityBandDto[];
  @ApiProperty({ type: [ClosureDto] }) closures!: ClosureDto[];
  @ApiProperty() opensOnPublicHolidays!: boolean;
  @ApiProperty({ nullable: true, type: Number }) minAgeMonths!: number | null;
  @ApiProperty() maxAgeMonths!: number;
  @ApiProperty() offerResponseDays!: number;
  @ApiProperty() reservedInsertionPlaces!: number;
  @ApiProperty({ nullable: true, type: String }) resourcesCeilingOverride!: string | null;
  @ApiProperty() maxLeaveWeeksPerYear!: number;
  @ApiProperty({ enum: BILLING_UNITS }) billingUnitMinutes!: number;
  @ApiProperty({ enum: EMERGENCY_RATES }) emergencyRate!: EmergencyRate;
  @ApiProperty({ nullable: true, type: String }) emergencyHourlyRate!: string | null;
  @ApiProperty({ nullable: true, type: String }) cafNumber!: string | null;
  @ApiProperty({ nullable: true, type: String }) afcFileNumber!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'days to pay an invoice after its issue' })
  paymentDueDays!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'how to pay' }) paymentTerms!: string | null;
}
