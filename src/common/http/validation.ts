import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, invalidFields } from '../errors/domain-error';

export interface FieldError {
  readonly field: string;
  readonly errors: readonly string[];
}

/** Flattens class-validator's tree into `{ field: "schedule[0].from", errors: [...] }` entries. */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field =
      parent === '' ? e.property : /^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`;
    const own = e.constraints ? [{ field, errors: Object.values(e.constraints) }] : [];
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

/** No request of Berceau nests deeper than this; deeper JSON would overflow the stack of the transformers. */
export const MAX_JSON_DEPTH = 32;

/** Depth of a parsed JSON value, walked iteratively (a recursive walk would overflow on the very input it guards). */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * A quick check of a request body for a hot route: returns the DTO when the body is plainly valid, or null to leave
 * the decision (and the wording of every error) to class-validator. It must accept only what the DTO's decorators
 * accept, and build what the pipe would (a spec per check compares both on many bodies).
 */
export type FastBodyCheck<T> = (body: unknown) => T | null;

/**
 * The body as a record when it is a plain object, as JSON.parse makes (of whatever realm: the tests' is not the
 * app's), with no field but `fields`; otherwise null. The start of every quick check.
 */
export function plainBodyOf(body: unknown, fields: ReadonlySet<string>): Record<string, unknown> | null {
  if (typeof body !== 'object' || body === null) return null;
  const proto = Object.getPrototypeOf(body) as object | null;
  if (proto === null || Object.getPrototypeOf(proto) !== null) return null;
  const b = body as Record<string, unknown>;
  for (const key in b) if (!fields.has(key)) return null;
  return b;
}
const FAST_BODY_CHECKS = new Map<unknown, FastBodyCheck<unknown>>();

/** Registers the quick check of a DTO class (class-transformer and class-validator cost most of a small route). */
export function registerFastBodyCheck<T>(dto: new () => T, check: FastBodyCheck<T>): void {
  FAST_BODY_CHECKS.set(dto, check);
}

/** The validation pipe, refusing too deeply nested bodies and queries first (400 REQUEST.TOO_DEEP, not a 500). */
class BerceauValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      const quick = FAST_BODY_CHECKS.get(metadata.metatype)?.(value);
      if (quick) return quick;
    }
    if (jsonDepth(value) > MAX_JSON_DEPTH)
      throw new DomainError('REQUEST.TOO_DEEP', `The request nests deeper than ${MAX_JSON_DEPTH} levels.`);
    return super.transform(value, metadata);
  }
}

/** Whitelist, refuse unknown fields, transform to DTO classes; failures become VALIDATION.FAILED naming each field. */
export function createValidationPipe(): ValidationPipe {
  return new BerceauValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => invalidFields(flattenValidationErrors(errors)),
  });
}
