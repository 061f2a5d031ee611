import { Inject, Injectable } from '@nestjs/common';
import { JobRouter } from '../../common/queue/job-router';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import { ContractFeesService } from './contract-fees.service';

/** The `fees` queue: contracts' fees when a scale version takes effect (daily) or a contract's inputs change. */
@Injectable()
export class ContractFeesProcessor {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    router: JobRouter,
    private readonly contractFees: ContractFeesService,
  ) {
    router.register('fees.apply-scales', async () => {
      await this.applyScales();
    });
    router.register('fees.apply-scale', async ({ scaleId }) => {
      await this.contractFees.applyScaleNow(scaleId, todayOf(this.clock));
    });
    router.register('fees.recompute-contract', async ({ contractId }) => {
      await this.contractFees.applyPendingInputs(contractId);
    });
  }

  /** Every version in force by today reaches the running contracts (also called by tests). */
  applyScales(): Promise<number> {
    return this.contractFees.applyScales(todayOf(this.clock));
  }
}
