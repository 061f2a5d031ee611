import type { ErrorCode } from './error-codes';

/**
 * An expected failure with a stable code. Services throw these (never HTTP exceptions); one filter maps the code
 * to a status. `message` may be shown to a parent, so it is written in French where a parent can meet it.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    // An expected outcome (a 404, a 409), identified by its code: capturing a stack would cost more than the answer.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'DomainError';
  }
}

/** A 400 that names each faulty field, in the same shape as the validation pipe's. */
export function invalidFields(details: readonly { field: string; errors: readonly string[] }[]): DomainError {
  const fields = [...new Set(details.map((d) => d.field))];
  return new DomainError('VALIDATION.FAILED', `Invalid fields: ${fields.join(', ')}`, details);
}
