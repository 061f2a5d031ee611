import Decimal from 'decimal.js';

/**
 * Decimal arithmetic for money: 40 significant digits, half-up rounding (DOMAIN.md §4: "rounded half-up to the
 * cent"). Never use JavaScript numbers for euros.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof Dec>;

export function cents(x: Dec): Dec {
  return x.toDecimalPlaces(2, Dec.ROUND_HALF_UP);
}
