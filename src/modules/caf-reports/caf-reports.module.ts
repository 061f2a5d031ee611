import { Module } from '@nestjs/common';
import { CafReportsReadModel } from '../../read-models/caf-reports.read-model';
import { BillingModule } from '../billing/billing.module';
import { CrechesModule } from '../creches/creches.module';
import { CafReportsController } from './caf-reports.controller';
import { CafReportsService } from './caf-reports.service';

/** The Caf's reports (activity, FILOUÉ): reads crèches, invoices, attendance, fees and households; writes nothing. */
@Module({
  imports: [CrechesModule, BillingModule],
  controllers: [CafReportsController],
  providers: [CafReportsService, CafReportsReadModel],
})
export class CafReportsModule {}
