import { InvoicedMonthsReadModel } from '../../read-models/invoiced-months.read-model';
import { ScaleUsageReadModel } from '../../read-models/scale-usage.read-model';
import { Module } from '@nestjs/common';
import { HolidayCalendar } from '../../common/time/holiday-calendar';
import { AuditModule } from '../audit/audit.module';
import { FeeComputationsRepository } from './fee-computations.repository';
import { FeeScalesCache } from './fee-scales.cache';
import { FeeScalesRepository } from './fee-scales.repository';
import { FeeScalesService } from './fee-scales.service';
import { FeesController } from './fees.controller';
import { FeesService } from './fees.service';

/** Scales, the simulator and stored fee computations; below crèches and contracts, which ask it for fees. */
@Module({
  imports: [AuditModule],
  controllers: [FeesController],
  providers: [
    FeesService,
    FeeScalesService,
    FeeScalesRepository,
    FeeScalesCache,
    FeeComputationsRepository,
    HolidayCalendar,
    ScaleUsageReadModel,
    InvoicedMonthsReadModel,
  ],
  exports: [FeeScalesService, FeesService],
})
export class FeesModule {}
