import Decimal from 'decimal.js';

/**
 * Decimal arithmetic for money: 24 significant digits (euros below a billion times four-decimal rates need under
 * 16, so products are exact), half-up rounding (docs/rules.md §4: "rounded half-up to the cent"). Never use
 * JavaScript numbers for euros.
 */
export const Dec = Decimal.clone({ precision: 24, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof Dec>;
