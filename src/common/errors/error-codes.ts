/**
 * Every stable error code Berceau returns, with its HTTP status. The record type makes the mapping exhaustive:
 * adding a code without a status does not compile.
 */
export const ERROR_STATUS = {
  'VALIDATION.FAILED': 400,
  'REQUEST.MALFORMED': 400,
  'REQUEST.TOO_LARGE': 413,
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': 415,
  'AUTH.UNAUTHENTICATED': 401,
  'AUTH.INVALID_CREDENTIALS': 401,
  'AUTH.FORBIDDEN': 403,
  'AUTH.TOO_MANY_ATTEMPTS': 429,
  'REQUEST.TOO_MANY': 429,
  'ROUTE.NOT_FOUND': 404,
  'USER.NOT_FOUND': 404,
  'USER.EMAIL_TAKEN': 409,
  'NOTICE.NOT_FOUND': 404,
  'SERVICE.UNAVAILABLE': 503,
  'INTERNAL': 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;
