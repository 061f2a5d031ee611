import { ApiProperty } from '@nestjs/swagger';

export class CoHouseholdLinkDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'the other household already accepted' }) accepted!: boolean;
}

export class CoHouseholdRequestDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) childId!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
}

export class JoinedFamilyDto {
  @ApiProperty({ format: 'uuid' }) familyId!: string;
}
