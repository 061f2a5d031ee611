import { Body, Controller, Get, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser, CurrentUser, Public, RequirePermission } from '../../common/auth/auth.decorators';
import { uuidParam } from '../../common/http/validators';
import { TerritoriesService } from '../territories/territories.service';
import { CreateCrecheDto, CrecheResponseDto, SetManagersDto, UpdateCrecheDto } from './dto/creche.dto';
import { CrechesService } from './creches.service';
import { toCrecheResponse } from './creche.mapper';
import { PublicCrecheList } from './public-creche-list';

@ApiTags('creches')
@Controller('creches')
export class CrechesController {
  constructor(
    private readonly creches: CrechesService,
    private readonly territories: TerritoriesService,
    private readonly publicList: PublicCrecheList,
  ) {}

  @ApiBearerAuth()
  @Post()
  @RequirePermission('creches:write')
  async create(@CurrentUser() actor: AuthUser, @Body() dto: CreateCrecheDto): Promise<CrecheResponseDto> {
    const creche = await this.creches.create(actor, dto);
    return toCrecheResponse(creche, await this.territories.get(creche.territoryId));
  }

  @ApiBearerAuth()
  @Patch(':id')
  @RequirePermission('creches:write')
  async update(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateCrecheDto,
  ): Promise<CrecheResponseDto> {
    const creche = await this.creches.update(actor, id, dto);
    return toCrecheResponse(creche, await this.territories.get(creche.territoryId));
  }

  /** Replaces the crèche's managers (users with role MANAGER). */
  @ApiBearerAuth()
  @Put(':id/managers')
  @RequirePermission('creches:write')
  async setManagers(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: SetManagersDto,
  ): Promise<{ userIds: string[] }> {
    return { userIds: await this.creches.setManagers(actor, id, dto.userIds) };
  }

  @Public()
  @Get()
  @ApiQuery({ name: 'territoryId', required: false })
  /** Every crèche (CrecheResponseDto[], by name), sent as serialized once by PublicCrecheList. */
  async list(
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('territoryId', uuidParam('territoryId', { optional: true })) territoryId?: string,
  ): Promise<Buffer> {
    const json = await this.publicList.json(territoryId);
    void reply.type('application/json; charset=utf-8');
    return json;
  }

  @Public()
  @Get(':id')
  async get(@Param('id', uuidParam()) id: string): Promise<CrecheResponseDto> {
    const creche = await this.creches.get(id);
    return toCrecheResponse(creche, await this.territories.get(creche.territoryId));
  }
}
