import { Module } from '@nestjs/common';
import { CrechesModule } from '../creches/creches.module';
import { FeesModule } from '../fees/fees.module';
import { FeeAuditController } from './fee-audit.controller';
import { FeeAuditService } from './fee-audit.service';
import { FeeAuditReadModel } from '../../read-models/fee-audit.read-model';

/** The Caf auditor's workspace over stored fees; reads fees, contracts and crèches, writes nothing. */
@Module({
  imports: [FeesModule, CrechesModule],
  controllers: [FeeAuditController],
  providers: [FeeAuditService, FeeAuditReadModel],
})
export class FeeAuditModule {}
