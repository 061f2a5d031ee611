import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors';
import { ApplicationResponseDto, ApplicationWithRanksResponseDto } from './dto/application.response.dto';
import { AuthUser, CurrentUser, Roles } from '../../common/auth/auth.decorators';
import { uuidParam } from '../../common/http/validators';
import { ApplicationStandingService } from './application-standing.service';
import { ApplicationsService } from './applications.service';
import { CreateApplicationDto } from './dto/application.dto';
import type { ApplicationEntity } from './entities/application.entity';
import { ANSWER_DAYS } from './keep-alive.service';
import type { ApplicationPreferenceEntity } from './entities/application-preference.entity';

const toDto = (a: ApplicationEntity, preferences: readonly ApplicationPreferenceEntity[]) => ({
  id: a.id,
  familyId: a.familyId,
  childId: a.childId,
  status: a.status,
  desiredStartDate: a.desiredStartDate,
  schedule: a.schedule,
  leaveWeeksPerYear: a.leaveWeeksPerYear,
  publicHolidayCare: a.publicHolidayCare,
  submittedAt: a.submittedAt.toISOString(),
  lastConfirmedAt: a.lastConfirmedAt.toISOString(),
  interestRequestedAt: a.interestRequestedAt?.toISOString() ?? null,
  /** When a request to confirm interest is pending: the application lapses after this instant without an answer. */
  interestDeadline: a.interestRequestedAt
    ? new Date(a.interestRequestedAt.getTime() + ANSWER_DAYS * 86_400_000).toISOString()
    : null,
  refusals: a.refusals,
  /** The crèches listed, first choice first, each with the weekly schedule asked of it. */
  preferences: preferences.map((p) => ({ crecheId: p.crecheId, rank: p.rank, schedule: p.schedule })),
});

@ApiTags('applications')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller('applications')
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly standing: ApplicationStandingService,
  ) {}

  private async withPreferences(a: ApplicationEntity) {
    return toDto(a, (await this.applications.preferencesOf([a.id])).get(a.id)!);
  }

  @ApiOperation({ summary: 'Apply for a place for a child' })
  @ApiCreatedResponse({ type: ApplicationResponseDto })
  @ApiErrors(400, 404, 409, 429)
  @Post()
  @Roles('PARENT')
  async create(@CurrentUser() actor: AuthUser, @Body() dto: CreateApplicationDto) {
    return this.withPreferences(await this.applications.create(actor, dto));
  }

  /** The parent's own applications. */
  @ApiOperation({ summary: 'List my applications' })
  @ApiOkResponse({ type: [ApplicationResponseDto] })
  @Get()
  @Roles('PARENT')
  async mine(@CurrentUser() user: AuthUser) {
    const mine = await this.applications.listMine(user);
    const preferences = await this.applications.preferencesOf(mine.map((a) => a.id));
    return mine.map((a) => toDto(a, preferences.get(a.id)!));
  }

  /** Status and, per listed crèche, the rank, the score with its breakdown and the score of the last family admitted. */
  @ApiOperation({ summary: 'Get an application with its rank at each crèche' })
  @ApiOkResponse({ type: ApplicationWithRanksResponseDto })
  @ApiErrors(400, 404)
  @Get(':id')
  @Roles('PARENT', 'MANAGER', 'ADMIN')
  async get(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string) {
    const { application, creches } = await this.standing.getWithRanks(user, id);
    // A manager sees the crèches they manage only, as in `creches`.
    const shown = new Set(creches.map((c) => c.crecheId));
    const preferences = (await this.applications.preferencesOf([id])).get(id)!.filter((p) => shown.has(p.crecheId));
    return { ...toDto(application, preferences), creches };
  }

  @ApiOperation({ summary: 'Withdraw an application' })
  @ApiOkResponse({ type: ApplicationResponseDto })
  @ApiErrors(400, 404, 409, 429)
  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles('PARENT')
  async withdraw(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string) {
    return this.withPreferences(await this.applications.withdraw(actor, id));
  }

  @ApiOperation({ summary: 'Confirm that an application is still wanted' })
  @ApiOkResponse({ type: ApplicationResponseDto })
  @ApiErrors(400, 404, 409, 429)
  @Post(':id/confirm-interest')
  @HttpCode(200)
  @Roles('PARENT')
  async confirmInterest(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string) {
    return this.withPreferences(await this.applications.confirmInterest(actor, id));
  }
}
