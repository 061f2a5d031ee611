import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JOB_CATALOGUE, JobName, JobPayloads, QueueName } from './job-catalogue';

export type JobHandler<N extends JobName> = (payload: JobPayloads[N], job: Job<JobPayloads[N]>) => Promise<void>;

/** Processors register a handler per job name; the worker host dispatches to them. */
@Injectable()
export class JobRouter {
  private readonly handlers = new Map<JobName, JobHandler<JobName>>();

  register<N extends JobName>(name: N, handler: JobHandler<N>): void {
    this.handlers.set(name, handler as unknown as JobHandler<JobName>);
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
