import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { JobRouter } from '../../common/queue/job-router';
import { NoticeDeliveryService } from './notice-delivery.service';
import { NoticesService } from './notices.service';

/** The `notices` queue: delivery of one notice, and the repeatable sweep that closes the outbox. */
@Injectable()
export class NoticesProcessor {
  constructor(
    router: JobRouter,
    private readonly delivery: NoticeDeliveryService,
    private readonly notices: NoticesService,
  ) {
    router.register('notice.send', async ({ noticeId }, job) => {
      const isLastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const outcome = await this.delivery.deliver(noticeId, { isLastAttempt });
      if (outcome === 'FAILED') throw new UnrecoverableError('permanent delivery failure');
    });
    router.register('notice.sweep', async () => {
      await this.sweep();
    });
  }

  /** The repeatable sweep that closes the outbox (also called by tests). */
  sweep(): Promise<number> {
    return this.notices.requeueStale();
  }
}
