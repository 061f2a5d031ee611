import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { IsCivilDate, IsOptionalNotNull } from '../../../common/http/validators';
import { OFFER_STATUSES, OfferStatus } from '../entities/offer.entity';
import { OFFER_WITHDRAWAL_REASONS, OfferWithdrawalReason } from '../domain/offer-status';

export class CreateRoundDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  crecheIds!: string[];

  @ApiProperty({ example: '2027-09-01' }) @IsCivilDate() startDate!: string;
}

export class ExclusionDto {
  @ApiProperty() @IsUUID() applicationId!: string;
  @ApiProperty({ description: 'why this proposal is not offered (kept in the audit log)' }) @IsString() @Length(5, 1000) reason!: string;
}

export class WithdrawOfferDto {
  @ApiProperty({ enum: OFFER_WITHDRAWAL_REASONS, description: 'why the crèche can no longer honour the offer (told to the family in French)' })
  @IsIn(OFFER_WITHDRAWAL_REASONS)
  reason!: OfferWithdrawalReason;
}

export class ConfirmRoundDto {
  @ApiPropertyOptional({ type: [ExclusionDto] })
  @IsOptionalNotNull()
  @IsArray()
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
  @ApiProperty() @IsUUID() offerId!: string;
}
