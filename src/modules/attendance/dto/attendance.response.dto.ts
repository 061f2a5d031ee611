import { ApiProperty } from '@nestjs/swagger';
import { TIME_OF_DAY_PATTERN } from '../../../common/openapi/formats';
import type { AbsenceRow, AttendanceRow } from '../attendance.repository';
import { ABSENCE_REASONS, AbsenceReason } from '../domain/absence-reasons';
import { timeOf } from '../domain/attendance-time';

/** OpenAPI description of the attendance routes' answers, with the mappers that build them. */
export class AttendanceResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) childId!: string;
  @ApiProperty({ format: 'date', example: '2027-03-01' }) date!: string;
  @ApiProperty({ example: '07:00', pattern: TIME_OF_DAY_PATTERN }) arrivedAt!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '17:20',
    pattern: TIME_OF_DAY_PATTERN,
    description: 'null: not left yet',
  })
  leftAt!: string | null;

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

/** An arrival of an earlier day still without a departure, with the child's first name (the managers' list). */
export class OpenArrivalDto extends AttendanceResponseDto {
  @ApiProperty({ example: 'Noé' }) firstName!: string;

  static fromOpen(r: AttendanceRow & { firstName: string }): OpenArrivalDto {
    return { ...AttendanceResponseDto.from(r), firstName: r.firstName };
  }
}

export class AbsenceResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) childId!: string;
  @ApiProperty({
    enum: ABSENCE_REASONS,
    nullable: true,
    description: "null for a crèche's staff account: why a child is absent (health data) is the managers' to know",
  })
  reason!: AbsenceReason | null;
  @ApiProperty({ format: 'date', example: '2027-03-08', description: 'first day absent' }) from!: string;
  @ApiProperty({ format: 'date', example: '2027-03-12', description: 'last day absent (included)' }) to!: string;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: "the manager saw the medical certificate (or it was uploaded); null for a crèche's staff account",
  })
  certified!: boolean | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: "a proof was uploaded; null for a crèche's staff account",
  })
  hasDocument!: boolean | null;

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

  /** What a crèche's staff account reads: that the child is absent, and until when; not why, nor its proof. */
  static forStaff(a: AbsenceRow): AbsenceResponseDto {
    return { ...AbsenceResponseDto.from(a), reason: null, certified: null, hasDocument: null };
  }
}

export class PlannedSlotDto {
  @ApiProperty({ example: '07:00', pattern: TIME_OF_DAY_PATTERN }) from!: string;
  @ApiProperty({ example: '17:00', pattern: TIME_OF_DAY_PATTERN }) to!: string;
  @ApiProperty({
    enum: ['CONTRACT', 'OCCASIONAL', 'EMERGENCY'],
    description: "CONTRACT: the contract's weekly schedule; otherwise a booking",
  })
  kind!: string;
}

export class DayChildDto {
  @ApiProperty({ format: 'uuid' }) childId!: string;
  @ApiProperty({ example: 'Léa' }) firstName!: string;
  @ApiProperty({ type: [PlannedSlotDto] }) planned!: PlannedSlotDto[];
  @ApiProperty({ type: AttendanceResponseDto, nullable: true, description: 'null: not checked in' })
  actual!: AttendanceResponseDto | null;
  @ApiProperty({ type: AbsenceResponseDto, nullable: true, description: 'an absence covering the day' })
  absence!: AbsenceResponseDto | null;
}

export class DayResponseDto {
  @ApiProperty({ format: 'date', example: '2027-03-01' }) date!: string;
  @ApiProperty({ type: [DayChildDto], description: 'every child expected that day' }) children!: DayChildDto[];
}
