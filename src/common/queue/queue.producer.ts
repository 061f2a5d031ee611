import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { withDeadline } from '../concurrency/deadline';
import { createFailFastRedis } from './redis';
import { JOB_CATALOGUE, JOB_NAMES, JobName, JobPayloads, QueueName } from './job-catalogue';

const ADD_TIMEOUT_MS = 2_000;
const BREAKER_MS = 5_000;

/** The only place jobs are added: options and ids come from the catalogue, never from call sites. */
@Injectable()
export class QueueProducer implements OnModuleDestroy {
  private readonly logger = new Logger(QueueProducer.name);
  private readonly queues = new Map<QueueName, Queue>();
  private connection?: Redis;
  /** After a failed add, further adds fail at once for a few seconds instead of each waiting for the timeout. */
  private unavailableUntil = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async add<N extends JobName>(name: N, payload: JobPayloads[N], opts: { delayMs?: number } = {}): Promise<void> {
    if (Date.now() < this.unavailableUntil) throw new Error('queue unavailable (recent failure)');
    const spec = JOB_CATALOGUE[name];
    const jobId = spec.jobId?.(payload);
    try {
      await withDeadline(
        this.queue(spec.queue).add(name, payload, { ...spec.options, jobId, delay: opts.delayMs }),
        ADD_TIMEOUT_MS,
        `queue did not answer within ${ADD_TIMEOUT_MS} ms`,
      );
    } catch (err) {
      this.unavailableUntil = Date.now() + BREAKER_MS;
      throw err;
    }
  }

  /**
   * For after-commit enqueues: the row is already the truth and a sweep re-enqueues what is missed, so a Redis
   * outage must not fail the request that caused the job.
   */
  async addBestEffort<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    opts: { delayMs?: number } = {},
  ): Promise<boolean> {
    try {
      await this.add(name, payload, opts);
      return true;
    } catch (err) {
      this.logger.warn({ job: name, err: (err as Error).message }, 'enqueue failed; the sweep will pick it up');
      return false;
    }
  }

  /**
   * Upserts every repeatable job declared in the catalogue, with the catalogue's options (bounded history); those at a
   * time of day (a cron pattern) only with `crons` (`CRON_SCHEDULES`, on but in the test run), else removed.
   */
  async upsertSchedules(crons = this.config.cronSchedules): Promise<void> {
    for (const name of JOB_NAMES) {
      const spec = JOB_CATALOGUE[name];
      if (!spec.schedule) continue;
      const repeat = spec.schedule.repeat(this.config);
      // Off: one kept in Redis from a run with them on is taken away too, or it would go on firing.
      if ('pattern' in repeat && !crons) {
        await this.queue(spec.queue).removeJobScheduler(spec.schedule.schedulerId);
        continue;
      }
      await this.queue(spec.queue).upsertJobScheduler(spec.schedule.schedulerId, repeat, {
        name,
        data: {},
        opts: spec.options,
      });
    }
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      this.connection ??= createFailFastRedis(this.config.redisUrl);
      this.connection.on('error', () => undefined); // reported by /health; avoid unhandled error events
      queue = new Queue(name, { connection: this.connection, prefix: this.config.queuePrefix });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    this.connection?.disconnect();
  }
}
