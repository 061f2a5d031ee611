import { Injectable } from '@nestjs/common';
import { JobRouter } from '../../common/queue/job-router';
import { OffersService } from './offers.service';

/** The `offers` queue: reminders and expiries (delayed jobs), and the sweep that catches any missed. */
@Injectable()
export class OffersProcessor {
  constructor(
    router: JobRouter,
    private readonly offers: OffersService,
  ) {
    router.register('offer.remind', async ({ offerId }) => {
      await this.offers.remind(offerId);
    });
    router.register('offer.expire', async ({ offerId }) => {
      await this.offers.expire(offerId);
    });
    router.register('offers.sweep', async () => {
      await this.offers.sweepDue();
    });
  }

}
