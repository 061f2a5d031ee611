import { Dec } from '../../fees/domain/decimal';

/** An issued invoice's contract lines billed at a rate since replaced, as read (see BillingInputsReadModel). */
export interface RateChangedLines {
  readonly billedRate: string;
  readonly rateNow: string;
  readonly hours: string;
  readonly hoursCredited: string;
}

/**
 * What an invoice billed at a rate since replaced owes or was owed (docs/rules.md#r817-invoices-billed-at-a-rate-since-replaced):
 * the hours still billed on those lines (less those credit notes in hours took off) × (the rate billed − the rate now
 * in force), rounded half-up to the cent once. Above zero the household was billed too much, and a credit note of that
 * amount corrects it (`OVER_BILLED`); below zero, too little (`UNDER_BILLED`: an issued invoice never grows, the crèche
 * decides). The credit notes in euros already made on the invoice are given beside, not subtracted: they may correct
 * something else.
 */
export function rateDifference(r: RateChangedLines): { difference: string; direction: 'OVER_BILLED' | 'UNDER_BILLED' } {
  const hours = new Dec(r.hours).minus(r.hoursCredited);
  const difference = hours.times(new Dec(r.billedRate).minus(r.rateNow)).toDecimalPlaces(2, Dec.ROUND_HALF_UP);
  return { difference: difference.abs().toFixed(2), direction: difference.gte(0) ? 'OVER_BILLED' : 'UNDER_BILLED' };
}
