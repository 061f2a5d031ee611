import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { HouseholdDataReadModel } from '../../read-models/household-data.read-model';
import { ApplicationsModule } from '../applications/applications.module';
import { AttendanceModule } from '../attendance/attendance.module';
import { FamiliesModule } from '../families/families.module';
import { UsersModule } from '../users/users.module';
import { PrivacyController } from './privacy.controller';
import { PrivacyProcessor } from './privacy.processor';
import { PrivacyOwners, PrivacyService } from './privacy.service';

/**
 * GDPR across modules: export (a read model), erasure and retention, each owner changing its own rows. Sits above
 * families, applications, users and attendance, so it asks them instead of writing their tables.
 */
@Module({
  imports: [AuditModule, FamiliesModule, ApplicationsModule, UsersModule, AttendanceModule],
  controllers: [PrivacyController],
  providers: [PrivacyService, PrivacyOwners, PrivacyProcessor, HouseholdDataReadModel],
})
export class PrivacyModule {}
