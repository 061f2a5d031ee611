import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, RequirePermission } from '../../common/auth/auth.decorators';
import { uuidParam } from '../../common/http/validators';
import { OccupancyQuery, OccupancySvgQuery } from './dto/occupancy.dto';
import { OccupancyService } from './occupancy.service';

@ApiTags('occupancy')
@ApiBearerAuth()
@Controller('creches/:id')
export class OccupancyController {
  constructor(private readonly occupancy: OccupancyService) {}

  /** Planned presence against the limit, segment by segment, with the weekly occupancy T and totals. */
  @Get('occupancy')
  @RequirePermission('occupancy:read')
  get(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string, @Query() q: OccupancyQuery) {
    return this.occupancy.forPeriod(user, id, q.from, q.to);
  }

  /** A week's heat map to open in a browser. */
  @Get('occupancy.svg')
  @RequirePermission('occupancy:read')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @ApiProduces('image/svg+xml')
  svg(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Query() q: OccupancySvgQuery,
  ): Promise<string> {
    return this.occupancy.heatMap(user, id, q.week);
  }
}
