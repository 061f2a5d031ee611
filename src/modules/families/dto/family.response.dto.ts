import { ApiProperty } from '@nestjs/swagger';
import type { ChildEntity } from '../entities/child.entity';
import type { FamilyEntity } from '../entities/family.entity';

export class FamilyResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) communeInseeCode!: string | null;
  @ApiProperty({ nullable: true, type: String, description: '5 digits; null until entered' }) postalCode!:
    string | null;
  @ApiProperty({ description: 'euros, "unknown" or "refused"' }) monthlyResources!: string;
  @ApiProperty() dependentChildren!: number;
  @ApiProperty() aeehChildren!: number;
  @ApiProperty() benefitScheme!: string;
  @ApiProperty({ nullable: true, type: String }) cafNumber!: string | null;
  @ApiProperty({ description: 'the household says it is not a Caf allocataire (no matricule): FILOUÉ writes flag 0' })
  notCafAllocataire!: boolean;
  @ApiProperty() singleParent!: boolean;
  @ApiProperty() parentsActivity!: string;
  @ApiProperty() atypicalWorkHours!: boolean;
  @ApiProperty() socialMinimaOrInsertion!: boolean;
  @ApiProperty() otherHouseholdDisability!: boolean;
  @ApiProperty({ type: 'array', items: { type: 'string', format: 'uuid' } }) memberUserIds!: string[];
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'when the household objected to the FILOUÉ file to the Cnaf; null: no objection',
  })
  filoueObjectedAt!: string | null;

  static from(f: FamilyEntity, memberUserIds: string[]): FamilyResponseDto {
    return {
      id: f.id,
      communeInseeCode: f.communeInseeCode,
      postalCode: f.postalCode,
      monthlyResources: f.resourcesRefused ? 'refused' : (f.monthlyResources ?? 'unknown'),
      dependentChildren: f.dependentChildren,
      aeehChildren: f.aeehChildren,
      benefitScheme: f.benefitScheme,
      cafNumber: f.cafNumber,
      notCafAllocataire: f.notCafAllocataire,
      singleParent: f.singleParent,
      parentsActivity: f.parentsActivity,
      atypicalWorkHours: f.atypicalWorkHours,
      socialMinimaOrInsertion: f.socialMinimaOrInsertion,
      otherHouseholdDisability: f.otherHouseholdDisability,
      memberUserIds,
      filoueObjectedAt: f.filoueObjectedAt?.toISOString() ?? null,
    };
  }
}

export class ChildResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) birthDate!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) expectedBirthDate!: string | null;
  @ApiProperty() disability!: boolean;
  @ApiProperty() multipleBirth!: boolean;
  @ApiProperty({ description: 'receives AEEH' }) aeeh!: boolean;

  static from(c: ChildEntity): ChildResponseDto {
    return {
      id: c.id,
      familyId: c.familyId,
      firstName: c.firstName,
      birthDate: c.birthDate,
      expectedBirthDate: c.expectedBirthDate,
      disability: c.disability,
      multipleBirth: c.multipleBirth,
      aeeh: c.aeeh,
    };
  }
}

export class MyFamilyResponseDto {
  @ApiProperty({ type: FamilyResponseDto, nullable: true, description: 'null while the account has no household' })
  family!: FamilyResponseDto | null;
}

export class ParentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty({ format: 'email' }) email!: string;
}

export class PendingInvitationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class FamilyParentsResponseDto {
  @ApiProperty({ type: [ParentDto] }) parents!: ParentDto[];
  @ApiProperty({ type: [PendingInvitationDto], description: 'invitations sent and not accepted yet' })
  invitations!: PendingInvitationDto[];
}

export class InvitationSentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'email' }) email!: string;
}

export class MyInvitationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'the first name of the parent who invited' })
  invitedByFirstName!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
