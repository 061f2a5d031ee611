import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ERROR_STATUS, type ErrorCode } from '../errors/error-codes';

/** One invalid field of a 400 `VALIDATION.FAILED`, with what is wrong with it. */
export class FieldErrorDto {
  @ApiProperty({ example: 'desiredStartDate' }) field!: string;
  @ApiProperty({ type: [String], example: ['must be a calendar date (YYYY-MM-DD)'] }) errors!: string[];
}

/** The body of every error response (src/common/errors/error.filter.ts). */
@ApiExtraModels(FieldErrorDto)
export class ErrorResponseDto {
  @ApiProperty({ example: 404, description: 'the HTTP status, repeated' }) statusCode!: number;
  @ApiProperty({
    enum: Object.keys(ERROR_STATUS),
    enumName: 'ErrorCode',
    example: 'CRECHE.NOT_FOUND',
    description: 'stable code, to branch on (see src/common/errors/error-codes.ts)',
  })
  code!: ErrorCode;
  @ApiProperty({ example: 'Crèche introuvable.' }) message!: string;
  @ApiPropertyOptional({
    description:
      'VALIDATION.FAILED: the invalid fields; otherwise an object when the code has more to say (a 429: `{ retryAfterSeconds }`)',
    oneOf: [
      { type: 'array', items: { $ref: getSchemaPath(FieldErrorDto) } },
      { type: 'object', additionalProperties: true },
    ],
  })
  details?: FieldErrorDto[] | Record<string, unknown>;
  @ApiProperty({ format: 'uuid', description: 'also sent as the `x-request-id` header' }) requestId!: string;
}

/** The error statuses an operation may declare (each with its meaning for the reader of the docs). */
export const ERROR_DESCRIPTIONS = {
  400: 'Invalid input: a field, a path or query parameter (VALIDATION.FAILED names the fields), or a malformed body',
  401: 'Missing, invalid or revoked bearer token',
  403: 'The caller may not do this (role, permission, or a resource they do not see)',
  404: 'The resource named in the path does not exist (or is not visible to the caller)',
  409: 'Conflicts with the current state (the code says why)',
  413: 'The request body or uploaded file is too large',
  415: 'Unsupported media type',
  422: 'Cannot be computed as asked (the code says why)',
  429: 'Too many requests: retry after the `Retry-After` header',
} as const;
export type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/**
 * Declares error responses with the shared error body. On a controller class, they apply to every route of it;
 * on a route, they add to the class's. `ApiErrors(404, 409)`.
 */
export function ApiErrors(...statuses: ErrorStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: ERROR_DESCRIPTIONS[status], type: ErrorResponseDto }),
    ),
  );
}

/** An authenticated route: bearer token, 401 without a valid one, 403 when not allowed. */
export const AUTHENTICATED_ERRORS = [401, 403] as const satisfies readonly ErrorStatus[];

/**
 * A 200 whose body is not JSON (a CSV, an SVG, an HTML page, an uploaded proof): its media types with a string schema
 * (`binary` for files), while the route's error responses stay JSON. Use instead of `@ApiProduces`, which would also
 * move the error bodies under these media types.
 */
export function ApiOkContent(
  description: string,
  mediaTypes: readonly string[],
  opts: { binary?: boolean } = {},
): MethodDecorator & ClassDecorator {
  const schema = opts.binary ? { type: 'string' as const, format: 'binary' } : { type: 'string' as const };
  return ApiResponse({
    status: 200,
    description,
    content: Object.fromEntries(mediaTypes.map((type) => [type, { schema }])),
  });
}
