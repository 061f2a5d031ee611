import { Module, OnModuleInit } from '@nestjs/common';
import { NoticesModule } from '../notices/notices.module';
import { AuditModule } from '../audit/audit.module';
import { ContractsModule } from '../contracts/contracts.module';
import { CrechesModule } from '../creches/creches.module';
import { FamiliesModule } from '../families/families.module';
import { FeesModule } from '../fees/fees.module';
import { NoticeRenderers } from '../notices/notice-renderers';
import { WaitlistModule } from '../waitlist/waitlist.module';
import { AllocationController } from './allocation.controller';
import { registerManagerOfferNotices, registerOfferNotices } from './offer-notices';
import { OffersProcessor } from './offers.processor';
import { OffersService } from './offers.service';
import { RoundsCollaborators, RoundsService } from './rounds.service';
import { OffersRepository } from './offers.repository';
import { RoundsRepository } from './rounds.repository';
import { RoundsErasureHandler } from './rounds-erasure.handler';
import { ApplicationsModule } from '../applications/applications.module';
import { AllocationSnapshotReadModel } from '../../read-models/allocation-snapshot.read-model';
import { FamilyNamesReadModel } from '../../read-models/family-names.read-model';
import { SnapshotBuilder } from './snapshot.builder';

/** Allocation depends on crèches, waitlist, contracts, fees and notices; none of them depends on it. */
@Module({
  imports: [
    NoticesModule,
    AuditModule,
    CrechesModule,
    WaitlistModule,
    ContractsModule,
    FeesModule,
    FamiliesModule,
    ApplicationsModule,
  ],
  controllers: [AllocationController],
  providers: [
    RoundsService,
    RoundsCollaborators,
    RoundsRepository,
    RoundsErasureHandler,
    OffersService,
    OffersRepository,
    SnapshotBuilder,
    AllocationSnapshotReadModel,
    FamilyNamesReadModel,
    OffersProcessor,
  ],
})
export class AllocationModule implements OnModuleInit {
  constructor(private readonly renderers: NoticeRenderers) {}

  onModuleInit(): void {
    registerOfferNotices(this.renderers);
    registerManagerOfferNotices(this.renderers);
  }
}
