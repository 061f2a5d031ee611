import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JOB_CATALOGUE, JOB_NAMES, JobName, JobPayloads, QueueName } from './job-catalogue';

export type JobHandler<N extends JobName> = (payload: JobPayloads[N], job: Job<JobPayloads[N]>) => Promise<void>;

/**
 * Processors register a handler per job name; the worker host dispatches to them. A job handled twice, or a job of
 * the catalogue with no handler, stops the boot (as immich's job repository does) instead of failing at run time.
 */
@Injectable()
export class JobRouter {
  private readonly handlers = new Map<JobName, JobHandler<JobName>>();

  register<N extends JobName>(name: N, handler: JobHandler<N>): void {
    if (this.handlers.has(name)) throw new Error(`job ${name} has two handlers`);
    this.handlers.set(name, handler as unknown as JobHandler<JobName>);
  }

  /** Throws one line naming every job of the catalogue that nothing handles. */
  assertComplete(names: readonly JobName[] = JOB_NAMES): void {
    const missing = names.filter((n) => !this.handlers.has(n));
    if (missing.length) throw new Error(`jobs without a handler: ${missing.join(', ')}`);
  }

  queuesWithHandlers(): QueueName[] {
    return [...new Set([...this.handlers.keys()].map((n) => JOB_CATALOGUE[n].queue))];
  }

  async dispatch(job: Job): Promise<void> {
    const handler = this.handlers.get(job.name as JobName);
    if (!handler) throw new Error(`no handler for job ${job.name}`);
    await handler(job.data, job);
  }
}
