import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../../common/auth/auth.decorators';
import { uuidParam } from '../../common/http/validators';
import { ApplicationsService } from './applications.service';
import { CreateApplicationDto } from './dto/application.dto';
import type { ApplicationEntity } from './entities/application.entity';
import { ANSWER_DAYS } from './keep-alive.service';

const toDto = (a: ApplicationEntity) => ({
  id: a.id,
  familyId: a.familyId,
  childId: a.childId,
  status: a.status,
  desiredStartDate: a.desiredStartDate,
  schedule: a.schedule,
  leaveWeeksPerYear: a.leaveWeeksPerYear,
  submittedAt: a.submittedAt.toISOString(),
  lastConfirmedAt: a.lastConfirmedAt.toISOString(),
  interestRequestedAt: a.interestRequestedAt?.toISOString() ?? null,
  /** When a request to confirm interest is pending: the application lapses after this instant without an answer. */
  interestDeadline: a.interestRequestedAt
    ? new Date(a.interestRequestedAt.getTime() + ANSWER_DAYS * 86_400_000).toISOString()
    : null,
  refusals: a.refusals,
});

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Post()
  @Roles('PARENT')
  async create(@CurrentUser() actor: AuthUser, @Body() dto: CreateApplicationDto) {
    return toDto(await this.applications.create(actor, dto));
  }

  /** The parent's own applications. */
  @Get()
  @Roles('PARENT')
  async mine(@CurrentUser() user: AuthUser) {
    return (await this.applications.listMine(user)).map(toDto);
  }

  /** Status and, per listed crèche, the rank, the score with its breakdown and the score of the last family admitted. */
  @Get(':id')
  @Roles('PARENT', 'MANAGER', 'ADMIN')
  async get(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string) {
    const { application, creches } = await this.applications.getWithRanks(user, id);
    return { ...toDto(application), creches };
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles('PARENT')
  async withdraw(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string) {
    return toDto(await this.applications.withdraw(actor, id));
  }

  @Post(':id/confirm-interest')
  @HttpCode(200)
  @Roles('PARENT')
  async confirmInterest(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string) {
    return toDto(await this.applications.confirmInterest(actor, id));
  }
}
