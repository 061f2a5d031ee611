import { Dec } from '../../fees/domain/decimal';

export interface CertificateChild {
  readonly childId: string;
  readonly firstName: string;
  readonly birthDate: string;
  /** What the year's invoices billed for this child (its share of the household's payments). */
  readonly billed: string;
}

export interface CertifiedChild {
  readonly childId: string;
  readonly firstName: string;
  readonly birthDate: string;
  readonly amount: string;
}

/**
 * The yearly certificate of childcare costs paid (docs/rules.md#r810-yearly-certificate-of-childcare-costs): the
 * household's payments to the crèche dated in the year, shared among its children in proportion to what the year's
 * invoices billed for each, for the children under 6 on 1 January of the year, that is born in year − 6 or later (the
 * tax credit's condition, CGI art. 200 quater B). Each child's amount is rounded half-up to the cent once; an older child's share is left out.
 */
export function certifyYear(input: { year: number; paid: string; children: readonly CertificateChild[] }): {
  children: CertifiedChild[];
  total: string;
} {
  const billed = input.children.reduce((sum, c) => sum.plus(Dec.max(0, c.billed)), new Dec(0));
  const youngest = `${input.year - 6}-01-01`;
  const children = input.children
    .filter((c) => c.birthDate >= youngest)
    .map((c) => ({
      childId: c.childId,
      firstName: c.firstName,
      birthDate: c.birthDate,
      amount: billed.isZero()
        ? '0.00'
        : new Dec(input.paid).times(Dec.max(0, c.billed)).div(billed).toFixed(2, Dec.ROUND_HALF_UP),
    }));
  return { children, total: children.reduce((s, c) => s.plus(c.amount), new Dec(0)).toFixed(2) };
}
