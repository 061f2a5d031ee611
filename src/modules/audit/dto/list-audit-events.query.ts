import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsUuid, wholeNumber } from '../../../common/http/validators';
import { Transform } from 'class-transformer';
import { IsInt, IsISO8601, IsNumberString, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class ListAuditEventsQuery {
  @ApiPropertyOptional({ example: 'auth.login_failed' })
  @IsOptional()
  @IsString()
  action?: string;

  @ApiPropertyOptional({ example: 'user' })
  @IsOptional()
  @IsString()
  subjectType?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsString()
  subjectId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUuid()
  actorUserId?: string;

  // A role's code as written in the log (the audit module depends on no other: no import of the roles' list).
  @ApiPropertyOptional({ example: 'MANAGER', pattern: '^[A-Z_]{1,40}$', description: "the actor's role when acting" })
  @IsOptional()
  @Matches(/^[A-Z_]{1,40}$/, { message: 'actorRole must be a role code such as MANAGER' })
  actorRole?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'inclusive, ISO 8601' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be a real date or date-time (ISO 8601)' })
  // ISO 8601 also has week and ordinal dates ("2027-W00" passed and reached PostgreSQL as a 500): calendar only.
  @Matches(/^20\d\d-\d\d-\d\d(?:$|T)/, {
    message: 'from must be a calendar date (YYYY-MM-DD) or date-time in the years 2000 to 2099',
  })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'exclusive, ISO 8601' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be a real date or date-time (ISO 8601)' })
  // ISO 8601 also has week and ordinal dates ("2027-W00" passed and reached PostgreSQL as a 500): calendar only.
  @Matches(/^20\d\d-\d\d-\d\d(?:$|T)/, {
    message: 'to must be a calendar date (YYYY-MM-DD) or date-time in the years 2000 to 2099',
  })
  to?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsNumberString({ no_symbols: true })
  // An audit event id is a bigint: at most 18 digits (anything longer is a 400, not a database overflow).
  @MaxLength(18)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Transform(wholeNumber)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
