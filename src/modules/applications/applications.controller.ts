import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser, CurrentUser, Roles } from '../../common/auth/auth.decorators';
import { uuidParam } from '../../common/http/validators';
import { CrecheEntity } from '../creches/entities/creche.entity';
import { WaitlistService } from '../waitlist/waitlist.service';
import { ApplicationsService } from './applications.service';
import { CreateApplicationDto } from './dto/application.dto';
import type { ApplicationEntity } from './entities/application.entity';

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
  refusals: a.refusals,
});

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly waitlist: WaitlistService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

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
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const { application, preferences } = await this.applications.getVisible(user, id, em);
      const today = this.waitlist.today();
      const creches = await Promise.all(
        preferences.map(async (p) => {
          const ranked = await this.waitlist.rank(em, p.crecheId, today);
          const mine = ranked.find((e) => e.applicationId === id);
          const creche = await em.findOneOrFail(CrecheEntity, { where: { id: p.crecheId }, select: { id: true, name: true } });
          const [last]: { admitted_score: number }[] = await em.query(
            `SELECT admitted_score FROM applications WHERE admitted_creche_id = $1 AND admitted_score IS NOT NULL ORDER BY closed_at DESC LIMIT 1`,
            [p.crecheId],
          );
          return {
            crecheId: p.crecheId,
            crecheName: creche.name,
            preferencePosition: p.rank,
            rank: mine?.rank ?? null,
            outOf: ranked.length,
            score: mine?.score ?? null,
            breakdown: mine?.breakdown ?? [],
            lastAdmittedScore: last?.admitted_score ?? null,
          };
        }),
      );
      return { ...toDto(application), creches };
    });
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
