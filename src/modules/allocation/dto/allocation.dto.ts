import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import { IsCivilDate, IsOneLine, IsOptionalNotNull, IsUuid, trimmed } from '../../../common/http/validators';
import { DatedPeriodDto } from '../../../common/http/schedule.dto';
import { OFFER_STATUSES, OfferStatus } from '../entities/offer.entity';
import { EXCLUSION_REASONS, ExclusionReason } from '../entities/allocation-round.entity';
import { OFFER_WITHDRAWAL_REASONS, OfferWithdrawalReason } from '../domain/offer-status';

export class CreateRoundDto {
  @ApiProperty({ type: 'array', items: { type: 'string', format: 'uuid' } })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUuid('all', { each: true })
  crecheIds!: string[];

  @ApiProperty({ format: 'date', example: '2027-09-01' }) @IsCivilDate() startDate!: string;
}

/** Why a proposal of a draft round is left out (`PUT /allocation-rounds/:id/exclusions/:applicationId`). */
export class ProposalExclusionDto {
  @ApiProperty({
    enum: EXCLUSION_REASONS,
    description: 'why this proposal is not offered (the code goes to the audit log)',
  })
  @IsIn(EXCLUSION_REASONS)
  reason!: ExclusionReason;
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 280,
    description:
      "a short note kept with the round, never in the audit log, one line (cleared when the household's data is erased)",
  })
  @IsOptionalNotNull()
  @Transform(trimmed)
  @IsString()
  @Length(1, 280)
  @IsOneLine()
  comment?: string;
}

export class ExclusionDto extends ProposalExclusionDto {
  @ApiProperty({ format: 'uuid' }) @IsUuid() applicationId!: string;
}

export class WithdrawOfferDto {
  @ApiProperty({
    enum: OFFER_WITHDRAWAL_REASONS,
    description: 'why the crèche can no longer honour the offer (told to the family in French)',
  })
  @IsIn(OFFER_WITHDRAWAL_REASONS)
  reason!: OfferWithdrawalReason;
}

export class ConfirmRoundDto {
  @ApiPropertyOptional({
    type: [ExclusionDto],
    maxItems: 200,
    description:
      "one per application at most; applied with the draft's own exclusions (PUT …/exclusions/:applicationId), these win for the same application",
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique((e: ExclusionDto) => e?.applicationId, { message: 'exclusions must name each application once' })
  @ValidateNested({ each: true })
  @Type(() => ExclusionDto)
  exclusions?: ExclusionDto[];
}

export class DeclineOfferDto {
  @ApiPropertyOptional() @IsOptionalNotNull() @IsString() @Length(1, 1000) reason?: string;
}

export class OffersQuery {
  @ApiPropertyOptional({ enum: OFFER_STATUSES }) @IsOptionalNotNull() @IsIn(OFFER_STATUSES) status?: OfferStatus;
}

export class NoticesQuery {
  @ApiProperty({ format: 'uuid' }) @IsUuid() offerId!: string;
}

export class AcceptOfferDto {
  @ApiPropertyOptional({
    type: [DatedPeriodDto],
    description: "the family's leave over the contract, dated (at most the crèche's weeks a year); none by default",
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => DatedPeriodDto)
  leavePeriods?: DatedPeriodDto[];
}
