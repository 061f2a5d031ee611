import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsUUID, Matches } from 'class-validator';
import { IsCivilDate, IsNotAfter, IsOptionalNotNull } from '../../../common/http/validators';
import { ABSENCE_REASONS, AbsenceReason } from '../domain/absence-reasons';
import type { AbsenceRow, AttendanceRow } from '../attendance.repository';
import { timeOf } from '../domain/attendance-time';

const TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const TIME_MESSAGE = '$property must be a time "HH:MM" (00:00 to 24:00)';

/** When: today and now (France) unless given; a manager may enter a past day's times later. */
export class ClockDto {
  @ApiPropertyOptional({
    example: '2027-03-01',
    description: 'the day (default: today in France); never in the future',
  })
  @IsOptionalNotNull()
  @IsCivilDate()
  date?: string;

  @ApiPropertyOptional({ example: '07:55', description: 'the time (default: now in France)' })
  @IsOptionalNotNull()
  @Matches(TIME, { message: TIME_MESSAGE })
  time?: string;
}

export class CheckChildDto extends ClockDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'childId must be a UUID' })
  childId!: string;
}

export class CheckDayDto extends ClockDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'check in these children (default: every child expected that day, not absent, not in yet)',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true, message: 'childIds must hold UUIDs' })
  childIds?: string[];
}

export class CorrectAttendanceDto {
  @ApiProperty({ example: '07:00' })
  @Matches(TIME, { message: TIME_MESSAGE })
  arrivedAt!: string;

  @ApiPropertyOptional({ example: '17:20', description: 'absent: not left yet' })
  @IsOptionalNotNull()
  @Matches(TIME, { message: TIME_MESSAGE })
  leftAt?: string;
}

export class CreateAbsenceDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'childId must be a UUID' })
  childId!: string;

  @ApiProperty({
    enum: ABSENCE_REASONS,
    description:
      'ILLNESS (deducted from the 4th calendar day with a medical certificate), HOSPITALISATION, DOCTOR_EXCLUSION, EXCEPTIONAL_CLOSURE (deducted from day one), UNEXCUSED (never deducted)',
  })
  @IsIn(ABSENCE_REASONS)
  reason!: AbsenceReason;

  @ApiProperty({ example: '2027-03-08' })
  @IsCivilDate()
  @IsNotAfter('to')
  from!: string;

  @ApiProperty({ example: '2027-03-12' })
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

export class AbsenceDocumentBody {
  @ApiProperty({ type: 'string', format: 'binary', description: 'PDF, JPEG or PNG, at most 5 MiB' })
  document!: unknown;
}

export class AttendanceResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) childId!: string;
  @ApiProperty({ example: '2027-03-01' }) date!: string;
  @ApiProperty({ example: '07:00' }) arrivedAt!: string;
  @ApiProperty({ example: '17:20', nullable: true, type: String }) leftAt!: string | null;

  static from(r: AttendanceRow): AttendanceResponseDto {
    return {
      id: r.id,
      childId: r.childId,
      date: r.date,
      arrivedAt: timeOf(r.arrivedMinute),
      leftAt: r.leftMinute === null ? null : timeOf(r.leftMinute),
    };
  }
}

export class AbsenceResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) childId!: string;
  @ApiProperty({ enum: ABSENCE_REASONS }) reason!: AbsenceReason;
  @ApiProperty({ example: '2027-03-08' }) from!: string;
  @ApiProperty({ example: '2027-03-12' }) to!: string;
  @ApiProperty() certified!: boolean;
  @ApiProperty({ description: 'a proof was uploaded' }) hasDocument!: boolean;

  static from(a: AbsenceRow): AbsenceResponseDto {
    return {
      id: a.id,
      childId: a.childId,
      reason: a.reason,
      from: a.fromDate,
      to: a.toDate,
      certified: a.certified,
      hasDocument: a.documentKey !== null,
    };
  }
}

export class PlannedSlotDto {
  @ApiProperty({ example: '07:00' }) from!: string;
  @ApiProperty({ example: '17:00' }) to!: string;
  @ApiProperty({ enum: ['CONTRACT', 'OCCASIONAL', 'EMERGENCY'] }) kind!: string;
}

export class DayChildDto {
  @ApiProperty({ format: 'uuid' }) childId!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty({ type: [PlannedSlotDto] }) planned!: PlannedSlotDto[];
  @ApiProperty({ type: AttendanceResponseDto, nullable: true }) actual!: AttendanceResponseDto | null;
  @ApiProperty({ type: AbsenceResponseDto, nullable: true }) absence!: AbsenceResponseDto | null;
}

export class DayResponseDto {
  @ApiProperty({ example: '2027-03-01' }) date!: string;
  @ApiProperty({ type: [DayChildDto] }) children!: DayChildDto[];
}
