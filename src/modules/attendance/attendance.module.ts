import { Module } from '@nestjs/common';
import { FamilyNamesReadModel } from '../../read-models/family-names.read-model';
import { InvoicedMonthsReadModel } from '../../read-models/invoiced-months.read-model';
import { PlannedDayReadModel } from '../../read-models/planned-day.read-model';
import { AuditModule } from '../audit/audit.module';
import { CrechesModule } from '../creches/creches.module';
import { DocumentStore } from '../families/document-store';
import { AbsencesService } from './absences.service';
import { AttendanceController } from './attendance.controller';
import { AttendanceRepository } from './attendance.repository';
import { AttendanceService } from './attendance.service';

@Module({
  imports: [AuditModule, CrechesModule],
  controllers: [AttendanceController],
  providers: [
    AttendanceService,
    AbsencesService,
    AttendanceRepository,
    PlannedDayReadModel,
    InvoicedMonthsReadModel,
    FamilyNamesReadModel,
    DocumentStore,
  ],
  exports: [AttendanceService, AbsencesService],
})
export class AttendanceModule {}
