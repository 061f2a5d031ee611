import { ApiProperty } from '@nestjs/swagger';
import { ScheduleSlotResponseDto } from '../../../common/http/schedule.response.dto';
import { ANY_OBJECT } from '../../../common/openapi/formats';
import { OFFER_STATUSES } from '../domain/offer-status';
import { OFFER_WITHDRAWAL_REASONS } from '../domain/offer-status';
import { EXCLUSION_REASONS } from '../entities/allocation-round.entity';

/** OpenAPI description of the allocation routes' answers (the controller builds them). */
export class OfferResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) roundId!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({ format: 'uuid' }) childId!: string;
  @ApiProperty({ format: 'uuid' }) crecheId!: string;
  @ApiProperty({ format: 'date', example: '2027-09-01' }) startDate!: string;
  @ApiProperty({ format: 'date', example: '2028-08-31' }) endDate!: string;
  @ApiProperty({ type: [ScheduleSlotResponseDto] }) schedule!: ScheduleSlotResponseDto[];
  @ApiProperty() score!: number;
  @ApiProperty({ enum: OFFER_STATUSES }) status!: string;
  @ApiProperty({ format: 'date-time', description: 'the family answers before this instant' }) deadline!: string;
  @ApiProperty({ type: String, nullable: true, example: '1.85', description: 'euros, decimal string' })
  estimatedHourlyRate!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '296.00', description: 'euros, decimal string' })
  estimatedMonthlyFee!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) answeredAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) contractId!: string | null;
  @ApiProperty({ type: String, enum: OFFER_WITHDRAWAL_REASONS, nullable: true }) withdrawalReason!: string | null;
}

export class OfferDetailResponseDto extends OfferResponseDto {
  @ApiProperty({
    type: 'array',
    items: ANY_OBJECT,
    nullable: true,
    description:
      'the steps of the estimated fee (scale, tier, floor or ceiling, rounding), as POST /fees/quote gives them',
  })
  feeTrace!: unknown[] | null;
}

export class PlacementResponseDto {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({ format: 'uuid' }) crecheId!: string;
  @ApiProperty() score!: number;
  @ApiProperty({ description: '1 = first choice' }) preferencePosition!: number;
  @ApiProperty({ description: 'on a place reserved for families on social minima or in insertion' }) reserved!: boolean;
}

export class UnplacedResponseDto {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({
    type: 'array',
    items: { ...ANY_OBJECT, properties: { crecheId: { type: 'string', format: 'uuid' }, reason: { type: 'string' } } },
    description: 'why, at each crèche the application did not get (OUTRANKED, NO_CAPACITY, AGE, CLOSED…)',
  })
  reasons!: Record<string, unknown>[];
}

export class RoundExclusionResponseDto {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ enum: EXCLUSION_REASONS }) reason!: string;
  @ApiProperty({ required: false }) comment?: string;
}

export class RoundResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) territoryId!: string;
  @ApiProperty({ type: 'array', items: { type: 'string', format: 'uuid' } }) crecheIds!: string[];
  @ApiProperty({ format: 'date', example: '2027-09-01' }) startDate!: string;
  @ApiProperty({ enum: ['DRAFT', 'CONFIRMED'] }) status!: string;
  @ApiProperty() snapshotHash!: string;
  @ApiProperty() engineVersion!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'the priority policy version used, by territory id',
  })
  policyVersions!: Record<string, number>;
  @ApiProperty({ description: 'applications considered' }) candidates!: number;
  @ApiProperty({ type: [PlacementResponseDto] }) placements!: PlacementResponseDto[];
  @ApiProperty({ type: [UnplacedResponseDto] }) unplaced!: UnplacedResponseDto[];
  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: 'uuid' },
    description: "applications ranked on verified points only while their other claims wait for a manager's check",
  })
  awaitingVerification!: string[];
  @ApiProperty({ type: [RoundExclusionResponseDto] }) exclusions!: RoundExclusionResponseDto[];
  @ApiProperty({ type: Number, nullable: true }) envyCases!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) confirmedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ReplayResponseDto {
  @ApiProperty({
    description:
      'the engine, run again on the stored snapshot, gives the same result (may be false once a household of the round was erased: its entries are reduced)',
  })
  identical!: boolean;
  @ApiProperty() snapshotHash!: string;
  @ApiProperty({
    description:
      "the stored snapshot still has the hash recorded when the round ran, or when an erasure last reduced it (the audit log's allocation_round.household_erased keeps the previous one)",
  })
  hashMatches!: boolean;
  @ApiProperty() engineVersion!: string;
  @ApiProperty({
    description: 'applications of the snapshot reduced since the round ran, their household erased (GDPR): 0 if none',
  })
  erasedApplicants!: number;
}

export class ConfirmedRoundResponseDto {
  @ApiProperty({ type: RoundResponseDto }) round!: RoundResponseDto;
  @ApiProperty({ type: [OfferResponseDto] }) offers!: OfferResponseDto[];
}

/** An offer as the crèche's managers list it: who it is for, and the family's reason when it declined. */
export class CrecheOfferResponseDto extends OfferResponseDto {
  @ApiProperty({ type: String, nullable: true, description: "the child's first name (null once erased)" })
  childFirstName!: string | null;
  @ApiProperty({ type: [String], description: 'the parents\' names, "Prénom Nom"' }) parents!: string[];
  @ApiProperty({ type: String, nullable: true, description: 'what the family said when it declined, if anything' })
  declineReason!: string | null;
}

/** One round in a crèche's list of rounds (without its snapshot). */
export class RoundSummaryResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: 'array', items: { type: 'string', format: 'uuid' } }) crecheIds!: string[];
  @ApiProperty({ format: 'date', example: '2027-09-01' }) startDate!: string;
  @ApiProperty({ enum: ['DRAFT', 'CONFIRMED'] }) status!: string;
  @ApiProperty({ description: 'applications considered' }) candidates!: number;
  @ApiProperty({ description: 'places proposed by the engine' }) placements!: number;
  @ApiProperty({ description: 'proposals the managers left out (of a draft: so far)' }) exclusions!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) confirmedAt!: string | null;
}

export class RoundApplicantScheduleDto {
  @ApiProperty({ format: 'uuid' }) crecheId!: string;
  @ApiProperty({ type: [ScheduleSlotResponseDto] }) schedule!: ScheduleSlotResponseDto[];
}

/** A candidate of a round: who, the period of the contract it would get, and the schedule asked of each crèche. */
export class RoundApplicantResponseDto {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ type: String, nullable: true, description: "the child's first name (null once erased)" })
  childFirstName!: string | null;
  @ApiProperty({ type: [String], description: 'the parents\' names, "Prénom Nom"' }) parents!: string[];
  @ApiProperty({ format: 'date', example: '2027-09-01' }) startDate!: string;
  @ApiProperty({ format: 'date', example: '2028-08-31' }) endDate!: string;
  @ApiProperty({ type: [RoundApplicantScheduleDto], description: 'in the order of the family’s preferences' })
  schedules!: RoundApplicantScheduleDto[];
}
