import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsCivilDate, wholeNumber } from '../../../common/http/validators';

/** "true" / "false" from the query string; anything else stays a string and fails @IsBoolean (a 400 naming it). */
const booleanString = () =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

export const WAITLIST_STATUSES = ['SUBMITTED', 'OFFERED'] as const;
export const WAITLIST_PAGE_MAX = 200;

/** One page of a crèche's ranked waitlist: filters narrow the ranking, they never renumber it. */
export class WaitlistQuery {
  @ApiPropertyOptional({
    format: 'date',
    example: '2027-01-04',
    description: 'day the ranking is computed for; default today',
  })
  @IsOptional()
  @IsCivilDate()
  asOf?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (409 WAITLIST.CHANGED once the ranking moved)' })
  @IsOptional()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: WAITLIST_PAGE_MAX, default: 50 })
  @IsOptional()
  @Transform(wholeNumber)
  @IsInt()
  @Min(1)
  @Max(WAITLIST_PAGE_MAX)
  limit?: number;

  @ApiPropertyOptional({ enum: WAITLIST_STATUSES, description: 'only applications in this status' })
  @IsOptional()
  @IsIn(WAITLIST_STATUSES)
  status?: (typeof WAITLIST_STATUSES)[number];

  @ApiPropertyOptional({ type: Boolean, description: 'only the schedules that fit (true) or do not fit (false) now' })
  @IsOptional()
  @booleanString()
  @IsBoolean()
  fitsNow?: boolean;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only schedules with hours in the atypical hours' })
  @IsOptional()
  @booleanString()
  @IsBoolean()
  atypical?: boolean;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'true: only applications with a declared criterion not yet proved (verifiedScore below score)',
  })
  @IsOptional()
  @booleanString()
  @IsBoolean()
  toVerify?: boolean;

  @ApiPropertyOptional({
    type: Boolean,
    description:
      "true: the page also lists, in `families`, each entry's household as its manager needs it to call the family " +
      '(parents with their e-mails, the child, the schedule asked, fee declarations to review)',
  })
  @IsOptional()
  @booleanString()
  @IsBoolean()
  families?: boolean;
}
