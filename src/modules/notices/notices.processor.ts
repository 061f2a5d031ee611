import { Inject, Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobRouter } from '../../common/queue/job-router';
import { QueueProducer } from '../../common/queue/queue.producer';
import { NoticeDeliveryService } from './notice-delivery.service';
import { NoticesService } from './notices.service';

/** The `notices` queue: delivery of one notice, and the repeatable sweep that closes the outbox. */
@Injectable()
export class NoticesProcessor {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly router: JobRouter,
    private readonly producer: QueueProducer,
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

  /** Re-enqueues every pending notice that no job seems to hold; deterministic job ids make this harmless. */
  async sweep(): Promise<number> {
    let swept = 0;
    let after: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const page = await this.notices.findStalePending(500, after);
      for (const row of page) await this.producer.add('notice.send', { noticeId: row.id });
      swept += page.length;
      if (page.length < 500) return swept;
      after = { createdAt: page[page.length - 1].created_at, id: page[page.length - 1].id };
    }
  }

}
