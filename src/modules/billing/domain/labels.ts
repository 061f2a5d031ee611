import { Dec } from '../../fees/domain/decimal';

/** "8 mars 2027". */
export { frenchDate as frDate } from '../../../common/text/french-dates';

/** Hours with two decimals, French style ("101,00"). */
export function fmtHours(hours: Dec | string): string {
  return new Dec(hours).toFixed(2, Dec.ROUND_HALF_UP).replace('.', ',');
}
