import { Injectable } from '@nestjs/common';
import { JobRouter } from '../../common/queue/job-router';
import { CertificatesService } from './certificates.service';
import { InvoicingService } from './invoicing.service';

/**
 * The `billing` queue: on the 1st, every crèche's previous month is issued (idempotent: never twice); each January,
 * households that paid last year are told their certificate of childcare costs is available (once per year).
 */
@Injectable()
export class BillingProcessor {
  constructor(router: JobRouter, invoicing: InvoicingService, certificates: CertificatesService) {
    router.register('billing.issue-previous-month', async () => {
      await invoicing.issuePreviousMonthEverywhere();
    });
    router.register('billing.announce-certificates', async () => {
      await certificates.announcePreviousYear();
    });
  }
}
