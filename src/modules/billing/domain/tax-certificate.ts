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

/** One invoice of a household at a crèche: its month, total, its credit notes (≤ 0) and what it billed each child. */
export interface BilledInvoice {
  /** "2027-03". */
  readonly month: string;
  readonly total: string;
  /** The sum of the credit notes on it, ≤ 0. */
  readonly credited: string;
  /** What its lines billed for each child, net of the credit notes in hours naming it (a sum may be ≤ 0: a regularisation). */
  readonly children: readonly { childId: string; amount: string }[];
}

/**
 * What a year's payments paid for each child. Payments settle the household's invoices at the crèche oldest first, as
 * a crèche's accounts do: what was paid before the year, and what invoices below zero gave back (a regularisation),
 * settle the first ones; the year's payments the next, each invoice shared among its children by what it billed for
 * each (a credit note lowers what is due on its invoice). What the year paid beyond every invoice up to its December
 * (an advance) goes to the children by what the year's invoices billed for them; an advance in a year that billed no
 * one is certified for no one (the care it pays for is not billed yet). So a December invoice paid in January counts
 * for its child, not for a brother billed alone in the new year. One invoice a month (the month orders them). Not
 * rounded: `certifyYear` rounds each child's amount once.
 */
export function paidForChildren(input: {
  year: number;
  invoices: readonly BilledInvoice[];
  paidBefore: string;
  paidInYear: string;
}): Map<string, Dec> {
  const end = `${input.year + 1}-01`;
  const invoices = input.invoices.filter((i) => i.month < end).sort((a, b) => a.month.localeCompare(b.month));
  const out = new Map<string, Dec>();
  const add = (weights: readonly { childId: string; amount: string }[], amount: Dec) => {
    const positive = weights.map((w) => ({ childId: w.childId, weight: Dec.max(0, w.amount) }));
    const sum = positive.reduce((s, w) => s.plus(w.weight), new Dec(0));
    if (sum.isZero() || amount.isZero()) return;
    for (const w of positive)
      out.set(w.childId, (out.get(w.childId) ?? new Dec(0)).plus(amount.times(w.weight).div(sum)));
  };
  const dues = invoices.map((i) => ({ children: i.children, due: new Dec(i.total).plus(i.credited) }));
  let settled = dues.reduce((sum, d) => (d.due.lt(0) ? sum.plus(d.due.negated()) : sum), Dec.max(0, input.paidBefore));
  let inYear = Dec.max(0, input.paidInYear);
  for (const invoice of dues.filter((d) => d.due.gt(0))) {
    const before = Dec.min(settled, invoice.due);
    settled = settled.minus(before);
    // Settled either way: what an invoice naming no child billed is certified for no other child.
    const fromYear = Dec.min(inYear, invoice.due.minus(before));
    add(invoice.children, fromYear);
    inYear = inYear.minus(fromYear);
  }
  if (inYear.gt(0))
    add(
      invoices.filter((i) => i.month >= `${input.year}-01`).flatMap((i) => i.children),
      inYear,
    );
  return out;
}
