import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { IsCivilDate, IsNotAfter, IsOptionalNotNull, IsUuid } from '../../../common/http/validators';
import { ABSENCE_REASONS, AbsenceReason } from '../domain/absence-reasons';
import { TIME_OF_DAY_PATTERN } from '../../../common/openapi/formats';

const TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const TIME_MESSAGE = '$property must be a time "HH:MM" (00:00 to 24:00)';

/**
 * When: today and now (France) unless given; a manager may enter a past day's times later, a staff account may not
 * (403: it clocks what happens as it happens).
 */
export class ClockDto {
  @ApiPropertyOptional({
    format: 'date',
    example: '2027-03-01',
    description: 'the day (default: today in France); never in the future; managers and admins only',
  })
  @IsOptionalNotNull()
  @IsCivilDate()
  date?: string;

  @ApiPropertyOptional({
    example: '07:55',
    pattern: TIME_OF_DAY_PATTERN,
    description: 'the time (default: now in France); managers and admins only',
  })
  @IsOptionalNotNull()
  @Matches(TIME, { message: TIME_MESSAGE })
  time?: string;
}

export class CheckChildDto extends ClockDto {
  @ApiProperty({ format: 'uuid' })
  @IsUuid('all', { message: 'childId must be a UUID' })
  childId!: string;
}

export class CheckDayDto extends ClockDto {
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', format: 'uuid' },
    description: 'check in these children (default: every child expected that day, not absent, not in yet)',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUuid('all', { each: true, message: 'childIds must hold UUIDs' })
  childIds?: string[];

  @ApiPropertyOptional({
    example: '10:00',
    pattern: TIME_OF_DAY_PATTERN,
    description:
      "the latest start of a child's day to bring in, if earlier than the API's own bound (a slot under way, or starting within 30 minutes of the arrival): the children the page named. Not with childIds",
  })
  @IsOptionalNotNull()
  @Matches(TIME, { message: TIME_MESSAGE })
  expectedBy?: string;
}

export class CorrectAttendanceDto {
  @ApiProperty({ example: '07:00', pattern: TIME_OF_DAY_PATTERN })
  @Matches(TIME, { message: TIME_MESSAGE })
  arrivedAt!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '17:20',
    pattern: TIME_OF_DAY_PATTERN,
    description:
      'null: not left yet (a departure recorded by mistake is removed); absent: the departure stays as recorded (one recorded since the correction was typed is kept)',
  })
  @IsOptional()
  @Matches(TIME, { message: TIME_MESSAGE })
  leftAt?: string | null;
}

export class CreateAbsenceDto {
  @ApiProperty({ format: 'uuid' })
  @IsUuid('all', { message: 'childId must be a UUID' })
  childId!: string;

  @ApiProperty({
    enum: ABSENCE_REASONS,
    description:
      'ILLNESS (deducted from the 4th calendar day with a medical certificate), HOSPITALISATION, DOCTOR_EXCLUSION, EXCEPTIONAL_CLOSURE (deducted from day one), UNEXCUSED (never deducted)',
  })
  @IsIn(ABSENCE_REASONS)
  reason!: AbsenceReason;

  @ApiProperty({ format: 'date', example: '2027-03-08' })
  @IsCivilDate()
  @IsNotAfter('to')
  from!: string;

  @ApiProperty({ format: 'date', example: '2027-03-12' })
  @IsCivilDate()
  to!: string;

  @ApiPropertyOptional({
    description: 'the manager saw the medical certificate (uploading it sets this too)',
    default: false,
  })
  @IsOptionalNotNull()
  @IsBoolean()
  certified?: boolean;
}

/** A correction of an absence recorded by mistake: any of its reason, dates and certificate seen (the child stays). */
export class UpdateAbsenceDto {
  @ApiPropertyOptional({ enum: ABSENCE_REASONS, description: 'as when recorded' })
  @IsOptionalNotNull()
  @IsIn(ABSENCE_REASONS)
  reason?: AbsenceReason;

  @ApiPropertyOptional({ format: 'date', example: '2027-03-08', description: 'first day absent' })
  @IsOptionalNotNull()
  @IsCivilDate()
  @IsNotAfter('to')
  from?: string;

  @ApiPropertyOptional({ format: 'date', example: '2027-03-12', description: 'last day absent (included)' })
  @IsOptionalNotNull()
  @IsCivilDate()
  to?: string;

  @ApiPropertyOptional({ description: 'the manager saw the medical certificate (an uploaded proof keeps it true)' })
  @IsOptionalNotNull()
  @IsBoolean()
  certified?: boolean;
}

export class AbsenceDocumentBody {
  @ApiProperty({ type: 'string', format: 'binary', description: 'PDF, JPEG or PNG, at most 5 MiB' })
  document!: unknown;
}
