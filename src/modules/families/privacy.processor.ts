import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobRouter } from '../../common/queue/job-router';
import { QueueProducer } from '../../common/queue/queue.producer';
import { RUN_WORKERS } from '../../common/queue/worker.host';
import { PrivacyService } from './privacy.service';

/** The daily GDPR retention job (on the `applications` queue). */
@Injectable()
export class PrivacyProcessor implements OnApplicationBootstrap {
  constructor(
    @Inject(RUN_WORKERS) private readonly runWorkers: boolean,
    router: JobRouter,
    private readonly producer: QueueProducer,
    privacy: PrivacyService,
  ) {
    router.register('privacy.retention', async () => {
      await privacy.applyRetention();
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.runWorkers) return;
    await this.producer.queue('applications').upsertJobScheduler('privacy-retention', { pattern: '30 3 * * *' }, { name: 'privacy.retention', data: {} });
  }
}
