import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCivilDate, IsOptionalNotNull, IsUuid } from '../../../common/http/validators';
import { ScheduleSlotDto } from '../../../common/http/schedule.dto';

/** One crèche the family accepts, with the weekly schedule asked of it when it differs from the application's. */
export class PreferenceDto {
  @ApiProperty({ format: 'uuid' }) @IsUuid() crecheId!: string;

  @ApiPropertyOptional({
    type: [ScheduleSlotDto],
    description: "the schedule asked of this crèche; the application's schedule when absent",
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(21)
  @ValidateNested({ each: true })
  @Type(() => ScheduleSlotDto)
  schedule?: ScheduleSlotDto[];
}

@ApiExtraModels(PreferenceDto)
export class CreateApplicationDto {
  @ApiProperty({ format: 'uuid' }) @IsUuid() childId!: string;

  @ApiProperty({ format: 'date', example: '2027-09-01' }) @IsCivilDate() desiredStartDate!: string;

  @ApiPropertyOptional({
    type: [ScheduleSlotDto],
    description: 'the weekly schedule asked of every crèche listed without its own; optional when each has one',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(21)
  @ValidateNested({ each: true })
  @Type(() => ScheduleSlotDto)
  schedule?: ScheduleSlotDto[];

  @ApiProperty({
    type: 'array',
    items: { oneOf: [{ type: 'string', format: 'uuid' }, { $ref: getSchemaPath(PreferenceDto) }] },
    minItems: 1,
    maxItems: 5,
    description:
      'the crèches you accept, first choice first (1 to 5): a crèche id, or {crecheId, schedule} to ask that crèche for its own schedule',
  })
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value)
      ? value.map((p: unknown) =>
          typeof p === 'string'
            ? plainToInstance(PreferenceDto, { crecheId: p })
            : p !== null && typeof p === 'object' && !(p instanceof PreferenceDto)
              ? plainToInstance(PreferenceDto, p)
              : p,
        )
      : value,
  )
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique((p: PreferenceDto | null) => p?.crecheId, { message: 'preferences must not list a crèche twice' })
  @ValidateNested({ each: true })
  @Type(() => PreferenceDto)
  preferences!: PreferenceDto[];

  @ApiPropertyOptional({ default: 0 }) @IsOptionalNotNull() @IsInt() @Min(0) @Max(52) leaveWeeksPerYear?: number;

  @ApiPropertyOptional({
    default: false,
    description: "care asked on public holidays too, at their weekday's hours (read by the territory's dashboard)",
  })
  @IsOptionalNotNull()
  @IsBoolean()
  publicHolidayCare?: boolean;
}
