import { Dec } from '../../fees/domain/decimal';

/** An issued invoice as its lateness is judged: its total, when it was issued, the day it was to be paid by. */
export interface DueInvoice {
  readonly total: string;
  readonly issuedAt: Date;
  readonly number: number;
  /** Null: the crèche had set no delay when it was issued (docs/rules.md R8.13): never late. */
  readonly dueOn: string | null;
}

export interface Overdue {
  /** What is still unpaid of invoices whose due date has passed, "0.00" when nothing. */
  readonly overdue: string;
  /** The due date of the oldest of them, or null. */
  readonly overdueSince: string | null;
}

/**
 * What a household pays late at a crèche (docs/rules.md R8.14): what it paid and was credited settles its invoices in
 * the order they were issued, oldest first, as a crèche's accounts do; the part of an invoice left unsettled after its
 * due date (the day after it) is late. Exact: decimals, nothing rounded (the totals are already in cents).
 */
export function overdueOf(invoices: readonly DueInvoice[], credited: string, paid: string, today: string): Overdue {
  let overdue = new Dec(0);
  let since: string | null = null;
  for (const { invoice, unsettled } of lateOf(invoices, credited, paid, today)) {
    overdue = overdue.plus(unsettled);
    if (since === null || invoice.dueOn < since) since = invoice.dueOn;
  }
  return { overdue: overdue.toFixed(2), overdueSince: since };
}

/** The invoices paid late (R8.14), oldest first, each with what is left of it: the parts `overdueOf` adds up. */
export function lateOf<T extends DueInvoice>(
  invoices: readonly T[],
  credited: string,
  paid: string,
  today: string,
): { invoice: T & { dueOn: string }; unsettled: string }[] {
  return settlementOf(invoices, credited, paid).filter(
    (s): s is { invoice: T & { dueOn: string }; unsettled: string } =>
      !new Dec(s.unsettled).isZero() && s.invoice.dueOn !== null && s.invoice.dueOn < today,
  );
}

/**
 * Each invoice with what is left to pay of it once what the household paid and was credited settles its invoices in
 * the order they were issued, oldest first ("0.00": settled).
 */
export function settlementOf<T extends Omit<DueInvoice, 'dueOn'>>(
  invoices: readonly T[],
  credited: string,
  paid: string,
): { invoice: T; unsettled: string }[] {
  // Credit notes are negative: they settle as payments do.
  let settled = new Dec(paid).minus(credited);
  const inOrder = [...invoices].sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime() || a.number - b.number);
  return inOrder.map((invoice) => {
    const total = new Dec(invoice.total);
    const unsettled = Dec.max(0, total.minus(Dec.max(0, settled)));
    settled = settled.minus(total);
    return { invoice, unsettled: unsettled.toFixed(2) };
  });
}
