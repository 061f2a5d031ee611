import { ApiProperty } from '@nestjs/swagger';
import { IsUuid } from '../../../common/http/validators';
import { TIME_OF_DAY_PATTERN } from '../../../common/openapi/formats';
import { ArrayMaxSize, IsArray } from 'class-validator';
import { ATYPICAL_SLOTS, AtypicalSlot, SlotPeriod } from '../domain/atypical-slots';

export class SetCoordinatorsDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: 'uuid' },
    description: 'accounts with the TERRITORY_COORDINATOR role',
  })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUuid('all', { each: true })
  userIds!: string[];
}

export class CoordinatorsResponseDto {
  @ApiProperty({ type: 'array', items: { type: 'string', format: 'uuid' } }) userIds!: string[];
}

/** A figure, or the marker that it is secret: then `value` is null and `reason` says why. */
export class SecretFigureDto {
  @ApiProperty({ description: 'true: hidden by statistical secrecy (the number is not sent)' }) secret!: boolean;
  @ApiProperty({ type: Number, nullable: true }) value!: number | null;
  @ApiProperty({
    enum: ['UNDER_THRESHOLD', 'COMPLEMENTARY'],
    required: false,
    description:
      'UNDER_THRESHOLD: fewer than 5 ("< 5"); COMPLEMENTARY: hidden so the total cannot give back another (a cell or the total)',
  })
  reason?: 'UNDER_THRESHOLD' | 'COMPLEMENTARY';
}

export class DashboardCellDto {
  @ApiProperty({ enum: ATYPICAL_SLOTS }) slot!: AtypicalSlot;
  @ApiProperty({
    enum: ['WEEK', 'YEAR'],
    description: 'hours per week, or over the coming 12 months (public holidays)',
  })
  period!: SlotPeriod;
  @ApiProperty({ type: SecretFigureDto, description: 'active applications requesting time in the slot' })
  activeApplications!: SecretFigureDto;
  @ApiProperty({
    type: SecretFigureDto,
    description: 'hours they request in the slot, per period, rounded to the nearest 10 h (WEEK) or 100 h (YEAR)',
  })
  hoursRequested!: SecretFigureDto;
  @ApiProperty({ description: 'place-hours the crèches of the commune offer in the slot, per period' })
  placeHoursOffered!: number;
  @ApiProperty({
    type: SecretFigureDto,
    description: 'min(100, offered ÷ rounded hours requested × 100), whole percent (100 when those round to 0 h)',
  })
  shareServedPercent!: SecretFigureDto;
  @ApiProperty({
    type: SecretFigureDto,
    description: 'median days from application to first offer (last 12 months), rounded to the nearest 7 days',
  })
  medianWaitDays!: SecretFigureDto;
  @ApiProperty({ type: SecretFigureDto, description: 'the same, 80th percentile, rounded to the nearest 7 days' })
  p80WaitDays!: SecretFigureDto;
}

export class DashboardRowDto {
  @ApiProperty({ type: String, nullable: true, description: 'null: outside the territory or unknown; the total' })
  inseeCode!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [DashboardCellDto] }) cells!: readonly DashboardCellDto[];
}

export class DashboardSlotDto {
  @ApiProperty({ enum: ATYPICAL_SLOTS }) slot!: AtypicalSlot;
  @ApiProperty({ enum: ['WEEK', 'YEAR'] }) period!: SlotPeriod;
}

export class TerritoryDashboardDto {
  @ApiProperty({ format: 'uuid' }) territoryId!: string;
  @ApiProperty({ format: 'date', description: 'the civil date the figures are computed for (France)' })
  asOf!: string;
  @ApiProperty({ format: 'date', description: 'waits are counted over offers made from this date' })
  waitsSince!: string;
  @ApiProperty({ example: '07:30', pattern: TIME_OF_DAY_PATTERN, description: 'morning limit of atypical hours' })
  atypicalBefore!: string;
  @ApiProperty({ example: '19:00', pattern: TIME_OF_DAY_PATTERN, description: 'evening limit of atypical hours' })
  atypicalAfter!: string;
  @ApiProperty({ type: [DashboardSlotDto] }) slots!: readonly DashboardSlotDto[];
  @ApiProperty({ type: [DashboardRowDto] }) communes!: readonly DashboardRowDto[];
  @ApiProperty({ type: DashboardRowDto }) territory!: DashboardRowDto;
}
