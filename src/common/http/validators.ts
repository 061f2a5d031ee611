import { applyDecorators, ParseUUIDPipe } from '@nestjs/common';
import { invalidFields } from '../errors/domain-error';
import { IsISO8601, Matches, registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

const TIME_5MIN = /^(([01]\d|2[0-3]):[0-5][05]|24:00)$/;

/** "HH:MM" on a 5-minute grid; "24:00" is accepted as an end of day. */
export function IsTimeOfDay(): PropertyDecorator {
  return Matches(TIME_5MIN, { message: '$property must be a time "HH:MM" on a 5-minute grid (00:00 to 24:00)' });
}

/** A civil date "YYYY-MM-DD" that exists in the calendar. */
export function IsCivilDate(): PropertyDecorator {
  return applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' }),
    IsISO8601({ strict: true }, { message: '$property must be a real calendar date' }),
  );
}

/** This value must sort strictly before the sibling property (times "HH:MM", dates "YYYY-MM-DD"). */
export function IsBefore(sibling: string, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isBefore',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [sibling],
      options: { message: `$property must be before ${sibling}`, ...options },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const other = (args.object as Record<string, unknown>)[args.constraints[0] as string];
          return typeof value !== 'string' || typeof other !== 'string' || value < other;
        },
      },
    });
}

/** Same as IsBefore but allows equality (date ranges where from may equal to). */
export function IsNotAfter(sibling: string): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNotAfter',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [sibling],
      options: { message: `$property must not be after ${sibling}` },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const other = (args.object as Record<string, unknown>)[args.constraints[0] as string];
          return typeof value !== 'string' || typeof other !== 'string' || value <= other;
        },
      },
    });
}

/** A UUID route parameter; anything else is a 400 naming the parameter. */
export function uuidParam(name = 'id', opts: { optional?: boolean } = {}) {
  return new ParseUUIDPipe({
    optional: opts.optional,
    exceptionFactory: () => invalidFields([{ field: name, errors: [`${name} must be a UUID`] }]),
  });
}
