import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { IsCivilDate, IsNotAfter } from '../../../common/http/validators';

export class OccupancyQuery {
  @ApiProperty({ format: 'date', example: '2027-01-04' })
  @IsCivilDate()
  @IsNotAfter('to')
  from!: string;

  @ApiProperty({ format: 'date', example: '2027-01-31', description: 'inclusive; at most 366 days after from' })
  @IsCivilDate()
  to!: string;
}

export class OccupancySvgQuery {
  @ApiProperty({ example: '2027-W02', description: 'ISO week' })
  @Matches(/^20\d\d-W(0[1-9]|[1-4]\d|5[0-3])$/, {
    message: 'week must be an ISO week such as 2027-W02, in the years 2000 to 2099',
  })
  week!: string;
}
