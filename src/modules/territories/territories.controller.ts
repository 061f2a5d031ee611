import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { uuidParam } from '../../common/http/validators';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors';
import { AuthUser, CurrentUser, Public, RequirePermission } from '../../common/auth/auth.decorators';
import { CreateTerritoryDto, TerritoryResponseDto, UpdateTerritoryDto } from './dto/territory.dto';
import type { TerritoryEntity } from './entities/territory.entity';
import { TerritoriesService } from './territories.service';

const toDto = (t: TerritoryEntity): TerritoryResponseDto => ({
  id: t.id,
  name: t.name,
  communes: t.communes,
  atypicalHours: t.atypicalHours,
});

@ApiTags('territories')
@Controller('territories')
export class TerritoriesController {
  constructor(private readonly territories: TerritoriesService) {}

  @ApiOperation({ summary: 'Create a territory' })
  @ApiCreatedResponse({ type: TerritoryResponseDto })
  @ApiErrors(400, 401, 403, 409, 429)
  @ApiBearerAuth()
  @Post()
  @RequirePermission('territories:write')
  async create(@CurrentUser() actor: AuthUser, @Body() dto: CreateTerritoryDto): Promise<TerritoryResponseDto> {
    return toDto(await this.territories.create(actor, dto));
  }

  @ApiOperation({ summary: 'Update a territory' })
  @ApiOkResponse({ type: TerritoryResponseDto })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  @ApiBearerAuth()
  @Patch(':id')
  @RequirePermission('territories:write')
  async update(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateTerritoryDto,
  ): Promise<TerritoryResponseDto> {
    return toDto(await this.territories.update(actor, id, dto));
  }

  @ApiOperation({ summary: 'List territories' })
  @ApiOkResponse({ type: [TerritoryResponseDto] })
  @Public()
  @Get()
  async list(): Promise<TerritoryResponseDto[]> {
    return (await this.territories.list()).map(toDto);
  }

  @ApiOperation({ summary: 'Get a territory' })
  @ApiOkResponse({ type: TerritoryResponseDto })
  @ApiErrors(400, 404)
  @Public()
  @Get(':id')
  async get(@Param('id', uuidParam()) id: string): Promise<TerritoryResponseDto> {
    return toDto(await this.territories.get(id));
  }
}
