import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, RequirePermission } from '../../common/auth/auth.decorators';
import { ApiErrors } from '../../common/openapi/api-errors';
import { TerritoryResponseDto } from '../territories/dto/territory.dto';
import { TerritoryCoordinatorsService } from './territory-coordinators.service';

/** The territories whose dashboard the account reads: what the web app's dashboard page offers (issue #19). */
@ApiTags('territories')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller('me')
export class MyTerritoriesController {
  constructor(private readonly coordination: TerritoryCoordinatorsService) {}

  @Get('territories')
  @RequirePermission('territory_dashboard:read')
  @ApiOperation({
    summary: 'The territories I coordinate (a coordinator: theirs, if any; an admin: every territory), by name',
  })
  @ApiOkResponse({ type: [TerritoryResponseDto] })
  async mine(@CurrentUser() user: AuthUser): Promise<TerritoryResponseDto[]> {
    return (await this.coordination.territoriesOf(user)).map((t) => ({
      id: t.id,
      name: t.name,
      communes: t.communes,
      atypicalHours: t.atypicalHours,
    }));
  }
}
