import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { IsCivilDate } from '../../../common/http/validators';
import { OFFER_STATUSES, OfferStatus } from '../entities/offer.entity';

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

export class ConfirmRoundDto {
  @ApiPropertyOptional({ type: [ExclusionDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ExclusionDto)
  exclusions?: ExclusionDto[];
}

export class DeclineOfferDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 1000) reason?: string;
}

export class OffersQuery {
  @ApiPropertyOptional({ enum: OFFER_STATUSES }) @IsOptional() @IsIn(OFFER_STATUSES) status?: OfferStatus;
}

export class NoticesQuery {
  @ApiProperty() @IsUUID() offerId!: string;
}
