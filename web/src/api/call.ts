import { isApiError, type ApiError } from './client';

/** What openapi-fetch resolves to: the body on success, the error body otherwise. */
interface FetchResult<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

/** A failure the app can explain: the API's error body, or a network failure (statusCode 0). */
export type CallError = ApiError;

/**
 * Resolves an API call to its body or throws its error body, so TanStack Query's `error` is always an `ApiError`
 * (a network failure becomes `{ statusCode: 0, code: 'NETWORK' }`) and pages map it to French with errors-fr.ts.
 */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch {
    throw { statusCode: 0, code: 'NETWORK', message: 'network failure' } satisfies ApiError;
  }
  if (result.error !== undefined || !result.response.ok) {
    throw isApiError(result.error)
      ? result.error
      : ({ statusCode: result.response.status, code: 'UNEXPECTED', message: 'unexpected response' } satisfies ApiError);
  }
  return result.data as T;
}
