import { ApiProperty } from '@nestjs/swagger';
import { ISO_WEEK_PATTERN, TIME_OF_DAY_PATTERN } from '../../../common/openapi/formats';

/** OpenAPI description of answers the creches controllers build inline. */
export class ManagersResponseDto {
  @ApiProperty({ type: 'array', items: { type: 'string', format: 'uuid' }, description: "the crèche's managers now" })
  userIds!: string[];
}

export class StaffMemberDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'lea.petit@example.fr' }) email!: string;
  @ApiProperty({ example: 'Léa' }) firstName!: string;
  @ApiProperty({ example: 'Petit' }) lastName!: string;
  @ApiProperty({ description: 'false until the account has followed its invitation (or a reset) link' })
  emailVerified!: boolean;
  @ApiProperty({ description: 'disabled by an admin: it cannot sign in' }) disabled!: boolean;
}

export class StaffResponseDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: 'uuid' },
    description: "the crèche's staff accounts now",
  })
  userIds!: string[];
  @ApiProperty({ type: [StaffMemberDto], description: 'the same accounts, by last name' })
  members!: StaffMemberDto[];
}

export class OccupancySegmentDto {
  @ApiProperty({ example: '07:30', pattern: TIME_OF_DAY_PATTERN }) from!: string;
  @ApiProperty({ example: '08:00', pattern: TIME_OF_DAY_PATTERN }) to!: string;
  @ApiProperty({ description: 'children planned' }) present!: number;
  @ApiProperty({ description: 'places at that instant (modulated)' }) limit!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'the 115 % limit, when the crèche enables surnombre' })
  surnombreLimit!: number | null;
  @ApiProperty() atypical!: boolean;
}

export class OccupancyDayDto {
  @ApiProperty({ format: 'date', example: '2027-01-04' }) date!: string;
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday, Monday = 1' }) weekday!: number;
  @ApiProperty() publicHoliday!: boolean;
  @ApiProperty({ type: [OccupancySegmentDto] }) segments!: OccupancySegmentDto[];
}

export class OccupancyWeekDto {
  @ApiProperty({ example: '2027-W01', pattern: ISO_WEEK_PATTERN }) isoWeek!: string;
  @ApiProperty() plannedHours!: number;
  @ApiProperty() capacityHours!: number;
  @ApiProperty({ description: 'T = 100 × O / K (docs/rules.md §2), over the whole ISO week' }) occupancyT!: number;
}

export class OccupancyTotalsDto {
  @ApiProperty() childHours!: number;
  @ApiProperty() capacityHours!: number;
  @ApiProperty() occupancyRate!: number;
  @ApiProperty() atypicalChildHours!: number;
}

export class OccupancyResponseDto {
  @ApiProperty({ format: 'uuid' }) crecheId!: string;
  @ApiProperty({ format: 'date', example: '2027-01-04' }) from!: string;
  @ApiProperty({ format: 'date', example: '2027-01-08' }) to!: string;
  @ApiProperty({ type: [OccupancyDayDto] }) days!: OccupancyDayDto[];
  @ApiProperty({ type: [OccupancyWeekDto] }) weeks!: OccupancyWeekDto[];
  @ApiProperty({ type: OccupancyTotalsDto }) totals!: OccupancyTotalsDto;
}
