import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors';
import { RequirePermission } from '../../common/auth/auth.decorators';
import { AuditService } from './audit.service';
import { AuditEventPageDto, AuditEventResponseDto } from './dto/audit-event.response.dto';
import { ListAuditEventsQuery } from './dto/list-audit-events.query';

@ApiTags('audit')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller('audit/events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Newest first; pass `nextCursor` back as `cursor` for the next page. */
  @ApiOperation({ summary: 'List audit events, newest first (cursor pagination)' })
  @ApiOkResponse({ type: AuditEventPageDto })
  @ApiErrors(400)
  @Get()
  @RequirePermission('audit:read')
  async list(@Query() query: ListAuditEventsQuery): Promise<AuditEventPageDto> {
    const page = await this.audit.list(query);
    return { items: page.items.map(AuditEventResponseDto.from), nextCursor: page.nextCursor };
  }
}
