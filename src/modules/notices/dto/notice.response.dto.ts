import { ApiProperty } from '@nestjs/swagger';
import { NOTICE_STATUSES, NoticeEntity, NoticeStatus } from '../entities/notice.entity';

export class NoticeResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() type!: string;
  @ApiProperty({ enum: NOTICE_STATUSES }) status!: NoticeStatus;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) sentAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) subjectType!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) subjectId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(n: NoticeEntity): NoticeResponseDto {
    return {
      id: n.id,
      type: n.type,
      status: n.status,
      attempts: n.attempts,
      lastError: n.lastError,
      sentAt: n.sentAt?.toISOString() ?? null,
      subjectType: n.subjectType,
      subjectId: n.subjectId,
      createdAt: n.createdAt.toISOString(),
    };
  }
}
