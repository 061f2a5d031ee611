import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors';
import {
  ConfirmedRoundResponseDto,
  CrecheOfferResponseDto,
  OfferDetailResponseDto,
  OfferResponseDto,
  ReplayResponseDto,
  RoundApplicantResponseDto,
  RoundResponseDto,
  RoundSummaryResponseDto,
} from './dto/allocation.response.dto';
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
  ProposalExclusionDto,
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
@ApiErrors(401, 403)
@Controller()
export class AllocationController {
  constructor(
    private readonly rounds: RoundsService,
    private readonly offers: OffersService,
    private readonly noticesService: NoticesService,
  ) {}

  /** Runs the engine for crèches the caller manages (all of them) and stores a DRAFT. */
  @ApiOperation({ summary: 'Run an allocation round (stored as a draft)' })
  @ApiCreatedResponse({ type: RoundResponseDto })
  @ApiErrors(400, 404, 429)
  @Post('allocation-rounds')
  @RequirePermission('allocation:run')
  async create(@CurrentUser() actor: AuthUser, @Body() dto: CreateRoundDto) {
    return roundDto(await this.rounds.create(actor, dto.crecheIds, dto.startDate));
  }

  @ApiOperation({ summary: 'Get an allocation round' })
  @ApiOkResponse({ type: RoundResponseDto })
  @ApiErrors(400, 404)
  @Get('allocation-rounds/:id')
  @RequirePermission('allocation:run')
  async get(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string) {
    return roundDto(await this.rounds.get(user, id));
  }

  @ApiOperation({ summary: "List a crèche's allocation rounds, newest first (at most 50, without snapshots)" })
  @ApiOkResponse({ type: [RoundSummaryResponseDto] })
  @ApiErrors(400, 404)
  @Get('creches/:id/allocation-rounds')
  @RequirePermission('allocation:run')
  async listRounds(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) crecheId: string,
  ): Promise<RoundSummaryResponseDto[]> {
    return (await this.rounds.listForCreche(user, crecheId)).map((r) => ({
      id: r.id,
      crecheIds: r.crecheIds,
      startDate: r.startDate,
      status: r.status,
      candidates: r.candidates,
      placements: r.placements,
      exclusions: r.exclusions,
      createdAt: r.createdAt.toISOString(),
      confirmedAt: r.confirmedAt?.toISOString() ?? null,
    }));
  }

  /** Who the round's candidates are, for the managers reading its placements and its families left without a place. */
  @ApiOperation({ summary: "An allocation round's candidates: child, parents, period and schedules" })
  @ApiOkResponse({ type: [RoundApplicantResponseDto] })
  @ApiErrors(400, 404)
  @Get('allocation-rounds/:id/applicants')
  @RequirePermission('allocation:run')
  applicants(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<RoundApplicantResponseDto[]> {
    return this.rounds.applicants(user, id);
  }

  @ApiOperation({
    summary: 'Replay a round on its stored snapshot and compare',
    description:
      "Once a household of the round has been erased (GDPR), its entries in the snapshot are reduced (birth month, personal criteria cleared) and the snapshot's hash recomputed: the replay may then give another result (docs/rules.md R8.11b).",
  })
  @ApiOkResponse({ type: ReplayResponseDto })
  @ApiErrors(400, 404, 429)
  @Post('allocation-rounds/:id/replay')
  @HttpCode(200)
  @RequirePermission('allocation:run')
  replay(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string) {
    return this.rounds.replay(user, id);
  }

  /** Kept with the draft: every manager and device reads it, and the confirmation applies it whoever confirms. */
  @ApiOperation({ summary: "Leave a draft round's proposal out, with the reason (kept with the round)" })
  @ApiOkResponse({ type: RoundResponseDto })
  @ApiErrors(400, 404, 409, 429)
  @Put('allocation-rounds/:id/exclusions/:applicationId')
  @RequirePermission('allocation:run')
  async exclude(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Param('applicationId', uuidParam('applicationId')) applicationId: string,
    @Body() dto: ProposalExclusionDto,
  ) {
    const exclusion = { reason: dto.reason, ...(dto.comment !== undefined ? { comment: dto.comment } : {}) };
    return roundDto(await this.rounds.setExclusion(actor, id, applicationId, exclusion));
  }

  @ApiOperation({ summary: "Bring a draft round's proposal back (no longer left out)" })
  @ApiOkResponse({ type: RoundResponseDto })
  @ApiErrors(400, 404, 409, 429)
  @Delete('allocation-rounds/:id/exclusions/:applicationId')
  @RequirePermission('allocation:run')
  async include(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Param('applicationId', uuidParam('applicationId')) applicationId: string,
  ) {
    return roundDto(await this.rounds.setExclusion(actor, id, applicationId, null));
  }

  @ApiOperation({ summary: 'Confirm a draft round: its placements become offers' })
  @ApiOkResponse({ type: ConfirmedRoundResponseDto })
  @ApiErrors(400, 404, 409, 429)
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
  @ApiOperation({ summary: 'List the offers made to my household' })
  @ApiOkResponse({ type: [OfferResponseDto] })
  @Get('me/offers')
  @Roles('PARENT')
  async myOffers(@CurrentUser() user: AuthUser) {
    return (await this.offers.listForFamilyOf(user)).map(offerDto);
  }

  /** One offer with the trace of its estimated fee (each step of the computation), for the family's offer page. */
  @ApiOperation({ summary: 'Get an offer, with the trace of its estimated fee' })
  @ApiOkResponse({ type: OfferDetailResponseDto })
  @ApiErrors(400, 404)
  @Get('offers/:id')
  @Roles('PARENT', 'MANAGER', 'ADMIN')
  async getOffer(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string) {
    const offer = await this.offers.get(user, id);
    return { ...offerDto(offer), feeTrace: offer.feeTrace };
  }

  @ApiOperation({ summary: 'Accept an offer (a contract is created)' })
  @ApiOkResponse({ type: OfferResponseDto })
  @ApiErrors(400, 404, 409, 422, 429)
  @Post('offers/:id/accept')
  @HttpCode(200)
  @Roles('PARENT')
  async accept(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string, @Body() dto: AcceptOfferDto) {
    return offerDto(await this.offers.accept(actor, id, dto?.leavePeriods ?? []));
  }

  /** The crèche withdraws an open offer it can no longer honour: the family is told why; no refusal is counted. */
  @ApiOperation({ summary: 'Withdraw an open offer the crèche cannot honour' })
  @ApiOkResponse({ type: OfferResponseDto })
  @ApiErrors(400, 404, 409, 429)
  @Post('offers/:id/withdraw')
  @HttpCode(200)
  @Roles('MANAGER', 'ADMIN')
  async withdraw(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string, @Body() dto: WithdrawOfferDto) {
    return offerDto(await this.offers.withdraw(actor, id, dto.reason));
  }

  @ApiOperation({ summary: 'Decline an offer' })
  @ApiOkResponse({ type: OfferResponseDto })
  @ApiErrors(400, 404, 409, 429)
  @Post('offers/:id/decline')
  @HttpCode(200)
  @Roles('PARENT')
  async decline(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string, @Body() dto: DeclineOfferDto) {
    return offerDto(await this.offers.decline(actor, id, dto.reason));
  }

  @ApiOperation({ summary: "List a crèche's offers, optionally by status, with who each is for" })
  @ApiOkResponse({ type: [CrecheOfferResponseDto] })
  @ApiErrors(400, 404)
  @Get('creches/:id/offers')
  @RequirePermission('allocation:run')
  async listOffers(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) crecheId: string,
    @Query() q: OffersQuery,
  ): Promise<CrecheOfferResponseDto[]> {
    return (await this.offers.listForCrecheWithPeople(user, crecheId, q.status)).map(({ offer, people }) => ({
      ...offerDto(offer),
      childFirstName: people?.childFirstName ?? null,
      parents: people?.parents ?? [],
      declineReason: offer.declineReason,
    }));
  }

  /** Delivery status of the e-mails about one offer, for the crèche's managers. */
  @ApiOperation({ summary: 'Delivery status of the e-mails about an offer' })
  @ApiOkResponse({ type: [NoticeResponseDto] })
  @ApiErrors(400, 404)
  @Get('notices')
  @Roles('MANAGER', 'ADMIN')
  async notices(@CurrentUser() user: AuthUser, @Query() q: NoticesQuery): Promise<NoticeResponseDto[]> {
    await this.offers.get(user, q.offerId);
    return (await this.noticesService.listForSubject({ type: 'offer', id: q.offerId })).map((n) =>
      NoticeResponseDto.from(n),
    );
  }
}
