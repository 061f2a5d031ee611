import { Dec } from '../../fees/domain/decimal';
import { dayOf, isoOf } from '../../../common/time/calendar';
import { civilDateOf } from '../../../common/time/clock';

/** "mars 2027" for "2027-03". */
export { frenchMonth as monthNameFr } from '../../../common/text/french-dates';

/** The document's number as printed: six digits of the crèche's sequence ("000042"). */
export function documentNumber(n: number): string {
  return String(n).padStart(6, '0');
}

/**
 * The day an invoice is to be paid by: its day of issue in France plus the crèche's delay, kept on the invoice when
 * it was issued (docs/rules.md R8.13). Null when the crèche had set none, and on a credit note.
 */
export function dueDateOf(issuedAt: Date, dueDays: number | null): string | null {
  return dueDays === null ? null : isoOf(dayOf(civilDateOf(issuedAt)) + dueDays);
}

/** "1 234,50 €": French grouping and decimal comma (plain spaces and hyphen: the standard PDF fonts are WinAnsi). */
export function euros(amount: string): string {
  const fixed = new Dec(amount).toFixed(2, Dec.ROUND_HALF_UP);
  const [int, dec] = fixed.replace('-', '').split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${fixed.startsWith('-') ? '-' : ''}${grouped},${dec} €`;
}

/** Hours as "101,00 h", minutes as "130 h 40 min". */
export function hoursFr(hours: string): string {
  return `${new Dec(hours).toFixed(2, Dec.ROUND_HALF_UP).replace('.', ',')} h`;
}

/**
 * A line's hours as stored (up to four decimals, two at least): "123,375 h", so that hours × rate gives the line's
 * amount to the cent (rounded once, docs/rules.md R8.6), where "123,38 h" would not.
 */
export function lineHoursFr(hours: string): string {
  return `${new Dec(hours)
    .toFixed(4, Dec.ROUND_HALF_UP)
    .replace(/(\.\d\d\d*?)0+$/, '$1')
    .replace('.', ',')} h`;
}

export function minutesFr(minutes: number): string {
  const m = minutes % 60;
  return `${Math.floor(minutes / 60)} h${m ? ` ${String(m).padStart(2, '0')} min` : ''}`;
}

/** Balance of a household at a crèche: invoiced + credited (≤ 0) − paid; positive means the family owes. */
export function balanceOf(b: { invoiced: string; credited: string; paid: string }): string {
  return new Dec(b.invoiced).plus(b.credited).minus(b.paid).toFixed(2);
}
