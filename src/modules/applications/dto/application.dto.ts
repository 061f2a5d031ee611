import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCivilDate, IsOptionalNotNull } from '../../../common/http/validators';
import { ScheduleSlotDto } from '../../../common/http/schedule.dto';

export class CreateApplicationDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() childId!: string;

  @ApiProperty({ format: 'date', example: '2027-09-01' }) @IsCivilDate() desiredStartDate!: string;

  @ApiProperty({ type: [ScheduleSlotDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(21)
  @ValidateNested({ each: true })
  @Type(() => ScheduleSlotDto)
  schedule!: ScheduleSlotDto[];

  @ApiProperty({ type: [String], description: 'the crèches you accept, first choice first (1 to 5)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique({ message: 'preferences must not list a crèche twice' })
  @IsUUID('all', { each: true })
  preferences!: string[];

  @ApiPropertyOptional({ default: 0 }) @IsOptionalNotNull() @IsInt() @Min(0) @Max(52) leaveWeeksPerYear?: number;
}
