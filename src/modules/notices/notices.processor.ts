import { withoutAddresses } from '../../common/logging/addresses';
import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { JobRouter } from '../../common/queue/job-router';
import { NoticeDeliveryService } from './notice-delivery.service';
import { NoticesService } from './notices.service';

/** The `notices` queue: delivery of a batch of notices (or of one), and the repeatable sweep that closes the outbox. */
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
    router.register('notice.send-batch', async ({ noticeIds }, job) => {
      const isLastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const { retryable } = await this.delivery.deliverBatch(noticeIds, { isLastAttempt });
      // The batch again after a backoff: its notices sent meanwhile are skipped, the others claimed again.
      if (retryable.length)
        throw new Error(
          `${retryable.length} notice(s) to retry: ${withoutAddresses(retryable[0].error.message)}`.slice(0, 500),
        );
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
