import { Injectable } from '@nestjs/common';
import { JobRouter } from '../../common/queue/job-router';
import { OffersService } from './offers.service';
import { RoundsService } from './rounds.service';

/** The `offers` queue: reminders and expiries (delayed jobs), the sweep that catches any missed, old drafts' clean-up. */
@Injectable()
export class OffersProcessor {
  constructor(router: JobRouter, offers: OffersService, rounds: RoundsService) {
    router.register('offer.remind', async ({ offerId }) => {
      await offers.remind(offerId);
    });
    router.register('offer.expire', async ({ offerId }) => {
      await offers.expire(offerId);
    });
    router.register('offers.sweep', async () => {
      await offers.sweepDue();
    });
    router.register('rounds.clean-drafts', async () => {
      await rounds.deleteStaleDrafts();
    });
  }
}
