import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { IsBefore, IsCivilDate, IsNotAfter, IsTimeOfDay } from './validators';
import { TIME_OF_DAY_PATTERN } from '../openapi/formats';

/** One slot of a weekly schedule (contracts, applications, the simulator). */
export class ScheduleSlotDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday, Monday = 1' })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday!: number;

  @ApiProperty({ pattern: TIME_OF_DAY_PATTERN, example: '05:30' })
  @IsTimeOfDay()
  @IsBefore('to')
  from!: string;

  @ApiProperty({ pattern: TIME_OF_DAY_PATTERN, example: '13:30' })
  @IsTimeOfDay()
  to!: string;
}

/** A dated period, both days included (a family's declared leave, a closure). */
export class DatedPeriodDto {
  @ApiProperty({ example: '2027-02-15', format: 'date' })
  @IsCivilDate()
  @IsNotAfter('to')
  from!: string;

  @ApiProperty({ example: '2027-02-19', format: 'date' })
  @IsCivilDate()
  to!: string;
}
