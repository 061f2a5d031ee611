import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { CLAIMS, Claim } from '../domain/claims';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsUUID,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsCivilDate, IsOptionalNotNull } from '../../../common/http/validators';
import { EUROS } from '../../fees/dto/quote.dto';
import { BENEFIT_SCHEMES, BenefitScheme, PARENTS_ACTIVITIES, ParentsActivity } from '../entities/family.entity';

export class CreateFamilyDto {
  @ApiProperty({ example: '88372', description: 'INSEE code of the commune of residence' })
  @Matches(/^(\d{5}|2[AB]\d{3})$/, { message: 'communeInseeCode must be a 5-character INSEE commune code' })
  communeInseeCode!: string;

  @ApiProperty({
    example: '3000.00',
    description:
      'monthly resources (year N-2 ÷ 12) in euros; "unknown" (none yet, or no documents: the floor applies) or "refused" (the family declines to give them: the ceiling applies)',
  })
  @ValidateIf((o: CreateFamilyDto) => o.monthlyResources !== 'unknown' && o.monthlyResources !== 'refused')
  @Matches(EUROS, { message: 'monthlyResources must be an amount in euros such as "3000.00", "unknown" or "refused"' })
  monthlyResources!: string;

  @ApiProperty({ example: 2 }) @IsInt() @Min(1) @Max(20) dependentChildren!: number;
  @ApiPropertyOptional({ default: 0, description: 'children of the household receiving AEEH' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(20)
  aeehChildren?: number;
  @ApiProperty({ enum: BENEFIT_SCHEMES }) @IsIn(BENEFIT_SCHEMES) benefitScheme!: BenefitScheme;

  @ApiPropertyOptional({ example: '1234567' })
  @IsOptional()
  @Matches(/^\d{5,10}$/, { message: 'cafNumber must be the Caf allocataire number (digits)' })
  cafNumber?: string;

  @ApiProperty() @IsBoolean() singleParent!: boolean;
  @ApiProperty({ enum: PARENTS_ACTIVITIES }) @IsIn(PARENTS_ACTIVITIES) parentsActivity!: ParentsActivity;
  @ApiProperty({ description: 'a parent works early mornings, evenings, nights or weekends' })
  @IsBoolean()
  atypicalWorkHours!: boolean;
  @ApiProperty({ description: 'on social minima or in an insertion scheme (art. L214-7 CASF)' })
  @IsBoolean()
  socialMinimaOrInsertion!: boolean;
  @ApiProperty() @IsBoolean() otherHouseholdDisability!: boolean;
}

export class UpdateFamilyDto extends PartialType(CreateFamilyDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({
    example: '2027-03-01',
    description: 'when resources or children change: the date the new fee applies from (default today)',
  })
  @IsOptionalNotNull()
  @IsCivilDate()
  effectiveFrom?: string;
}

export class CreateChildDto {
  @ApiProperty({ example: 'Zoé' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 60)
  firstName!: string;

  @ApiPropertyOptional({ example: '2026-03-15' })
  @ValidateIf((o: CreateChildDto) => o.expectedBirthDate === undefined || o.birthDate !== undefined)
  @IsCivilDate()
  birthDate?: string;

  @ApiPropertyOptional({ example: '2027-02-01', description: 'for a child not born yet' })
  @ValidateIf((o: CreateChildDto) => o.birthDate === undefined || o.expectedBirthDate !== undefined)
  @IsCivilDate()
  expectedBirthDate?: string;

  @ApiProperty() @IsBoolean() disability!: boolean;
  @ApiPropertyOptional({ default: false }) @IsOptionalNotNull() @IsBoolean() multipleBirth?: boolean;
}

export class UpdateChildDto extends PartialType(CreateChildDto, { skipNullProperties: false }) {}

export class InviteDto {
  @ApiProperty({ example: 'alex.martin@example.fr' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail()
  email!: string;
}

export class VerifyClaimDto {
  @ApiProperty({
    enum: CLAIMS,
    description: 'the claim whose proof the manager saw (its value now is the one verified)',
  })
  @IsIn(CLAIMS)
  claim!: Claim;

  @ApiPropertyOptional({ description: 'for CHILD_DISABILITY and MULTIPLE_BIRTH' })
  @IsOptionalNotNull()
  @IsUUID()
  childId?: string;
}
