import { Module } from '@nestjs/common';
import { HolidayCalendar } from '../../common/time/holiday-calendar';
import { AuditModule } from '../audit/audit.module';
import { CrechesModule } from '../creches/creches.module';
import { FamiliesModule } from '../families/families.module';
import { FeesModule } from '../fees/fees.module';
import { BookingsRepository } from './bookings.repository';
import { BookingsService } from './bookings.service';
import { ContractFeesProcessor } from './contract-fees.processor';
import { ContractFeesService } from './contract-fees.service';
import { ContractsController } from './contracts.controller';
import { ContractsRepository } from './contracts.repository';
import { ContractsService } from './contracts.service';
import { ContractNamesService } from './contract-names.service';
import { AttendedDaysReadModel } from '../../read-models/attended-days.read-model';
import { InvoicedMonthsReadModel } from '../../read-models/invoiced-months.read-model';
import { HouseholdsLeftReadModel } from '../../read-models/households-left.read-model';
import { ContractRatesReadModel } from '../../read-models/contract-rates.read-model';
import { FamilyNamesReadModel } from '../../read-models/family-names.read-model';
import { DeclarationsToReviewReadModel } from '../../read-models/declarations-to-review.read-model';
import { DeclarationsToReviewService } from './declarations-to-review.service';

@Module({
  imports: [AuditModule, CrechesModule, FeesModule, FamiliesModule],
  controllers: [ContractsController],
  providers: [
    ContractsService,
    ContractsRepository,
    BookingsService,
    BookingsRepository,
    ContractFeesService,
    ContractFeesProcessor,
    ContractNamesService,
    DeclarationsToReviewService,
    DeclarationsToReviewReadModel,
    FamilyNamesReadModel,
    InvoicedMonthsReadModel,
    AttendedDaysReadModel,
    HouseholdsLeftReadModel,
    ContractRatesReadModel,
    HolidayCalendar,
  ],
  exports: [ContractsService],
})
export class ContractsModule {}
