import { plainBodyOf } from '../../../common/http/validation';
import { civilDateProblems } from '../../../common/http/validators';
import { CARE_TYPES } from '../domain/fee-scale';
import { EUROS, HOURS, QuoteDto } from './quote.dto';

/** The fields of the weeks form, the simulator's usual body. */
const WEEKS_FORM_FIELDS = new Set([
  'date',
  'careType',
  'monthlyResources',
  'resourcesRefused',
  'dependentChildren',
  'aeehChildren',
  'asePlacement',
  'hoursPerWeek',
  'weeksPerYear',
  'billedMonths',
]);

const intIn = (v: unknown, min: number, max: number) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/**
 * The quote body of the weeks form when every field is plainly valid, as a QuoteDto; otherwise null, and the
 * validation pipe (class-validator) decides and words the errors. Accepts only what QuoteDto's decorators accept.
 */
export function quickQuoteDto(body: unknown): QuoteDto | null {
  const b = plainBodyOf(body, WEEKS_FORM_FIELDS);
  if (!b) return null;
  if (typeof b.date !== 'string' || civilDateProblems('date', b.date).length) return null;
  if (!(CARE_TYPES as readonly unknown[]).includes(b.careType)) return null;
  if (b.monthlyResources !== undefined && !(typeof b.monthlyResources === 'string' && EUROS.test(b.monthlyResources)))
    return null;
  if (b.resourcesRefused !== undefined && typeof b.resourcesRefused !== 'boolean') return null;
  if (!intIn(b.dependentChildren, 1, 20)) return null;
  if (b.aeehChildren !== undefined && !intIn(b.aeehChildren, 0, b.dependentChildren as number)) return null;
  if (b.asePlacement !== undefined && typeof b.asePlacement !== 'boolean') return null;
  const hours = b.hoursPerWeek;
  if (!(typeof hours === 'string' && HOURS.test(hours) && Number(hours) > 0 && Number(hours) <= 168)) return null;
  if (!intIn(b.weeksPerYear, 1, 52)) return null;
  if (b.billedMonths !== undefined && !intIn(b.billedMonths, 1, 12)) return null;
  return Object.assign(new QuoteDto(), b);
}
