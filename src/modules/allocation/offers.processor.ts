import { Inject, Injectable } from '@nestjs/common';
import { JobRouter } from '../../common/queue/job-router';
import { QueueProducer } from '../../common/queue/queue.producer';
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
      await this.sweep();
    });
  }

  async sweep(): Promise<void> {
    const { toExpire, toRemind } = await this.offers.due();
    for (const id of toRemind) await this.offers.remind(id);
    for (const id of toExpire) await this.offers.expire(id);
  }

}
