import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { uuidParam } from '../../common/http/validators';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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

  @ApiBearerAuth()
  @Post()
  @RequirePermission('territories:write')
  async create(@CurrentUser() actor: AuthUser, @Body() dto: CreateTerritoryDto): Promise<TerritoryResponseDto> {
    return toDto(await this.territories.create(actor, dto));
  }

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

  @Public()
  @Get()
  async list(): Promise<TerritoryResponseDto[]> {
    return (await this.territories.list()).map(toDto);
  }

  @Public()
  @Get(':id')
  async get(@Param('id', uuidParam()) id: string): Promise<TerritoryResponseDto> {
    return toDto(await this.territories.get(id));
  }
}
