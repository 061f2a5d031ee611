import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, Max, Min, ValidateNested } from 'class-validator';
import { IsCivilDate } from '../../../common/http/validators';
import { CRITERIA, CriterionCode } from '../domain/priority-policy';

export class PolicyCriterionDto {
  @ApiProperty({ enum: CRITERIA }) @IsIn(CRITERIA) code!: CriterionCode;
  @ApiProperty({ example: 40 }) @IsInt() @Min(-1000) @Max(1000) points!: number;
}

export class PublishPolicyDto {
  @ApiProperty({ format: 'date', example: '2027-01-01' }) @IsCivilDate() effectiveFrom!: string;

  @ApiProperty({ type: [PolicyCriterionDto], description: 'facts about a household only; no free-text judgement' })
  @IsArray()
  @ArrayMaxSize(CRITERIA.length)
  @ArrayUnique((c: PolicyCriterionDto) => c.code, { message: 'each criterion appears once' })
  @ValidateNested({ each: true })
  @Type(() => PolicyCriterionDto)
  criteria!: PolicyCriterionDto[];

  @ApiProperty({ example: 2 }) @IsInt() @Min(0) @Max(100) waitingMonthPoints!: number;
  @ApiProperty({ example: 24 }) @IsInt() @Min(0) @Max(120) waitingMonthCap!: number;
  @ApiProperty({ example: -20 }) @IsInt() @Min(-1000) @Max(0) refusalPenalty!: number;
}
