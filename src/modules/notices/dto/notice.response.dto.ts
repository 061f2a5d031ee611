import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsUuid, wholeNumber } from '../../../common/http/validators';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { InAppMessage } from '../domain/in-app-message';
import { NOTICE_STATUSES, NoticeEntity, NoticeStatus } from '../entities/notice.entity';

export class ListNoticesQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Transform(wholeNumber)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'the id of the last notice of the previous page' })
  @IsOptional()
  @IsUuid()
  before?: string;
}

export class NoticeActionDto {
  @ApiProperty({ example: "Voir l'invitation" }) label!: string;
  @ApiProperty({ example: '/invitations/…', description: 'a path of the web app, or a full address off Berceau' })
  href!: string;
}

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
  @ApiProperty({ nullable: true, type: String, description: "the e-mail's subject (null if it cannot be shown)" })
  subject!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      "the e-mail's text word for word (French) up to its action's line, which is `action`; the e-mail's text is `text`, the action's line and `closing`, separated by blank lines",
  })
  text!: string | null;
  @ApiProperty({ nullable: true, type: String, description: "the e-mail's signature, after the action" })
  closing!: string | null;
  @ApiProperty({ nullable: true, type: NoticeActionDto }) action!: NoticeActionDto | null;
  @ApiProperty({
    description: 'the e-mail had a link only its mailbox may follow (address proof, password reset): not shown here',
  })
  actionWithheld!: boolean;

  static from(n: NoticeEntity, message: InAppMessage | null = null): NoticeResponseDto {
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
      subject: message?.subject ?? null,
      text: message?.text ?? null,
      closing: message?.closing ?? null,
      action: message?.action ? { ...message.action } : null,
      actionWithheld: message?.actionWithheld ?? false,
    };
  }
}

/**
 * A message as its recipient reads it ("Mes messages"): the delivery status stays, the mail server's last error
 * (addresses, ports, SMTP replies: the operators' business) does not.
 */
export class MyNoticeResponseDto extends OmitType(NoticeResponseDto, ['lastError'] as const) {
  static of(n: NoticeEntity, message: InAppMessage | null): MyNoticeResponseDto {
    const { lastError, ...mine } = NoticeResponseDto.from(n, message);
    void lastError;
    return mine;
  }
}
