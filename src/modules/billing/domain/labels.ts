import { Dec } from '../../fees/domain/decimal';

/** "8 mars 2027". */
export function frDate(iso: string): string {
  const months = [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ];
  return `${Number(iso.slice(8, 10))} ${months[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
}

/** Hours with two decimals, French style ("101,00"). */
export function fmtHours(hours: Dec | string): string {
  return new Dec(hours).toFixed(2, Dec.ROUND_HALF_UP).replace('.', ',');
}
