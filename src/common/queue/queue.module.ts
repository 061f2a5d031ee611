import { DynamicModule, Global, Module } from '@nestjs/common';
import { JobRouter } from './job-router';
import { QueueProducer } from './queue.producer';
import { RUN_WORKERS, WorkerHost } from './worker.host';

@Global()
@Module({})
export class QueueModule {
  static forRoot(opts: { runWorkers: boolean }): DynamicModule {
    return {
      module: QueueModule,
      providers: [QueueProducer, JobRouter, WorkerHost, { provide: RUN_WORKERS, useValue: opts.runWorkers }],
      exports: [QueueProducer, JobRouter, WorkerHost, RUN_WORKERS],
    };
  }
}
