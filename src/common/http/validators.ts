import { applyDecorators, ArgumentMetadata, ParseUUIDPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { invalidFields } from '../errors/domain-error';
import {
  buildMessage,
  isISO8601,
  IsISO8601,
  IsUUID,
  Matches,
  registerDecorator,
  ValidateBy,
  ValidateIf,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import { CALENDAR_YEARS } from '../time/horizons';

const TIME_5MIN = /^(([01]\d|2[0-3]):[0-5][05]|24:00)$/;

/**
 * One line of text: no control character, no line or paragraph separator. A person's name (a line break would write
 * the greeting of an e-mail sent from the platform as its sender wishes; a NUL cannot be stored), a reason a family
 * reads in a sentence.
 */
export function IsOneLine(): PropertyDecorator {
  return Matches(/^[^\p{Cc}\p{Zl}\p{Zp}]*$/u, {
    message: '$property must not contain line breaks or control characters',
  });
}

/**
 * Something a mail client would turn into a link: a scheme ("https://", "mailto:" is not one of them), "www.", or a
 * domain with a common top-level domain ("exemple.fr", "paiement-creche.com").
 */
const WEB_ADDRESS =
  /[a-z][a-z0-9+.-]*:\/\/|\bwww\.|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:fr|com|net|org|eu|info|io|co|me|ly|be|ch|biz|xyz|app|link|site|online|top|shop|click)\b/iu;

/**
 * No web address in a text a manager writes and families read in an e-mail (a credit note's reason, a payment's
 * cancellation): their mail client would make it a link, and the e-mail comes from the crèche's own platform — the
 * words of a stolen manager's account would send families to pay elsewhere. Payment details belong in the crèche's
 * payment terms, which only its settings change.
 */
export function IsWithoutWebAddress(): PropertyDecorator {
  return ValidateBy({
    name: 'isWithoutWebAddress',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !WEB_ADDRESS.test(value),
      defaultMessage: buildMessage((prefix) => `${prefix}$property must not contain a web address`),
    },
  });
}

/**
 * A person's name as families and staff read it on lists, invoices and e-mails: one line (IsOneLine), no invisible
 * format character (U+202E turns the rest of a line around, U+200B hides inside a name: `\p{Cf}`, but for the
 * zero-width non-joiner Persian spelling needs), and no character a compatibility form stands for (mathematical
 * letters, full-width ones: they read as other letters and search does not find them). Accented letters typed
 * decomposed are welcome. Typographic spaces and hyphens pasted from a document are made plain first (personName).
 */
export function isPersonName(value: string): boolean {
  return (
    /^[^\p{Cc}\p{Zl}\p{Zp}]*$/u.test(value) &&
    /^(?:[^\p{Cf}]|\u200C)*$/u.test(value) &&
    value.normalize('NFKC') === value.normalize('NFC')
  );
}

/**
 * A name as typed or pasted (a Caf letter, a word processor): no-break, narrow, thin and other typographic spaces
 * become spaces, the hyphen and non-breaking hyphen "-", soft hyphens go; then trimmed. Not a string: left as is.
 */
export const personName = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .replace(/[\u00A0\u2000-\u200A\u202F\u205F]/g, ' ')
        .replace(/[\u2010\u2011]/g, '-')
        .replace(/\u00AD/g, '')
        .trim()
    : value;

export function IsPersonName(): PropertyDecorator {
  return ValidateBy({
    name: 'isPersonName',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isPersonName(value),
      defaultMessage: buildMessage(
        (each) => `${each}$property must be a name on one line, without invisible or look-alike characters`,
      ),
    },
  });
}

/**
 * A query's whole number as typed ("2027", "-3"): any other text ("0x7ea", "1e3", " 2027", a repeated parameter's
 * array) is left as is for @IsInt to refuse, naming the field, where Number() read "0x7ea" as 2026.
 */
export const wholeNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d{1,9}$/.test(value) ? Number(value) : value;

/** Trims a text field before it is validated (a blank one then fails its length). */
export const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** What `IsTimeOfDay` accepts, for a quick check of a hot route's body (common/http/validation.ts). */
export function isTimeOfDay(value: unknown): value is string {
  return typeof value === 'string' && TIME_5MIN.test(value);
}

/** "HH:MM" on a 5-minute grid; "24:00" is accepted as an end of day. */
export function IsTimeOfDay(): PropertyDecorator {
  return Matches(TIME_5MIN, { message: '$property must be a time "HH:MM" on a 5-minute grid (00:00 to 24:00)' });
}

/** A civil date "YYYY-MM-DD" that exists in the calendar, within Berceau's years (common/time/horizons.ts). */
export function IsCivilDate(): PropertyDecorator {
  return applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' }),
    IsISO8601({ strict: true }, { message: '$property must be a real calendar date' }),
    Matches(YEARS, { message: `$property must fall in the years ${CALENDAR_YEARS.from} to ${CALENDAR_YEARS.to}` }),
  );
}

/** Years CALENDAR_YEARS.from to .to (2000–2099) at the start of a date or ISO week. */
const YEARS = /^20\d\d-/;

/**
 * Whether a YYYY-MM-DD string names a day of the Gregorian calendar: the answer of `isISO8601(value, { strict:
 * true })` for these strings, without its regular expressions and Date object (a spec compares both).
 */
export function isRealDay(value: string): boolean {
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days;
}

/** The problems of an optional date query parameter (a 400 names it): format, real date, Berceau's years. */
export function civilDateProblems(field: string, value: string | undefined): { field: string; errors: string[] }[] {
  if (value === undefined) return [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return [{ field, errors: [`${field} must be a date YYYY-MM-DD`] }];
  const inYears = YEARS.test(value);
  if (!(inYears ? isRealDay(value) : isISO8601(value, { strict: true })))
    return [{ field, errors: [`${field} must be a real calendar date`] }];
  if (!inYears)
    return [{ field, errors: [`${field} must fall in the years ${CALENDAR_YEARS.from} to ${CALENDAR_YEARS.to}`] }];
  return [];
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
  return new LowerCaseUuidPipe({
    optional: opts.optional,
    exceptionFactory: () => invalidFields([{ field: name, errors: [`${name} must be a UUID`] }]),
  });
}

/**
 * A UUID is one value whatever the case of its hex digits, and PostgreSQL answers it in lower case: ids are lower-cased
 * as they come in, so that comparing an id of the path with one read back, or with one of the body, never tells two
 * spellings of one id apart (an id in capitals made a 500, and let a household name itself as another).
 */
class LowerCaseUuidPipe extends ParseUUIDPipe {
  override async transform(value: string, metadata: ArgumentMetadata): Promise<string> {
    const checked: unknown = await super.transform(value, metadata);
    return typeof checked === 'string' ? checked.toLowerCase() : (checked as string);
  }
}

const lowerCased = (value: unknown): unknown =>
  typeof value === 'string' ? value.toLowerCase() : Array.isArray(value) ? value.map(lowerCased) : value;

/** A body or query field holding a UUID (or, with `each`, UUIDs): validated as class-validator's, then lower-cased. */
export function IsUuid(...args: Parameters<typeof IsUUID>): PropertyDecorator {
  return applyDecorators(
    IsUUID(...args),
    Transform(({ value }) => lowerCased(value)),
  );
}

/**
 * An optional field that, when present, must be a real value: `null` is validated (and refused by the field's other
 * rules) instead of passing as absent, as class-validator's IsOptional lets it (issue #13: a null commune made a
 * contract without fee inputs). Fields where null means something (no override) keep IsOptional.
 */
export function IsOptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}
