import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../../common/auth/auth.decorators';
import { AuditService } from './audit.service';
import { AuditEventPageDto, AuditEventResponseDto } from './dto/audit-event.response.dto';
import { ListAuditEventsQuery } from './dto/list-audit-events.query';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Newest first; pass `nextCursor` back as `cursor` for the next page. */
  @Get()
  @RequirePermission('audit:read')
  async list(@Query() query: ListAuditEventsQuery): Promise<AuditEventPageDto> {
    const page = await this.audit.list(query);
    return { items: page.items.map(AuditEventResponseDto.from), nextCursor: page.nextCursor };
  }
}
