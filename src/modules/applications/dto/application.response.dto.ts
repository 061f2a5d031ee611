import { ApiProperty } from '@nestjs/swagger';
import { TIME_OF_DAY_PATTERN } from '../../../common/openapi/formats';
import { ScheduleSlotResponseDto } from '../../../common/http/schedule.response.dto';
import { APPLICATION_STATUSES } from '../domain/application-status';
import { WaitEstimateDto } from '../../waitlist/dto/wait-estimate.dto';
import { VerifiedScoreLineDto } from '../../waitlist/dto/waitlist.response.dto';

export class PreferenceResponseDto {
  @ApiProperty({ format: 'uuid' }) crecheId!: string;
  @ApiProperty({ description: '1 = first choice' }) rank!: number;
  @ApiProperty({ type: [ScheduleSlotResponseDto], description: 'the weekly schedule asked of this crèche' })
  schedule!: ScheduleSlotResponseDto[];
}

export class ApplicationResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({ format: 'uuid' }) childId!: string;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status!: string;
  @ApiProperty({ format: 'date', example: '2027-09-01' }) desiredStartDate!: string;
  @ApiProperty({ type: [ScheduleSlotResponseDto] }) schedule!: ScheduleSlotResponseDto[];
  @ApiProperty() leaveWeeksPerYear!: number;
  @ApiProperty({ description: 'care asked on public holidays too' }) publicHolidayCare!: boolean;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ format: 'date-time' }) lastConfirmedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) interestRequestedAt!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'while a confirmation of interest is pending: the application lapses after this instant',
  })
  interestDeadline!: string | null;
  @ApiProperty({ description: 'offers declined or left to expire' }) refusals!: number;
  @ApiProperty({ type: [PreferenceResponseDto], description: 'the crèches listed, first choice first' })
  preferences!: PreferenceResponseDto[];
}

export class RoundConflictDto {
  @ApiProperty({ format: 'date', example: '2027-09-06' }) date!: string;
  @ApiProperty({ example: '07:00', pattern: TIME_OF_DAY_PATTERN }) from!: string;
  @ApiProperty({ example: '08:00', pattern: TIME_OF_DAY_PATTERN }) to!: string;
}

export class LastRoundOutcomeDto {
  @ApiProperty({ format: 'date-time' }) confirmedAt!: string;
  @ApiProperty({
    enum: [
      'OFFERED',
      'PLACED_AT_PREFERRED',
      'OUTRANKED',
      'NO_CAPACITY',
      'CLOSED',
      'AGE',
      'EXCLUDED',
      'ONE_OFFER_PER_FAMILY',
    ],
    description:
      'OFFERED: an offer was made here; PLACED_AT_PREFERRED: a place at a crèche ranked before; OUTRANKED: the places ' +
      'on the hours asked went to higher verified scores (lowestHeldScore); NO_CAPACITY or CLOSED: no place, or the ' +
      "crèche closed, on the hours asked (conflict); AGE: over the crèche's age limit; EXCLUDED: left out by the " +
      "crèche's manager (exclusionReason); ONE_OFFER_PER_FAMILY: the family received one offer for another child",
  })
  outcome!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'OUTRANKED: the lowest verified score the round kept' })
  lowestHeldScore!: number | null;
  @ApiProperty({ type: RoundConflictDto, nullable: true }) conflict!: RoundConflictDto | null;
  @ApiProperty({ type: String, nullable: true, description: "EXCLUDED: the manager's reason code" })
  exclusionReason!: string | null;
}

export class CrecheStandingDto {
  @ApiProperty({ format: 'uuid' }) crecheId!: string;
  @ApiProperty() crecheName!: string;
  @ApiProperty({ description: '1 = first choice' }) preferencePosition!: number;
  @ApiProperty({ type: Number, nullable: true }) rank!: number | null;
  @ApiProperty() outOf!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'all points, declared or verified' }) score!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'the points whose proof a manager saw (rounds count these)',
  })
  verifiedScore!: number | null;
  @ApiProperty({ type: [VerifiedScoreLineDto], description: 'one line per criterion that counted' })
  breakdown!: VerifiedScoreLineDto[];
  @ApiProperty({
    description:
      "whether the household's commune (its INSEE code) is one of the communes of the crèche's territory: when false, the policy's residence criterion does not count (a postal code typed as the INSEE code, or a household living outside the territory)",
  })
  householdInTerritory!: boolean;
  @ApiProperty({ type: Number, nullable: true }) lastAdmittedScore!: number | null;
  @ApiProperty({
    description:
      "the child is over this crèche's age limit unless its declared disability is verified: rounds leave it out " +
      '(reason AGE) until a manager saw the proof',
  })
  ageExemptionAwaitsVerification!: boolean;
  @ApiProperty({ type: [ScheduleSlotResponseDto], description: 'the weekly schedule asked of this crèche' })
  schedule!: ScheduleSlotResponseDto[];
  @ApiProperty({
    type: WaitEstimateDto,
    nullable: true,
    description: 'the estimated window for an offer at this crèche, with its basis; null when none can be given',
  })
  estimate!: WaitEstimateDto | null;
  @ApiProperty({
    type: LastRoundOutcomeDto,
    nullable: true,
    description:
      'what the last confirmed round over this crèche did with the application; null when none considered it',
  })
  lastRound!: LastRoundOutcomeDto | null;
}

export class ApplicationWithRanksResponseDto extends ApplicationResponseDto {
  @ApiProperty({ type: [CrecheStandingDto] }) creches!: CrecheStandingDto[];
}
