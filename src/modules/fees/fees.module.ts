import { Module } from '@nestjs/common';
import { CrechesModule } from '../creches/creches.module';
import { ContractFeesService } from './contract-fees.service';
import { FeeAuditService } from './fee-audit.service';
import { FeeScalesRepository } from './fee-scales.repository';
import { FeeScalesService } from './fee-scales.service';
import { FeesController } from './fees.controller';
import { FeesProcessor } from './fees.processor';
import { FeesService } from './fees.service';

@Module({
  imports: [CrechesModule],
  controllers: [FeesController],
  providers: [FeesService, FeeScalesService, FeeScalesRepository, ContractFeesService, FeeAuditService, FeesProcessor],
  exports: [ContractFeesService, FeeScalesService, FeesService, FeeScalesRepository],
})
export class FeesModule {}
