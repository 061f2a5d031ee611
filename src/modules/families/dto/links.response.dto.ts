import { ApiProperty } from '@nestjs/swagger';

/** OpenAPI description of the small answers of the household-linking routes (invitations, co-households). */
export class InvitationCreatedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'email' }) email!: string;
}

export class CoHouseholdLinkDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'the other household already accepted' }) accepted!: boolean;
}

export class CoHouseholdRequestDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) childId!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
}

export class PendingInvitationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) familyId!: string;
}

export class JoinedFamilyDto {
  @ApiProperty({ format: 'uuid' }) familyId!: string;
}
