import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobRouter } from '../../common/queue/job-router';
import { QueueProducer } from '../../common/queue/queue.producer';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import { ContractFeesService } from './contract-fees.service';
import { FeeScalesRepository } from './fee-scales.repository';

/** The `fees` queue: recomputations when a scale version takes effect (daily) or a contract's inputs change. */
@Injectable()
export class FeesProcessor {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    router: JobRouter,
    private readonly contractFees: ContractFeesService,
    private readonly scales: FeeScalesRepository,
  ) {
    router.register('fees.apply-scales', async () => {
      await this.applyScales();
    });
    router.register('fees.recompute-contract', async ({ contractId }) => {
      await this.contractFees.applyPendingInputs(contractId);
    });
  }

  /** Every version in force by today reaches the running contracts; pending input changes are computed. */
  async applyScales(): Promise<number> {
    const today = todayOf(this.clock);
    const scales = await this.scales.all(this.dataSource.manager);
    let count = 0;
    for (const scale of scales.filter((s) => s.effectiveFrom <= today)) count += await this.contractFees.applyScale(scale, scales);
    for (const id of await this.contractFees.pendingContractIds()) if (await this.contractFees.applyPendingInputs(id)) count += 1;
    return count;
  }

}
