import { Injectable } from '@nestjs/common';
import { JobRouter } from '../../common/queue/job-router';
import { KeepAliveService } from './keep-alive.service';

/** The `applications` queue: the daily keep-alive. */
@Injectable()
export class ApplicationsProcessor {
  constructor(router: JobRouter, keepAlive: KeepAliveService) {
    router.register('applications.keep-alive', async () => {
      await keepAlive.run();
    });
  }
}
