import { Injectable } from '@nestjs/common';
import { JobRouter } from '../../common/queue/job-router';
import { InvoicingService } from './invoicing.service';

/** The `billing` queue: on the 1st, every crèche's previous month is issued (idempotent: never twice). */
@Injectable()
export class BillingProcessor {
  constructor(router: JobRouter, invoicing: InvoicingService) {
    router.register('billing.issue-previous-month', async () => {
      await invoicing.issuePreviousMonthEverywhere();
    });
  }
}
