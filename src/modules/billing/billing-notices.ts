import type { EntityManager } from 'typeorm';
import { frenchDate, frenchMonth, ofFrenchMonth } from '../../common/text/french-dates';
import { webPaths } from '../../common/web/web-paths';
import { layoutEmail } from '../notices/domain/email-layout';
import type { NoticeRenderers } from '../notices/notice-renderers';
import {
  CHILDCARE_CERTIFICATE_AVAILABLE_NOTICE,
  CHILDCARE_CERTIFICATE_CORRECTED_NOTICE,
  CREDIT_NOTE_ISSUED_NOTICE,
  INVOICE_ISSUED_NOTICE,
  MONTH_NOT_ISSUED_NOTICE,
  PAYMENT_REMINDER_NOTICE,
} from '../notices/notice-types';
import type { BillingRepository, InvoiceRow } from './billing.repository';
import { documentNumber, dueDateOf, euros } from './domain/documents';
import { monthBounds } from './domain/month-invoice';
import { isoOf } from '../../common/time/calendar';
import type { LateInvoice } from './payment-reminders.service';
import { atPlaceFr, ofPlaceFr } from '../../common/text/french-places';

/**
 * "Votre facture de mars 2027 est disponible": facts read when the e-mail is sent, from the invoice's id; and each
 * January "Votre attestation de frais de garde 2026 est disponible", from the household's id and the year.
 */
export function registerBillingNotices(
  renderers: NoticeRenderers,
  repo: BillingRepository,
  crecheName: (em: EntityManager, id: string) => Promise<string>,
  crechesCertified: (em: EntityManager, familyId: string, year: number) => Promise<string[]>,
): void {
  renderers.register(INVOICE_ISSUED_NOTICE, async (em, data, r) => {
    const invoice = await repo.findInvoice(em, String(data.invoiceId));
    const ofMonth = invoice ? ofFrenchMonth(invoice.month) : '';
    return layoutEmail({
      subject: invoice ? `Votre facture ${ofMonth} est disponible` : 'Votre facture est disponible',
      greeting: `Bonjour ${r.firstName},`,
      paragraphs: [
        invoice
          ? `La facture ${ofMonth} de ${await crecheName(em, invoice.crecheId)} est disponible dans « Mes factures », en PDF.`
          : 'Votre facture est disponible dans « Mes factures ».',
        ...(invoice?.paymentTerms ? [`Modalités de paiement : ${invoice.paymentTerms}`] : []),
      ],
      facts: invoice
        ? [['Facture n°', documentNumber(invoice.number)], ['Montant', euros(invoice.total)], ...dueFacts(invoice)]
        : [],
      action: { label: 'Voir mes factures', url: `${r.baseUrl}${webPaths.invoices}` },
    });
  });
  // The credit note and the invoice it corrects are read when the e-mail is sent; neither changes once issued.
  renderers.register(CREDIT_NOTE_ISSUED_NOTICE, async (em, data, r) => {
    const note = await repo.findInvoice(em, String(data.creditNoteId));
    const invoice = note?.creditedInvoiceId ? await repo.findInvoice(em, note.creditedInvoiceId) : null;
    if (!note || !invoice)
      return layoutEmail({
        subject: 'Un avoir a été émis sur votre facture',
        greeting: `Bonjour ${r.firstName},`,
        paragraphs: ['Un avoir a été émis sur une de vos factures : il est disponible dans « Mes factures ».'],
        action: { label: 'Voir mes factures', url: `${r.baseUrl}${webPaths.invoices}` },
      });
    const ofMonth = ofFrenchMonth(invoice.month);
    const amount = euros(note.total.replace(/^-/, ''));
    return layoutEmail({
      subject: `Un avoir de ${amount} sur votre facture ${ofMonth}`,
      greeting: `Bonjour ${r.firstName},`,
      paragraphs: [
        `${await crecheName(em, invoice.crecheId)} a émis un avoir de ${amount} sur votre facture ${ofMonth} (n° ${documentNumber(invoice.number)}). Il réduit le montant de cette facture, et le solde de « Mes factures » en tient compte (s'il est négatif, c'est ce que la crèche vous doit).`,
        `Motif donné par la crèche : ${note.reason ?? ''}`,
        "L'avoir est disponible dans « Mes factures », en PDF.",
      ],
      facts: [
        ['Avoir n°', documentNumber(note.number)],
        ['Montant', amount],
        ['Facture corrigée', `n° ${documentNumber(invoice.number)}, ${euros(invoice.total)}`],
      ],
      action: { label: 'Voir mes factures', url: `${r.baseUrl}${webPaths.invoices}` },
    });
  });
  // The amounts are those the manager saw when asking (the notice keeps them); the crèche's name is read now.
  renderers.register(PAYMENT_REMINDER_NOTICE, async (em, data, r) => {
    const name = await crecheName(em, String(data.crecheId));
    const late = (data.invoices ?? []) as LateInvoice[];
    const terms = [...new Set(late.map((i) => i.paymentTerms).filter((t): t is string => !!t))];
    return layoutEmail({
      subject: `Rappel : ${euros(String(data.overdue))} restent à régler ${atPlaceFr(name)}`,
      greeting: `Bonjour ${r.firstName},`,
      paragraphs: [
        `Sauf erreur de notre part, ${euros(String(data.overdue))} restent à régler sur vos factures ${ofPlaceFr(name)} dont l'échéance est passée (la plus ancienne le ${frenchDate(String(data.overdueSince))}). Le détail est ci-dessous et dans « Mes factures ».`,
        ...terms.map((t) => `Modalités de paiement : ${t}`),
        'Si vous avez réglé entre-temps, ne tenez pas compte de ce message. Pour toute difficulté de paiement, parlez-en à la crèche : une solution peut être trouvée.',
      ],
      facts: late.map(
        (i) =>
          [
            `Facture n° ${documentNumber(i.number)} (${frenchMonth(i.month)})`,
            `reste ${euros(i.unsettled)} (échéance : ${frenchDate(i.dueOn)})`,
          ] as [string, string],
      ),
      action: { label: 'Voir mes factures', url: `${r.baseUrl}${webPaths.invoices}` },
    });
  });
  // To the crèche's managers, after the morning job's last retry (R8.18): the month, why, and what is left to do.
  renderers.register(MONTH_NOT_ISSUED_NOTICE, async (em, data, r) => {
    const month = String(data.month);
    const name = await crecheName(em, String(data.crecheId));
    const ofMonth = ofFrenchMonth(month);
    // The job issues the month before today's: it tries again each morning until the following month ends.
    const until = frenchDate(isoOf(monthBounds(isoOf(monthBounds(month).last + 1).slice(0, 7)).last));
    const { why, next } = monthNotIssuedWords(data.reason as MonthNotIssuedReason, frenchMonth(month), until);
    return layoutEmail({
      subject: `Factures ${ofMonth} non émises ${atPlaceFr(name)}`,
      greeting: `Bonjour ${r.firstName},`,
      paragraphs: [
        `Ce matin, Berceau n’a pas pu émettre les factures ${ofMonth} ${ofPlaceFr(name)}, malgré plusieurs essais : aucune n’est partie aux familles.`,
        `Motif : ${why}`,
        next,
        `Après le ${until}, il faudra les émettre vous-même depuis Facturation.`,
      ],
      facts: [
        ['Crèche', name],
        ['Mois', frenchMonth(month)],
      ],
      action: { label: 'Ouvrir Facturation', url: `${r.baseUrl}${webPaths.staffBilling}` },
    });
  });
  renderers.register(CHILDCARE_CERTIFICATE_AVAILABLE_NOTICE, async (em, data, r) => {
    const year = Number(data.year);
    const names: string[] = [];
    for (const id of await crechesCertified(em, String(data.familyId), year)) names.push(await crecheName(em, id));
    return layoutEmail({
      subject: `Votre attestation de frais de garde ${year} est disponible`,
      greeting: `Bonjour ${r.firstName},`,
      paragraphs: [
        `L'attestation des frais de garde que vous avez payés en ${year} pour vos enfants de moins de 6 ans est disponible dans « Mes factures », en PDF${names.length ? ` (${names.length > 1 ? 'une par crèche' : names[0]})` : ''}.`,
        "Elle indique les sommes à déclarer pour le crédit d'impôt pour frais de garde des jeunes enfants (case 7GA et suivantes de la déclaration de revenus).",
      ],
      facts: names.length > 1 ? names.map((n) => ['Crèche', n] as [string, string]) : [],
      action: { label: 'Voir mes factures', url: `${r.baseUrl}${webPaths.invoices}` },
    });
  });
  // Facts written when the payment was cancelled, or recorded late (the notice keeps them: a payment never changes
  // after).
  renderers.register(CHILDCARE_CERTIFICATE_CORRECTED_NOTICE, async (em, data, r) => {
    const year = Number(data.year);
    const name = await crecheName(em, String(data.crecheId));
    if (data.change === 'RECORDED')
      return layoutEmail({
        subject: `Votre attestation de frais de garde ${year} a été rectifiée`,
        greeting: `Bonjour ${r.firstName},`,
        paragraphs: [
          `${name} a enregistré le ${frenchDay(String(data.recordedOn))} un paiement de ${year} (${euros(String(data.amount))}, du ${frenchDay(String(data.paidOn))}) : il compte désormais dans ce que vous avez payé cette année-là. L'attestation de frais de garde ${year} de cette crèche, dans « Mes factures », en tient compte et remplace celle que vous avez pu télécharger avant.`,
          "Si vous avez déjà déclaré vos revenus avec l'ancienne attestation, vous pouvez corriger le montant des frais de garde (crédit d'impôt pour frais de garde des jeunes enfants).",
        ],
        facts: [['Crèche', name]],
        action: { label: 'Voir mes factures', url: `${r.baseUrl}${webPaths.invoices}` },
      });
    return layoutEmail({
      subject: `Votre attestation de frais de garde ${year} a été rectifiée`,
      greeting: `Bonjour ${r.firstName},`,
      paragraphs: [
        `${name} a annulé un paiement de ${year} (${euros(String(data.amount))}, du ${frenchDay(String(data.paidOn))}) : il ne compte plus dans ce que vous avez payé cette année-là. L'attestation de frais de garde ${year} de cette crèche, dans « Mes factures », en tient compte et remplace celle que vous avez pu télécharger avant.`,
        "Si vous avez déjà déclaré vos revenus avec l'ancienne attestation, corrigez le montant des frais de garde (crédit d'impôt pour frais de garde des jeunes enfants).",
      ],
      facts: [
        ['Crèche', name],
        ['Motif donné par la crèche', String(data.reason)],
      ],
      action: { label: 'Voir mes factures', url: `${r.baseUrl}${webPaths.invoices}` },
    });
  });
}

/** "2031-12-20" as "20/12/2031". */
const frenchDay = (iso: string) => iso.split('-').reverse().join('/');

/** "À régler : au plus tard le 16 avril 2027", as the invoice kept it; nothing when the crèche had set no delay. */
function dueFacts(invoice: InvoiceRow): [string, string][] {
  const due = dueDateOf(invoice.issuedAt, invoice.paymentDueDays);
  if (!due) return [];
  return [['À régler', invoice.paymentDueDays === 0 ? 'à réception' : `au plus tard le ${frenchDate(due)}`]];
}

/** Why the monthly job could not issue a crèche's month, as its managers' notice keeps it (no name, no message). */
export type MonthNotIssuedReason =
  | { readonly code: 'INVOICE.ATTENDANCE_OPEN'; readonly count: number; readonly days: readonly string[] }
  | { readonly code: string };

/** The reason in the managers' words, and what happens next (the job retries each morning until `until`). */
export function monthNotIssuedWords(
  reason: MonthNotIssuedReason,
  month: string,
  until: string,
): { why: string; next: string } {
  const retries = `Berceau réessaie chaque matin, jusqu’au ${until}`;
  if (reason.code === 'INVOICE.ATTENDANCE_OPEN' && 'days' in reason) {
    const n = reason.count;
    return {
      why: `${n} arrivée${n > 1 ? 's' : ''} sans départ pointé en ${month} (${reason.days.map(frenchDate).join(', ')}) : ces heures ne seraient jamais facturées.`,
      next: `Dès que l’heure de départ est saisie (page Aujourd’hui, « Départs non pointés »), vous pouvez émettre les factures de ${month} depuis Facturation ; sinon ${retries}.`,
    };
  }
  if (reason.code === 'INVOICE.FEES_PENDING')
    return {
      why: `des participations de ${month} attendent encore leur recalcul (une déclaration validée ou un nouveau barème), que le service des tâches de Berceau n’a pas fait : prévenez l’administrateur de Berceau.`,
      next: `${retries} ; dès le recalcul fait, vous pouvez aussi émettre les factures depuis Facturation.`,
    };
  if (reason.code === 'TECHNICAL')
    return {
      why: 'une erreur technique, sans rapport avec ce que la crèche a saisi (l’administrateur de Berceau en trouve le détail dans ses journaux).',
      next: `Vous n’avez rien à faire : ${retries}. Vous pouvez aussi émettre les factures depuis Facturation.`,
    };
  return {
    why: `l’émission a été refusée (code ${reason.code}) ; émettez les factures de ${month} depuis Facturation pour en lire la raison.`,
    next: `${retries}.`,
  };
}
