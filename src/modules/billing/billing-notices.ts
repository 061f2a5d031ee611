import type { EntityManager } from 'typeorm';
import { webPaths } from '../../common/web/web-paths';
import { layoutEmail } from '../notices/domain/email-layout';
import type { NoticeRenderers } from '../notices/notice-renderers';
import { INVOICE_ISSUED_NOTICE } from '../notices/notice-types';
import type { BillingRepository } from './billing.repository';
import { documentNumber, euros, monthNameFr } from './domain/documents';

/** "Votre facture de mars 2027 est disponible": facts read when the e-mail is sent, from the invoice's id. */
export function registerBillingNotices(
  renderers: NoticeRenderers,
  repo: BillingRepository,
  crecheName: (em: EntityManager, id: string) => Promise<string>,
): void {
  renderers.register(INVOICE_ISSUED_NOTICE, async (em, data, r) => {
    const invoice = await repo.findInvoice(em, String(data.invoiceId));
    const month = invoice ? monthNameFr(invoice.month) : '';
    return layoutEmail({
      subject: invoice ? `Votre facture de ${month} est disponible` : 'Votre facture est disponible',
      greeting: `Bonjour ${r.firstName},`,
      paragraphs: [
        invoice
          ? `La facture de ${month} de ${await crecheName(em, invoice.crecheId)} est disponible dans votre espace, en PDF.`
          : 'Votre facture est disponible dans votre espace.',
      ],
      facts: invoice
        ? [
            ['Facture n°', documentNumber(invoice.number)],
            ['Montant', euros(invoice.total)],
          ]
        : [],
      action: { label: 'Voir mon espace', url: `${r.baseUrl}${webPaths.account}` },
    });
  });
}
