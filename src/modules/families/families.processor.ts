import { Injectable } from '@nestjs/common';
import { JobRouter } from '../../common/queue/job-router';
import { ResourcesConfirmationService } from './resources-confirmation.service';

/** The `families` queue: the yearly request to confirm resources. */
@Injectable()
export class FamiliesProcessor {
  constructor(router: JobRouter, confirmations: ResourcesConfirmationService) {
    router.register('families.confirm-resources', async () => {
      await confirmations.run();
    });
  }
}
