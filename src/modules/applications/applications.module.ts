import { Module, OnModuleInit } from '@nestjs/common';
import { NoticesModule } from '../notices/notices.module';
import { AuditModule } from '../audit/audit.module';
import { CrechesModule } from '../creches/creches.module';
import { FamiliesModule } from '../families/families.module';
import { NoticeRenderers } from '../notices/notice-renderers';
import { WaitlistModule } from '../waitlist/waitlist.module';
import { UsersModule } from '../users/users.module';
import { registerApplicationNotices } from './application-notices';
import { ApplicationsController } from './applications.controller';
import { ApplicationsRepository } from './applications.repository';
import { ApplicationsService } from './applications.service';
import { ApplicationStandingService } from './application-standing.service';
import { ApplicationsProcessor } from './applications.processor';
import { KeepAliveService } from './keep-alive.service';
import { ResidenceReadModel } from '../../read-models/residence.read-model';
import { RoundOutcomeReadModel } from '../../read-models/round-outcome.read-model';

@Module({
  imports: [NoticesModule, AuditModule, CrechesModule, FamiliesModule, WaitlistModule, UsersModule],
  controllers: [ApplicationsController],
  providers: [
    ApplicationsService,
    ApplicationStandingService,
    RoundOutcomeReadModel,
    ApplicationsRepository,
    KeepAliveService,
    ApplicationsProcessor,
    ResidenceReadModel,
  ],
  exports: [ApplicationsService],
})
export class ApplicationsModule implements OnModuleInit {
  constructor(private readonly renderers: NoticeRenderers) {}

  onModuleInit(): void {
    registerApplicationNotices(this.renderers);
  }
}
