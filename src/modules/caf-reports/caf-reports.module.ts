import { Module } from '@nestjs/common';
import { CafReportsReadModel } from '../../read-models/caf-reports.read-model';
import { CrechesModule } from '../creches/creches.module';
import { CafReportsController } from './caf-reports.controller';
import { CafReportsService } from './caf-reports.service';

/** The Caf's reports (activity, FILOUÉ): reads crèches, invoices, attendance, fees and households; writes nothing. */
@Module({
  imports: [CrechesModule],
  controllers: [CafReportsController],
  providers: [CafReportsService, CafReportsReadModel],
})
export class CafReportsModule {}
