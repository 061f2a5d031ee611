import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiOkContent } from '../../common/openapi/api-errors';
import { OccupancyResponseDto } from './dto/creche-extra.response.dto';
import { AuthUser, CurrentUser, RequirePermission } from '../../common/auth/auth.decorators';
import { uuidParam } from '../../common/http/validators';
import { OccupancyQuery, OccupancySvgQuery } from './dto/occupancy.dto';
import { OccupancyService } from './occupancy.service';

@ApiTags('occupancy')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller('creches/:id')
export class OccupancyController {
  constructor(private readonly occupancy: OccupancyService) {}

  /** Planned presence against the limit, segment by segment, with the weekly occupancy T and totals. */
  @ApiOperation({ summary: 'Planned occupancy of a crèche over a period' })
  @ApiOkResponse({ type: OccupancyResponseDto })
  @ApiErrors(400, 404)
  @Get('occupancy')
  @RequirePermission('occupancy:read')
  get(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string, @Query() q: OccupancyQuery) {
    return this.occupancy.forPeriod(user, id, q.from, q.to);
  }

  /** A week's heat map to open in a browser. */
  @ApiOperation({ summary: "A week's occupancy heat map (SVG)" })
  @ApiOkContent('The heat map, to open in a browser', ['image/svg+xml'])
  @ApiErrors(400, 404)
  @Get('occupancy.svg')
  @RequirePermission('occupancy:read')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  svg(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Query() q: OccupancySvgQuery,
  ): Promise<string> {
    return this.occupancy.heatMap(user, id, q.week);
  }
}
