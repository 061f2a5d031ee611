import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobRouter } from '../../common/queue/job-router';
import { QueueProducer } from '../../common/queue/queue.producer';
import { RUN_WORKERS } from '../../common/queue/worker.host';
import { KeepAliveService } from './keep-alive.service';

/** The `applications` queue: the daily keep-alive. */
@Injectable()
export class ApplicationsProcessor implements OnApplicationBootstrap {
  constructor(
    @Inject(RUN_WORKERS) private readonly runWorkers: boolean,
    router: JobRouter,
    private readonly producer: QueueProducer,
    keepAlive: KeepAliveService,
  ) {
    router.register('applications.keep-alive', async () => {
      await keepAlive.run();
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.runWorkers) return;
    await this.producer.queue('applications').upsertJobScheduler('applications-keep-alive', { pattern: '0 3 * * *' }, { name: 'applications.keep-alive', data: {} });
  }
}
