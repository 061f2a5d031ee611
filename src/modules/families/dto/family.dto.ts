import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { CLAIMS, Claim } from '../domain/claims';
import {
  Equals,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsCivilDate, IsOptionalNotNull, IsPersonName, IsUuid, personName } from '../../../common/http/validators';
import { DECLARED_FIELDS } from '../domain/fee-declarations';
import { IsEuros } from '../../fees/dto/quote.dto';
import { BENEFIT_SCHEMES, BenefitScheme, PARENTS_ACTIVITIES, ParentsActivity } from '../entities/family.entity';

export class CreateFamilyDto {
  @ApiProperty({
    example: '88367',
    description:
      "INSEE code of the commune of residence (not its postal code: Rambervillers is 88367, postal code 88700). A code that is none of a territory's communes is taken (a household may live outside the territory), but the territory's residence priority does not apply to it",
  })
  @Matches(/^(\d{5}|2[AB]\d{3})$/, {
    message: 'communeInseeCode must be the 5-character INSEE code of the commune, not its postal code',
  })
  communeInseeCode!: string;

  @ApiPropertyOptional({
    example: '88700',
    pattern: '^\\d{5}$',
    nullable: true,
    type: String,
    description:
      'postal code of the household (5 digits), given with the town in the FILOUÉ file to the Cnaf; null takes back one entered by mistake',
  })
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'postalCode must be a 5-digit postal code' })
  postalCode?: string | null;

  @ApiProperty({
    example: '3000.00',
    description:
      'monthly resources (year N-2 ÷ 12) in euros; "unknown" (none yet, or no documents: the floor applies) or "refused" (the family declines to give them: the ceiling applies)',
  })
  @ValidateIf((o: CreateFamilyDto) => o.monthlyResources !== 'unknown' && o.monthlyResources !== 'refused')
  @IsEuros(['unknown', 'refused'])
  monthlyResources!: string;

  @ApiProperty({ example: 2 }) @IsInt() @Min(1) @Max(20) dependentChildren!: number;
  @ApiPropertyOptional({ default: 0, description: 'children of the household receiving AEEH' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(20)
  aeehChildren?: number;
  @ApiProperty({ enum: BENEFIT_SCHEMES }) @IsIn(BENEFIT_SCHEMES) benefitScheme!: BenefitScheme;

  @ApiPropertyOptional({
    example: '1234567',
    type: String,
    nullable: true,
    description: 'the Caf (or MSA) allocataire number; null takes back one entered by mistake',
  })
  @IsOptional()
  @Matches(/^\d{5,10}$/, { message: 'cafNumber must be the Caf allocataire number (digits)' })
  cafNumber?: string | null;

  @ApiPropertyOptional({
    default: false,
    description:
      'the household is not a Caf allocataire (it has no matricule): FILOUÉ writes its children with the allocataire flag 0; true takes back a Caf number, a Caf number given takes this back; not both at once',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  notCafAllocataire?: boolean;

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

/**
 * A field of the fee situation, which a PATCH no longer changes (issue #14 §4: 349.13 € became 77.18 € from a
 * contract's first day): any value, null included, is a 400 naming the field.
 */
/** `type`: what the field holds in a declaration, for the document; any value is refused here. */
function DeclaredInstead(type: 'string' | 'integer'): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type,
      deprecated: true,
      description: 'not changeable here: a change is a declaration with its proof at POST /families/:id/declarations',
    }),
    ValidateIf((_o, value) => value !== undefined),
    Equals(undefined, {
      message:
        '$property is part of the fee situation: a change is a declaration with its proof at POST /families/:id/declarations',
    }),
  );
}

/** The household's other facts; the fee situation changes by declaration, never here (and never backdated). */
export class UpdateFamilyDto extends PartialType(OmitType(CreateFamilyDto, DECLARED_FIELDS), {
  skipNullProperties: false,
}) {
  @DeclaredInstead('string') monthlyResources?: unknown;
  @DeclaredInstead('integer') dependentChildren?: unknown;
  @DeclaredInstead('integer') aeehChildren?: unknown;
}

export class CreateChildDto {
  @ApiProperty({ example: 'Zoé' })
  @Transform(personName)
  @IsString()
  @Length(1, 60)
  @IsPersonName()
  firstName!: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-03-15' })
  @ValidateIf((o: CreateChildDto) => o.expectedBirthDate === undefined || o.birthDate !== undefined)
  @IsCivilDate()
  birthDate?: string;

  @ApiPropertyOptional({ format: 'date', example: '2027-02-01', description: 'for a child not born yet' })
  @ValidateIf((o: CreateChildDto) => o.birthDate === undefined || o.expectedBirthDate !== undefined)
  @IsCivilDate()
  expectedBirthDate?: string;

  @ApiProperty() @IsBoolean() disability!: boolean;
  @ApiPropertyOptional({ default: false }) @IsOptionalNotNull() @IsBoolean() multipleBirth?: boolean;

  @ApiPropertyOptional({
    default: false,
    description:
      "the child receives AEEH: the household's aeehChildren (validated by declaration) must already count it",
  })
  @IsOptionalNotNull()
  @IsBoolean()
  aeeh?: boolean;
}

export class UpdateChildDto extends PartialType(CreateChildDto, { skipNullProperties: false }) {}

export class InviteDto {
  @ApiProperty({ example: 'alex.martin@example.fr' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail()
  email!: string;
}

export class CoHouseholdDto {
  @ApiProperty({ format: 'uuid', description: "the other parent's household, which will pay its own share" })
  @IsUuid()
  otherFamilyId!: string;
}

export class VerifyClaimDto {
  @ApiProperty({
    enum: CLAIMS,
    description: 'the claim whose proof the manager saw (its value now is the one verified)',
  })
  @IsIn(CLAIMS)
  claim!: Claim;

  @ApiPropertyOptional({ format: 'uuid', description: 'for CHILD_DISABILITY and MULTIPLE_BIRTH' })
  @IsOptionalNotNull()
  @IsUuid()
  childId?: string;

  // The value the manager read and saw proved: a declaration changed since is refused (409), never verified unseen.
  @ApiProperty({
    oneOf: [{ type: 'string', enum: [...PARENTS_ACTIVITIES] }, { type: 'boolean' }],
    description: 'the declared value the manager saw proved: an activity for PARENTS_ACTIVITY, true or false otherwise',
  })
  @IsIn([...PARENTS_ACTIVITIES, true, false])
  value!: ParentsActivity | boolean;
}
