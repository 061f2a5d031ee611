/**
 * The words and figures of the Facturation page (issue #19), pure so they are unit-tested: months and amounts in
 * French, hours, an invoice's status from the credit notes that correct it, a household's balance, the amounts a
 * manager types ("15,50") as the API's decimal strings ("15.50").
 */

/** "2027-03" → "mars 2027". */
export { frenchMonth as monthFr, ofFrenchMonth as ofMonthFr } from '../../../../../src/common/text/french-dates';
import { frenchDate } from '../../../../../src/common/text/french-dates';

/** The month before that of `today` ("2027-01-15" → "2026-12"): the last month that can be invoiced. */
export function previousMonth(today: string): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The `count` months up to that of `today`, newest first ("2027-01-15", 3 → 2027-01, 2026-12, 2026-11). */
export function recentMonths(today: string, count: number): string[] {
  const out = [today.slice(0, 7)];
  while (out.length < count) out.push(previousMonth(`${out[out.length - 1]}-01`));
  return out;
}

const EUROS = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
/** Intl writes narrow no-break spaces (U+202F) and no-break spaces: one kind, so texts compare and wrap alike. */
const spaces = (s: string) => s.replace(/[\u202f\u00a0]/g, '\u00a0');

/** "1234.5" → "1 234,50 €" (no-break spaces); the API's amounts are decimal strings. */
export function eurosFr(amount: string): string {
  return spaces(EUROS.format(Number(amount)));
}

/** A decimal string of hours → "101 h" or "12,5 h" (two decimals at most). */
export function hoursFr(hours: string, maximumFractionDigits = 2): string {
  const n = Number(hours);
  return `${spaces(new Intl.NumberFormat('fr-FR', { maximumFractionDigits }).format(n))}\u00a0h`;
}

/** A line's hours as stored (up to four decimals): hours × rate then gives the line's amount to the cent. */
export const lineHoursFr = (hours: string): string => hoursFr(hours, 4);

/** Minutes attended → decimal hours beside the hours billed: 8 055 min → "134,25 h". */
export const attendedHoursFr = (minutes: number): string => hoursFr(String(minutes / 60));

/** Minutes → "130 h 40" ("0 h" when none, "8 h" on the hour). */
export function minutesFr(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h}\u00a0h\u00a0${String(m).padStart(2, '0')}` : `${h}\u00a0h`;
}

/** A percentage of the activity report (null when nothing to divide by). */
export function percentFr(value: number | null): string {
  if (value === null) return '—';
  return `${spaces(new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(value))}\u00a0%`;
}

/** What the month's list says of one document. */
export interface BillingDocument {
  readonly id: string;
  readonly kind: string;
  readonly reference: string;
  readonly total: string;
  readonly creditedInvoiceId: string | null;
}

/** Exact cents of a decimal string (amounts have two decimals at most). */
export function cents(amount: string): number {
  const negative = amount.trim().startsWith('-');
  const [whole, frac = ''] = amount.trim().replace(/^[-+]/, '').split('.');
  const value = Number(whole) * 100 + Number(frac.padEnd(2, '0').slice(0, 2));
  return negative ? -value : value;
}

/** Cents → the API's decimal string ("-1500" → "-15.00"). */
export function fromCents(value: number): string {
  const abs = Math.abs(value);
  return `${value < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** What is left to credit on an invoice: its total plus the credit notes (negative) that correct it. */
export function leftToCredit(invoice: BillingDocument, documents: readonly BillingDocument[]): string {
  const credited = documents
    .filter((d) => d.kind === 'CREDIT_NOTE' && d.creditedInvoiceId === invoice.id)
    .reduce((sum, d) => sum + cents(d.total), 0);
  return fromCents(cents(invoice.total) + credited);
}

/** An invoice's status from the credit notes of the list, or what a credit note corrects. */
export function statusFr(doc: BillingDocument, documents: readonly BillingDocument[]): string {
  if (doc.kind === 'CREDIT_NOTE') {
    const corrected = documents.find((d) => d.id === doc.creditedInvoiceId);
    return corrected ? `Avoir sur la facture n°\u00a0${corrected.reference}` : 'Avoir';
  }
  const left = cents(leftToCredit(doc, documents));
  const total = cents(doc.total);
  if (left === total) return 'Émise';
  if (left <= 0) return 'Annulée par avoir';
  return `Avoir partiel de ${eurosFr(fromCents(total - left))}`;
}

/** A household's balance in words: what it owes, nothing, or what it overpaid. */
export function balanceFr(balance: string): string {
  const c = cents(balance);
  if (c === 0) return 'Soldé';
  if (c > 0) return `${eurosFr(balance)} dû`;
  return `Trop-perçu de ${eurosFr(fromCents(-c))}`;
}

/** ", dont 20,00 € en retard depuis le 16 février 2027" after a balance; nothing when nothing is late (R8.14). */
export function overdueFr(b: { overdue: string; overdueSince: string | null }): string {
  if (cents(b.overdue) <= 0 || !b.overdueSince) return '';
  return `, dont ${eurosFr(b.overdue)} en retard depuis le ${frenchDate(b.overdueSince)}`;
}

/**
 * An amount typed by a manager ("15", "15,5", "1 234,56 €", "15.50") as the API's decimal string ("15.50"); null when
 * it is not an amount in euros with at most two decimals.
 */
export function parseEuros(input: string): string | null {
  const text = input.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  const m = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  return `${Number(m[1])}.${(m[2] ?? '').padEnd(2, '0')}`;
}

/**
 * Why an amount typed by the staff is refused, in French, or null when it is a positive amount to the cent: a third
 * decimal is said as such (« 12,345 » is not « zéro »).
 */
export function amountProblemFr(input: string, example: string): string | null {
  const value = parseEuros(input);
  if (value !== null && cents(value) > 0) return null;
  if (/^\s*\d+[.,]\d{3,}\s*€?\s*$/.test(input))
    return `Indiquez le montant au centime près : deux chiffres après la virgule au plus, par exemple ${example}.`;
  return `Indiquez un montant en euros supérieur à zéro, par exemple ${example}.`;
}

/** Payment methods as the staff say them (the API's codes). */
export const PAYMENT_METHODS = [
  { value: 'TRANSFER', label: 'Virement' },
  { value: 'DIRECT_DEBIT', label: 'Prélèvement' },
  { value: 'CHEQUE', label: 'Chèque' },
  { value: 'CASH', label: 'Espèces' },
  { value: 'CESU', label: 'CESU' },
  { value: 'CARD', label: 'Carte bancaire' },
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number]['value'];

/** A household as the staff name it: its parents, else its children, else a neutral word. */
export function householdFr(h: { parents: readonly string[]; children: readonly string[] } | undefined): string {
  if (!h) return 'Foyer';
  if (h.parents.length) return h.parents.join(' et ');
  if (h.children.length) return `Foyer de ${h.children.join(', ')}`;
  return 'Foyer effacé';
}

/**
 * Hours typed by a manager ("14", "14,5", "14,25 h") as the API's decimal string ("14.00"); null when not hours in
 * decimals: "1h30" is refused, not read as 130.
 */
export function parseHours(input: string): string | null {
  const text = input
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/h$/i, '')
    .replace(',', '.');
  const m = /^(\d{1,4})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  return `${Number(m[1])}.${(m[2] ?? '').padEnd(2, '0')}`;
}

/** Ten-thousandths of an hour of a decimal string (lines store four decimals), exact. */
function tenThousandths(hours: string): number {
  const negative = hours.trim().startsWith('-');
  const [whole, frac = ''] = hours.trim().replace(/^[-+]/, '').split('.');
  const value = Number(whole) * 10_000 + Number(frac.padEnd(4, '0').slice(0, 4));
  return negative ? -value : value;
}

/** A line of an invoice as the credit note in hours sees it (R8.16). */
export interface CreditableLine {
  readonly position: number;
  readonly kind: string;
  readonly childId: string | null;
  readonly label: string;
  readonly hours: string;
  readonly hourlyRate: string | null;
  readonly hoursCredited: string | null;
}

/**
 * The lines hours can be taken off (a child's hours at a rate: not a deduction nor a credit), with the hours left on
 * each once earlier credit notes took theirs, as the API decides (docs/rules.md R8.16).
 */
export function creditableLines<L extends CreditableLine>(lines: readonly L[]): (L & { left: string })[] {
  return (
    lines
      .filter((l) => l.kind !== 'CREDIT' && l.childId && l.hourlyRate !== null && tenThousandths(l.hours) > 0)
      .map((l) => {
        const left = tenThousandths(l.hours) - tenThousandths(l.hoursCredited ?? '0');
        return { ...l, left: `${Math.floor(left / 10_000)}.${String(left % 10_000).padStart(4, '0')}` };
      })
      // What a line keeps below a hundredth of an hour (lines store four decimals) cannot be asked for.
      .filter((l) => tenThousandths(l.left) >= 100)
  );
}

/** Whether typed hours ("14.00") fit in what is left on a line ("112.0000"). */
export const hoursFitIn = (hours: string, left: string): boolean => tenThousandths(hours) <= tenThousandths(left);

/**
 * Cents a credit line takes off for hours at a rate, as the API prices it (R8.16): what the line lost in all is its
 * hours credited at its rate rounded half-up once, so this is the price of the hours credited so far (`already`) and
 * these, less that of the earlier ones.
 */
export function creditCents(hours: string, rate: string, already = '0'): number {
  const price = (tenK: number) => Math.floor((tenK * cents(rate) + 5_000) / 10_000);
  return price(tenThousandths(already) + tenThousandths(hours)) - price(tenThousandths(already));
}
