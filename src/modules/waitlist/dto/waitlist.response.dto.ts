import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TIME_OF_DAY_PATTERN } from '../../../common/openapi/formats';
import { TIE_BREAKS } from '../domain/priority-policy';
import { CLAIMS, type Claim } from '../../families/domain/claims';
import { PolicyCriterionDto } from './policy.dto';

export class PolicyCriterionResponseDto extends PolicyCriterionDto {
  @ApiProperty({ example: 'Les deux parents travaillent', description: 'what the criterion means, in French' })
  label!: string;
}

export class PolicyResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) territoryId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date', example: '2027-01-01' }) effectiveFrom!: string;
  @ApiProperty({ type: [PolicyCriterionResponseDto] }) criteria!: PolicyCriterionResponseDto[];
  @ApiProperty() waitingMonthPoints!: number;
  @ApiProperty() waitingMonthCap!: number;
  @ApiProperty() refusalPenalty!: number;
  @ApiProperty({ enum: TIE_BREAKS, isArray: true }) tieBreak!: string[];
}

export class ScoreLineDto {
  @ApiProperty({ example: 'BOTH_WORKING', description: 'a criterion of the priority policy' }) criterion!: string;
  @ApiProperty() points!: number;
}

export class VerifiedScoreLineDto extends ScoreLineDto {
  @ApiProperty({ description: 'a manager saw the proof (or the criterion needs none)' }) verified!: boolean;
}

export class CapacityConflictDto {
  @ApiProperty({ format: 'date', example: '2027-01-04' }) date!: string;
  @ApiProperty({ example: '07:30', pattern: TIME_OF_DAY_PATTERN }) from!: string;
  @ApiProperty({ example: '08:00', pattern: TIME_OF_DAY_PATTERN }) to!: string;
  @ApiProperty() present!: number;
  @ApiProperty() limit!: number;
  @ApiProperty({ description: 'the rule the presence would break' }) rule!: string;
}

export class WaitlistEntryDto {
  @ApiProperty() rank!: number;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty() childFirstName!: string;
  @ApiProperty({ description: 'declared points: what the family says' }) score!: number;
  @ApiProperty({ description: 'verified points: only the claims a manager saw proved (what allocation uses)' })
  verifiedScore!: number;
  @ApiProperty({ type: [VerifiedScoreLineDto] }) breakdown!: VerifiedScoreLineDto[];
  @ApiProperty({ description: '1 = first choice' }) preferencePosition!: number;
  @ApiProperty({ format: 'date', example: '2027-09-01' }) desiredStartDate!: string;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty() hoursPerWeek!: number;
  @ApiProperty() atypicalHoursPerWeek!: number;
  @ApiProperty() ageAtStartMonths!: number;
  @ApiProperty({
    description:
      'the schedule fits the crèche from the desired start, beside everything planned (open offers included) but the application’s own open offer',
  })
  fitsNow!: boolean;
  @ApiProperty({ type: CapacityConflictDto, nullable: true }) firstConflict!: CapacityConflictDto | null;
  @ApiProperty({ description: 'family on social minima or in insertion (reserved places)' })
  socialMinimaOrInsertion!: boolean;
}

export class HouseholdParentDto {
  @ApiProperty({ example: 'Camille' }) firstName!: string;
  @ApiProperty({ example: 'Martin' }) lastName!: string;
  @ApiProperty({ format: 'email', example: 'camille.martin@example.fr' }) email!: string;
}

export class ScheduleSlotDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: '1 = Monday … 7 = Sunday' }) weekday!: number;
  @ApiProperty({ example: '07:30', pattern: TIME_OF_DAY_PATTERN }) from!: string;
  @ApiProperty({ example: '18:00', pattern: TIME_OF_DAY_PATTERN }) to!: string;
}

/** A proof the household uploaded for one of its criteria (or the applied child's). */
export class WaitlistClaimProofDto {
  @ApiProperty({ enum: CLAIMS, description: 'the criterion, as POST /families/:id/claims names it' }) claim!: Claim;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the child, for a child criterion' })
  childId!: string | null;
  @ApiProperty({ format: 'uuid', description: 'read at GET /families/{id}/claim-proofs/{proofId}/document' })
  proofId!: string;
  @ApiProperty({ format: 'date-time' }) uploadedAt!: string;
}

/** An entry's household, for the crèche's managers and admins only (families=true). */
export class WaitlistHouseholdDto {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({ format: 'uuid', description: 'the child applied for (its claims are verified with it)' })
  childId!: string;
  @ApiProperty({ type: [ScheduleSlotDto], description: 'the weekly schedule the application asks of this crèche' })
  schedule!: ScheduleSlotDto[];
  @ApiProperty({ type: [HouseholdParentDto], description: "the household's parents, in the order they joined it" })
  parents!: HouseholdParentDto[];
  @ApiProperty({ description: 'fee declarations of the household waiting for a manager (PENDING)' })
  declarationsToReview!: number;
  @ApiProperty({
    type: [WaitlistClaimProofDto],
    description:
      "the proofs uploaded for the household's criteria and the applied child's (a criterion without one has none)",
  })
  claimProofs!: WaitlistClaimProofDto[];
}

export class WaitlistPageDto {
  @ApiProperty({ type: [WaitlistEntryDto], description: 'in rank order' }) items!: WaitlistEntryDto[];
  @ApiProperty({ nullable: true, type: String, description: 'pass back as cursor for the next page; null on the last' })
  nextCursor!: string | null;
  @ApiProperty({ description: 'entries matching the filters, over all pages' }) total!: number;
  @ApiProperty({
    description: "the ranking's version: it moves with every change of the crèche's applications, policy or planning",
  })
  version!: number;
  @ApiProperty({ format: 'date', example: '2027-01-04', description: 'the day the ranking is computed for' })
  asOf!: string;
  @ApiPropertyOptional({
    type: [WaitlistHouseholdDto],
    description:
      "only with families=true: the households of this page's entries, in the same order (read when the page is " +
      'served; an application withdrawn meanwhile has none)',
  })
  families?: WaitlistHouseholdDto[];
}
