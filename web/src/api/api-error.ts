/**
 * The API's error body (src/common/errors/error.filter.ts), apart from the client (which needs a browser's window) so
 * that plain functions and their unit specs can read it.
 */
export interface ApiError {
  readonly statusCode: number;
  readonly code: string;
  readonly message: string;
  /**
   * A 400's refused fields (a list: read them with `fieldErrorsOf`); a conflict's facts (an object: the months
   * invoiced, the contracts whose fee is being computed…), read by the page that knows that code.
   */
  readonly details?: unknown;
  readonly requestId?: string;
}

/** One field the API refused, with its reasons (in English: the pages word them in French). */
export interface ApiFieldError {
  readonly field: string;
  readonly errors: readonly string[];
}

export function isApiError(e: unknown): e is ApiError {
  return typeof e === 'object' && e !== null && typeof (e as ApiError).code === 'string';
}

/**
 * The fields an answer refused: none unless its details are a list of fields. A 409's details are an object, and a
 * page iterating them as fields broke (the Facturation page went blank on « participations en cours de recalcul »).
 */
export function fieldErrorsOf(e: unknown): readonly ApiFieldError[] {
  if (!isApiError(e) || !Array.isArray(e.details)) return [];
  return e.details.filter(
    (d): d is ApiFieldError =>
      typeof d === 'object' &&
      d !== null &&
      typeof (d as ApiFieldError).field === 'string' &&
      Array.isArray((d as ApiFieldError).errors),
  );
}
