import { ApiProperty } from '@nestjs/swagger';
import type { AuditEventEntity } from '../entities/audit-event.entity';

export class AuditEventResponseDto {
  @ApiProperty({ pattern: '^\\d+$', example: '42', description: 'sequence number, as a decimal string' }) id!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorUserId!: string | null;
  @ApiProperty({ nullable: true, type: String }) actorRole!: string | null;
  @ApiProperty() action!: string;
  @ApiProperty() subjectType!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) subjectId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) requestId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;

  static from(e: AuditEventEntity): AuditEventResponseDto {
    return { ...e, occurredAt: e.occurredAt.toISOString() };
  }
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventResponseDto] }) items!: AuditEventResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
