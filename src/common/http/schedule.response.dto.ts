import { ApiProperty } from '@nestjs/swagger';
import { TIME_OF_DAY_PATTERN } from '../openapi/formats';

/** One slot of a weekly schedule, as the API answers it. */
export class ScheduleSlotResponseDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday, Monday = 1' }) weekday!: number;
  @ApiProperty({ example: '07:30', pattern: TIME_OF_DAY_PATTERN }) from!: string;
  @ApiProperty({ example: '17:30', pattern: TIME_OF_DAY_PATTERN }) to!: string;
}
