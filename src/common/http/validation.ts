import { ValidationError, ValidationPipe } from '@nestjs/common';
import { invalidFields } from '../errors/domain-error';

export interface FieldError {
  readonly field: string;
  readonly errors: readonly string[];
}

/** Flattens class-validator's tree into `{ field: "schedule[0].from", errors: [...] }` entries. */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent === '' ? e.property : /^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`;
    const own = e.constraints ? [{ field, errors: Object.values(e.constraints) }] : [];
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

/** Whitelist, refuse unknown fields, transform to DTO classes; failures become VALIDATION.FAILED naming each field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => invalidFields(flattenValidationErrors(errors)),
  });
}
