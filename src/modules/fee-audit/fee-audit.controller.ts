import { Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiOkContent } from '../../common/openapi/api-errors';
import { RecheckResponseDto } from './dto/recheck.response.dto';
import { AuditComputationPageDto, ListAuditComputationsQuery } from './dto/audit-computations.dto';
import { AuthUser, CurrentUser, RequirePermission } from '../../common/auth/auth.decorators';
import { uuidParam } from '../../common/http/validators';
import { toFrenchCsv } from '../fees/domain/fee-csv';
import {
  ExportQuery,
  FeeComputationResponseDto,
  ListFeeComputationsQuery,
  RecheckQuery,
} from '../fees/dto/fee-computation.dto';
import { FeeAuditService } from './fee-audit.service';

/** The Caf auditor's routes: stored fee computations with their traces, the recheck, the CSV export. */
@ApiTags('fees')
@ApiErrors(401, 403)
@Controller()
export class FeeAuditController {
  constructor(private readonly audit: FeeAuditService) {}

  @ApiOperation({ summary: 'List stored fee computations' })
  @ApiOkResponse({ type: [FeeComputationResponseDto] })
  @ApiErrors(400)
  @ApiBearerAuth()
  @Get('fee-computations')
  @RequirePermission('fees:read')
  async listComputations(
    @CurrentUser() user: AuthUser,
    @Query() q: ListFeeComputationsQuery,
  ): Promise<FeeComputationResponseDto[]> {
    return (await this.audit.list(user, q)).map(FeeComputationResponseDto.from);
  }

  @ApiOperation({ summary: 'Get a stored fee computation with its trace' })
  @ApiOkResponse({ type: FeeComputationResponseDto })
  @ApiErrors(400, 404)
  @ApiBearerAuth()
  @Get('fee-computations/:id')
  @RequirePermission('fees:read')
  async getComputation(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<FeeComputationResponseDto> {
    return FeeComputationResponseDto.from(await this.audit.get(user, id));
  }

  @ApiOperation({
    summary:
      "List stored fee computations for a Caf audit: the crèche's name, the child, the household's Caf number, filters by crèche, period, reason and deviations from today's rules (offset pages)",
  })
  @ApiOkResponse({ type: AuditComputationPageDto })
  @ApiErrors(400)
  @ApiBearerAuth()
  @Get('audit/fees/computations')
  @RequirePermission('fee_audit:read')
  listForAudit(@Query() q: ListAuditComputationsQuery): Promise<AuditComputationPageDto> {
    return this.audit.listForAudit(q);
  }

  /** Read-only despite the verb: recomputes and compares, writes nothing. */
  @ApiOperation({ summary: "Recompute stored fees with today's rules and list deviations (writes nothing)" })
  @ApiOkResponse({ type: RecheckResponseDto })
  @ApiErrors(400, 429)
  @ApiBearerAuth()
  @Post('audit/fees/recheck')
  @HttpCode(200)
  @RequirePermission('fee_audit:read')
  recheck(@Query() q: RecheckQuery) {
    return this.audit.recheck(q.crecheId);
  }

  @ApiOperation({ summary: "Export a crèche's fees of a year (CSV for the Caf)" })
  @ApiOkContent(
    "The fees, one row per contract period with the crèche's name, the household's Caf number and the reason in French (French CSV: semicolons, decimal commas), as an attachment",
    ['text/csv'],
  )
  @ApiErrors(400, 404)
  @ApiBearerAuth()
  @Get('audit/fees/export.csv')
  @RequirePermission('fee_audit:read')
  async exportCsv(@Query() q: ExportQuery): Promise<StreamableFile> {
    const csv = toFrenchCsv(await this.audit.exportRows(q.crecheId, q.year));
    return new StreamableFile(Buffer.from(csv, 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="participations-familiales-${q.year}.csv"`,
    });
  }
}
