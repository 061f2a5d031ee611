import { frenchDate } from '../../../../src/common/text/french-dates';
import { civilDateOf } from '../../../../src/common/time/clock';
import { eurosFr } from '../staff/billing/billing-format';

/** What a household owes a crèche, in its own words: still to pay, nothing, or paid beyond (the API's balance). */
export function familyBalanceFr(balance: string): string {
  const cents = Math.round(Number(balance) * 100);
  if (cents > 0) return `reste à payer ${eurosFr(balance)}.`;
  if (cents === 0) return 'vous êtes à jour, rien à payer.';
  return `vous avez payé ${eurosFr((-cents / 100).toFixed(2))} de plus que facturé : la crèche vous les rembourse ou les déduit d’une prochaine facture.`;
}

/** What is late of it, and since when: said beside the balance (R8.14); null when nothing is. */
export function familyOverdueFr(b: { overdue: string; overdueSince: string | null }): string | null {
  if (Math.round(Number(b.overdue) * 100) <= 0 || !b.overdueSince) return null;
  return `Dont ${eurosFr(b.overdue)} en retard : à régler depuis le ${frenchDate(b.overdueSince)}.`;
}

/**
 * After an invoice in Mes factures: ", réglée" once payments and credit notes settled it (oldest first, R8.14);
 * else what is left of it, if part was paid, and when it is due: ", reste 20,00 € à régler au plus tard le 16 avril
 * 2027", ", payable à réception" for no delay (R8.13); nothing of a date the crèche never set.
 */
export function invoiceDueFr(i: {
  dueOn: string | null;
  issuedAt: string;
  total?: string;
  unsettled?: string;
}): string {
  const cents = (x: string) => Math.round(Number(x) * 100);
  if (i.unsettled !== undefined && cents(i.unsettled) === 0) return ', réglée';
  const rest =
    i.unsettled !== undefined && i.total !== undefined && cents(i.unsettled) !== cents(i.total)
      ? `, reste ${eurosFr(i.unsettled)}`
      : '';
  if (!i.dueOn) return rest ? `${rest} à régler` : '';
  const when =
    i.dueOn === civilDateOf(new Date(i.issuedAt))
      ? 'payable à réception'
      : `à régler au plus tard le ${frenchDate(i.dueOn)}`;
  return rest ? `${rest} ${when}` : `, ${when}`;
}
