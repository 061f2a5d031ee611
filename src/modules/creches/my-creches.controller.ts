import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../../common/auth/auth.decorators';
import { ApiErrors } from '../../common/openapi/api-errors';
import { TerritoriesService } from '../territories/territories.service';
import { toCrecheResponse } from './creche.mapper';
import { CrechesService } from './creches.service';
import { CrecheResponseDto } from './dto/creche.dto';

/** The staff's own crèches: what the web app's manager pages offer to pick from (issue #19). */
@ApiTags('creches')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller('me')
@Roles('MANAGER', 'ADMIN', 'CRECHE_STAFF')
export class MyCrechesController {
  constructor(
    private readonly creches: CrechesService,
    private readonly territories: TerritoriesService,
  ) {}

  @Get('creches')
  @ApiOperation({ summary: 'The crèches I manage or work at (an admin: every crèche), by name' })
  @ApiOkResponse({ type: [CrecheResponseDto] })
  async mine(@CurrentUser() user: AuthUser): Promise<CrecheResponseDto[]> {
    const [creches, territories] = await Promise.all([this.creches.managedBy(user), this.territories.list()]);
    const byId = new Map(territories.map((t) => [t.id, t]));
    return creches.map((c) => toCrecheResponse(c, byId.get(c.territoryId)!));
  }
}
