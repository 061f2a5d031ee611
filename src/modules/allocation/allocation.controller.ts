import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, RequirePermission, Roles } from '../../common/auth/auth.decorators';
import { uuidParam } from '../../common/http/validators';
import { NoticeResponseDto } from '../notices/dto/notice.response.dto';
import { NoticesService } from '../notices/notices.service';
import {
  ConfirmRoundDto,
  CreateRoundDto,
  DeclineOfferDto,
  NoticesQuery,
  OffersQuery,
  AcceptOfferDto,
  WithdrawOfferDto,
} from './dto/allocation.dto';
import type { AllocationRoundEntity } from './entities/allocation-round.entity';
import type { OfferEntity } from './entities/offer.entity';
import { OffersService } from './offers.service';
import { RoundsService } from './rounds.service';

const roundDto = (r: AllocationRoundEntity) => ({
  id: r.id,
  territoryId: r.territoryId,
  crecheIds: r.crecheIds,
  startDate: r.startDate,
  status: r.status,
  snapshotHash: r.snapshotHash,
  engineVersion: r.engineVersion,
  policyVersions: r.policyVersions,
  candidates: r.snapshot.applicants.length,
  placements: r.result.placements,
  unplaced: r.result.unplaced,
  /** Applications ranked on verified points only while their other claims wait for a manager's check. */
  awaitingVerification: r.snapshot.awaitingVerification ?? [],
  exclusions: r.exclusions,
  envyCases: r.envyCases,
  confirmedAt: r.confirmedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
});

export const offerDto = (o: OfferEntity) => ({
  id: o.id,
  roundId: o.roundId,
  applicationId: o.applicationId,
  familyId: o.familyId,
  childId: o.childId,
  crecheId: o.crecheId,
  startDate: o.startDate,
  endDate: o.endDate,
  schedule: o.schedule,
  score: o.score,
  status: o.status,
  deadline: o.deadline.toISOString(),
  estimatedHourlyRate: o.estimatedHourlyRate,
  estimatedMonthlyFee: o.estimatedMonthlyFee,
  answeredAt: o.answeredAt?.toISOString() ?? null,
  contractId: o.contractId,
  withdrawalReason: o.withdrawalReason,
});

@ApiTags('allocation')
@ApiBearerAuth()
@Controller()
export class AllocationController {
  constructor(
    private readonly rounds: RoundsService,
    private readonly offers: OffersService,
    private readonly noticesService: NoticesService,
  ) {}

  /** Runs the engine for crèches the caller manages (all of them) and stores a DRAFT. */
  @Post('allocation-rounds')
  @RequirePermission('allocation:run')
  async create(@CurrentUser() actor: AuthUser, @Body() dto: CreateRoundDto) {
    return roundDto(await this.rounds.create(actor, dto.crecheIds, dto.startDate));
  }

  @Get('allocation-rounds/:id')
  @RequirePermission('allocation:run')
  async get(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string) {
    return roundDto(await this.rounds.get(user, id));
  }

  @Post('allocation-rounds/:id/replay')
  @HttpCode(200)
  @RequirePermission('allocation:run')
  replay(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string) {
    return this.rounds.replay(user, id);
  }

  @Post('allocation-rounds/:id/confirm')
  @HttpCode(200)
  @RequirePermission('allocation:run')
  async confirm(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string, @Body() dto: ConfirmRoundDto) {
    const { round, offers } = await this.rounds.confirm(
      actor,
      id,
      (dto.exclusions ?? []).map((e) => ({
        applicationId: e.applicationId,
        reason: e.reason,
        ...(e.comment !== undefined ? { comment: e.comment } : {}),
      })),
    );
    return { round: roundDto(round), offers: offers.map(offerDto) };
  }

  /** The offers made to the caller's household, newest first. */
  @Get('me/offers')
  @Roles('PARENT')
  async myOffers(@CurrentUser() user: AuthUser) {
    return (await this.offers.listForFamilyOf(user)).map(offerDto);
  }

  @Get('offers/:id')
  @Roles('PARENT', 'MANAGER', 'ADMIN')
  async getOffer(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string) {
    return offerDto(await this.offers.get(user, id));
  }

  @Post('offers/:id/accept')
  @HttpCode(200)
  @Roles('PARENT')
  async accept(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string, @Body() dto: AcceptOfferDto) {
    return offerDto(await this.offers.accept(actor, id, dto?.leavePeriods ?? []));
  }

  /** The crèche withdraws an open offer it can no longer honour: the family is told why; no refusal is counted. */
  @Post('offers/:id/withdraw')
  @HttpCode(200)
  @Roles('MANAGER', 'ADMIN')
  async withdraw(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string, @Body() dto: WithdrawOfferDto) {
    return offerDto(await this.offers.withdraw(actor, id, dto.reason));
  }

  @Post('offers/:id/decline')
  @HttpCode(200)
  @Roles('PARENT')
  async decline(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string, @Body() dto: DeclineOfferDto) {
    return offerDto(await this.offers.decline(actor, id, dto.reason));
  }

  @Get('creches/:id/offers')
  @RequirePermission('allocation:run')
  async listOffers(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) crecheId: string, @Query() q: OffersQuery) {
    return (await this.offers.listForCreche(user, crecheId, q.status)).map(offerDto);
  }

  /** Delivery status of the e-mails about one offer, for the crèche's managers. */
  @Get('notices')
  @Roles('MANAGER', 'ADMIN')
  async notices(@CurrentUser() user: AuthUser, @Query() q: NoticesQuery): Promise<NoticeResponseDto[]> {
    await this.offers.get(user, q.offerId);
    return (await this.noticesService.listForSubject({ type: 'offer', id: q.offerId })).map((n) =>
      NoticeResponseDto.from(n),
    );
  }
}
