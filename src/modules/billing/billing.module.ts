import { Module, OnModuleInit } from '@nestjs/common';
import { BillingInputsReadModel } from '../../read-models/billing-inputs.read-model';
import { AttendanceModule } from '../attendance/attendance.module';
import { AuditModule } from '../audit/audit.module';
import { CrechesModule } from '../creches/creches.module';
import { CrechesService } from '../creches/creches.service';
import { FamiliesModule } from '../families/families.module';
import { NoticeRenderers } from '../notices/notice-renderers';
import { NoticesModule } from '../notices/notices.module';
import { BillingController } from './billing.controller';
import { registerBillingNotices } from './billing-notices';
import { BillingProcessor } from './billing.processor';
import { BillingRepository } from './billing.repository';
import { CertificatesService } from './certificates.service';
import { InvoicesService } from './invoices.service';
import { InvoicingService } from './invoicing.service';
import { PaymentRemindersService } from './payment-reminders.service';

@Module({
  imports: [AuditModule, CrechesModule, FamiliesModule, NoticesModule, AttendanceModule],
  controllers: [BillingController],
  providers: [
    InvoicingService,
    InvoicesService,
    CertificatesService,
    PaymentRemindersService,
    BillingRepository,
    BillingInputsReadModel,
    BillingProcessor,
  ],
  // The Caf's reports set a child's days, as the invoices count them, beside its lines (R9.7).
  exports: [InvoicingService],
})
export class BillingModule implements OnModuleInit {
  constructor(
    private readonly renderers: NoticeRenderers,
    private readonly repo: BillingRepository,
    private readonly creches: CrechesService,
    private readonly certificates: CertificatesService,
  ) {}

  onModuleInit(): void {
    registerBillingNotices(
      this.renderers,
      this.repo,
      async (em, id) => (await this.creches.get(id, em)).name,
      (em, familyId, year) => this.certificates.crechesCertified(em, familyId, year),
    );
  }
}
