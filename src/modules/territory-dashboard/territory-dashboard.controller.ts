import { Body, Controller, Get, Header, Param, Put, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiOkContent } from '../../common/openapi/api-errors';
import { AuthUser, CurrentUser, RequirePermission } from '../../common/auth/auth.decorators';
import { uuidParam } from '../../common/http/validators';
import { dashboardCsv } from './domain/dashboard-csv';
import { CoordinatorsResponseDto, SetCoordinatorsDto, TerritoryDashboardDto } from './dto/territory-dashboard.dto';
import { TerritoryCoordinatorsService } from './territory-coordinators.service';
import { TerritoryDashboardService } from './territory-dashboard.service';

/** The CTG steering committee's reads: demand against supply per commune and atypical slot (issue #17). */
@ApiTags('territories')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller('territories')
export class TerritoryDashboardController {
  constructor(
    private readonly dashboards: TerritoryDashboardService,
    private readonly coordination: TerritoryCoordinatorsService,
  ) {}

  @Get(':id/dashboard')
  @RequirePermission('territory_dashboard:read')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({
    summary:
      'Territory dashboard: per commune and atypical slot, applications, hours requested, place-hours offered, share served, waits (counts under 5 secret)',
  })
  @ApiOkResponse({ type: TerritoryDashboardDto })
  @ApiErrors(400, 404)
  async dashboard(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string): Promise<TerritoryDashboardDto> {
    return this.dashboards.dashboard(user, id);
  }

  @Get(':id/dashboard.csv')
  @RequirePermission('territory_dashboard:read')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({ summary: 'Territory dashboard as a French CSV (";", decimal comma, UTF-8 with BOM)' })
  @ApiOkContent('The dashboard, one line per commune and slot, then the territory', ['text/csv'])
  @ApiErrors(400, 404)
  async dashboardCsv(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string): Promise<StreamableFile> {
    const d = await this.dashboards.dashboard(user, id);
    const csv = dashboardCsv(d, { before: d.atypicalBefore, after: d.atypicalAfter });
    return new StreamableFile(Buffer.from(csv, 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="tableau-de-bord-territoire-${d.asOf}.csv"`,
    });
  }

  @Get(':id/coordinators')
  @RequirePermission('territories:write')
  @ApiOperation({ summary: "The territory's coordinators (admins)" })
  @ApiOkResponse({ type: CoordinatorsResponseDto })
  @ApiErrors(400, 404)
  async coordinators(@Param('id', uuidParam()) id: string): Promise<CoordinatorsResponseDto> {
    return { userIds: await this.coordination.of(id) };
  }

  @Put(':id/coordinators')
  @RequirePermission('territories:write')
  @ApiOperation({
    summary: "Replaces the territory's coordinators (accounts with the TERRITORY_COORDINATOR role; admins)",
  })
  @ApiOkResponse({ type: CoordinatorsResponseDto })
  @ApiErrors(400, 404, 429)
  async setCoordinators(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: SetCoordinatorsDto,
  ): Promise<CoordinatorsResponseDto> {
    return { userIds: await this.coordination.set(actor, id, dto.userIds) };
  }
}
