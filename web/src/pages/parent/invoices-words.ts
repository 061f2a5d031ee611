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

/** ", à régler au plus tard le 16 avril 2027" after an invoice, ", payable à réception" for no delay (R8.13). */
export function invoiceDueFr(i: { dueOn: string | null; issuedAt: string }): string {
  if (!i.dueOn) return '';
  return i.dueOn === civilDateOf(new Date(i.issuedAt))
    ? ', payable à réception'
    : `, à régler au plus tard le ${frenchDate(i.dueOn)}`;
}
