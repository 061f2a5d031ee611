import { Injectable } from '@nestjs/common';
import { JobRouter } from '../../common/queue/job-router';
import { CertificatesService } from './certificates.service';
import { InvoicingService } from './invoicing.service';

/**
 * The `billing` queue: every morning, the previous month of each crèche that has not issued it (on the 1st all of them,
 * afterwards a month the 1st missed; idempotent: never twice); each January,
 * households that paid last year are told their certificate of childcare costs is available (once per year).
 */
@Injectable()
export class BillingProcessor {
  constructor(router: JobRouter, invoicing: InvoicingService, certificates: CertificatesService) {
    router.register('billing.issue-previous-month', async (_payload, job) => {
      // On the last of its retries, a crèche still failing has its managers told (R8.18).
      await invoicing.issuePreviousMonthEverywhere({ lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) });
    });
    router.register('billing.announce-certificates', async () => {
      await certificates.announcePreviousYear();
    });
  }
}
