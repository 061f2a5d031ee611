/**
 * The API's error body (src/common/errors/error.filter.ts), apart from the client (which needs a browser's window) so
 * that plain functions and their unit specs can read it.
 */
export interface ApiError {
  readonly statusCode: number;
  readonly code: string;
  readonly message: string;
  readonly details?: readonly { readonly field: string; readonly errors: readonly string[] }[];
  readonly requestId?: string;
}

export function isApiError(e: unknown): e is ApiError {
  return typeof e === 'object' && e !== null && typeof (e as ApiError).code === 'string';
}
