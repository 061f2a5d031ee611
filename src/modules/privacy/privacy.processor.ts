import { Injectable } from '@nestjs/common';
import { JobRouter } from '../../common/queue/job-router';
import { PrivacyService } from './privacy.service';

/** The `privacy` queue: the daily GDPR retention job. */
@Injectable()
export class PrivacyProcessor {
  constructor(router: JobRouter, privacy: PrivacyService) {
    router.register('privacy.retention', async () => {
      await privacy.applyRetention();
    });
  }
}
