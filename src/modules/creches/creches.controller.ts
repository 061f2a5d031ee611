import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors } from '../../common/openapi/api-errors';
import { ManagersResponseDto, StaffResponseDto } from './dto/creche-extra.response.dto';
import { AuthUser, CurrentUser, Public, RequirePermission } from '../../common/auth/auth.decorators';
import { uuidParam } from '../../common/http/validators';
import { TerritoriesService } from '../territories/territories.service';
import { CreateCrecheDto, CrecheResponseDto, InviteStaffDto, SetManagersDto, UpdateCrecheDto } from './dto/creche.dto';
import { CrechesService } from './creches.service';
import { toCrecheResponse } from './creche.mapper';
import { PublicCrecheList } from './public-creche-list';
import { QuoteResponseDto } from '../fees/dto/quote.dto';
import { CrecheQuoteDto } from './dto/creche-quote.dto';

@ApiTags('creches')
@Controller('creches')
export class CrechesController {
  constructor(
    private readonly creches: CrechesService,
    private readonly territories: TerritoriesService,
    private readonly publicList: PublicCrecheList,
  ) {}

  @ApiOperation({ summary: 'Create a crèche' })
  @ApiCreatedResponse({ type: CrecheResponseDto })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  @ApiBearerAuth()
  @Post()
  @RequirePermission('creches:write')
  async create(@CurrentUser() actor: AuthUser, @Body() dto: CreateCrecheDto): Promise<CrecheResponseDto> {
    const creche = await this.creches.create(actor, dto);
    return toCrecheResponse(creche, await this.territories.get(creche.territoryId));
  }

  @ApiOperation({
    summary: 'Update a crèche',
    description:
      "Admins change every setting. A crèche's own managers change its operational settings (opening hours, capacity " +
      'bands, closures, public holidays, billing, offer delay, leave weeks, Caf numbers); the fields the PMI ' +
      'authorisation or the territory fixes (name, kind, commune, places, surnombre, ages, reserved insertion places, ' +
      'resources ceiling) answer 403 CRECHE.FIELD_ADMIN_ONLY with `details.fields`; another crèche answers 404. ' +
      'Closures that close or open a day of a month the crèche has already invoiced answer 409 ' +
      'CRECHE.MONTH_INVOICED with `details.months` (its invoices no longer change: a credit note corrects them).',
  })
  @ApiOkResponse({ type: CrecheResponseDto })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  @ApiBearerAuth()
  @Patch(':id')
  @RequirePermission('creches:settings')
  async update(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateCrecheDto,
  ): Promise<CrecheResponseDto> {
    const creche = await this.creches.update(actor, id, dto);
    return toCrecheResponse(creche, await this.territories.get(creche.territoryId));
  }

  /** Replaces the crèche's managers (users with role MANAGER). */
  @ApiOperation({ summary: "Replace a crèche's managers" })
  @ApiOkResponse({ type: ManagersResponseDto })
  @ApiErrors(400, 401, 403, 404, 429)
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

  /** Replaces the crèche's staff accounts (users with role CRECHE_STAFF), who do its pointage. */
  @ApiOperation({ summary: "Replace a crèche's staff accounts (pointage only): admins, or the crèche's managers" })
  @ApiOkResponse({ type: StaffResponseDto })
  @ApiErrors(400, 401, 403, 404, 429)
  @ApiBearerAuth()
  @Put(':id/staff')
  @RequirePermission('creches:plan')
  async setStaff(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: SetManagersDto,
  ): Promise<StaffResponseDto> {
    return this.creches.setStaff(actor, id, dto.userIds);
  }

  /** One account off the team, leaving the rest as it is now (not as the caller last read it). */
  @ApiOperation({
    summary:
      "Take one account off the crèche's staff (a pending invitation's link stops working): admins, or the crèche's managers",
  })
  @ApiOkResponse({ type: StaffResponseDto, description: 'the team without the account' })
  @ApiErrors(400, 401, 403, 404, 429)
  @ApiBearerAuth()
  @Delete(':id/staff/:userId')
  @RequirePermission('creches:plan')
  removeStaff(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Param('userId', uuidParam('userId')) userId: string,
  ): Promise<StaffResponseDto> {
    return this.creches.removeStaff(actor, id, userId);
  }

  /** A manager makes the staff account of an auxiliary, who chooses its password from the e-mailed link. */
  @ApiOperation({
    summary:
      "Invite an auxiliary to the crèche's staff: a new CRECHE_STAFF account, named to the team, e-mailed a link (valid 7 days) to choose its password; an address that is already a staff account's names that account (409 for another kind of account, a disabled one, one already in the team, or, for a manager, one in the team of a crèche they do not manage)",
  })
  @ApiCreatedResponse({ type: StaffResponseDto, description: 'the team with the account' })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  @ApiBearerAuth()
  @Post(':id/staff/invitations')
  @RequirePermission('creches:plan')
  inviteStaff(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: InviteStaffDto,
  ): Promise<StaffResponseDto> {
    return this.creches.inviteStaff(actor, id, dto);
  }

  @ApiOperation({ summary: "The crèche's staff accounts: admins, or the crèche's managers" })
  @ApiOkResponse({ type: StaffResponseDto })
  @ApiErrors(400, 401, 403, 404)
  @ApiBearerAuth()
  @Get(':id/staff')
  @RequirePermission('creches:plan')
  staff(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string): Promise<StaffResponseDto> {
    return this.creches.staff(actor, id);
  }

  @ApiOperation({ summary: 'List crèches, optionally of one territory' })
  @ApiOkResponse({ type: [CrecheResponseDto] })
  @ApiErrors(400)
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

  @ApiOperation({
    summary: 'Simulate a PSU fee at this crèche (public simulator): its care type, ceiling, closures and leave bound',
  })
  @ApiOkResponse({ type: QuoteResponseDto })
  @ApiErrors(400, 404, 422)
  @Public()
  @Post(':id/fees/quote')
  @HttpCode(200)
  quote(@Param('id', uuidParam()) id: string, @Body() dto: CrecheQuoteDto): Promise<QuoteResponseDto> {
    return this.creches.quote(id, dto);
  }

  @ApiOperation({ summary: 'Get a crèche' })
  @ApiOkResponse({ type: CrecheResponseDto })
  @ApiErrors(400, 404)
  @Public()
  @Get(':id')
  async get(@Param('id', uuidParam()) id: string): Promise<CrecheResponseDto> {
    const creche = await this.creches.get(id);
    return toCrecheResponse(creche, await this.territories.get(creche.territoryId));
  }
}
