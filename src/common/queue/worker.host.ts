import { withoutAddresses } from '../logging/addresses';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobRouter } from './job-router';
import { QueueProducer } from './queue.producer';
import { createWorkerRedis } from './redis';

export const RUN_WORKERS = Symbol('RUN_WORKERS');

/** Starts one BullMQ worker per queue that has handlers, in processes whose role includes the worker. */
@Injectable()
export class WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WorkerHost.name);
  private readonly workers: Worker[] = [];
  private readonly connections: Redis[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RUN_WORKERS) private readonly runWorkers: boolean,
    private readonly router: JobRouter,
    private readonly producer: QueueProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Every process checks the catalogue (processors registered in their constructors), whatever its role.
    this.router.assertComplete();
    if (!this.runWorkers) return;
    await this.producer.upsertSchedules();
    for (const queue of this.router.queuesWithHandlers()) {
      const connection = createWorkerRedis(this.config.redisUrl);
      this.connections.push(connection);
      const worker = new Worker(queue, (job) => this.router.dispatch(job), {
        connection,
        prefix: this.config.queuePrefix,
        concurrency: 5,
        lockDuration: this.config.workerLockMs,
        stalledInterval: this.config.workerLockMs,
      });
      worker.on('failed', (job, err) =>
        this.logger.warn(
          // Whatever a job's error quotes (a mail server's refusal names its recipient), no address is logged.
          { queue, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: withoutAddresses(err.message) },
          'job failed',
        ),
      );
      worker.on('error', (err) => this.logger.warn({ queue, err: withoutAddresses(err.message) }, 'worker error'));
      this.workers.push(worker);
    }
    this.logger.log({ queues: this.router.queuesWithHandlers() }, 'workers started');
  }

  /** Closes the workers; in-flight jobs finish first unless `force`. */
  async stop(force = false): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.close(force)));
    this.workers.length = 0;
    // BullMQ leaves connections it was given open: they are ours to close.
    for (const c of this.connections.splice(0)) c.disconnect();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }
}
