import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { WaitlistRankingReadModel } from '../../read-models/waitlist-ranking.read-model';
import { CrechesModule } from '../creches/creches.module';
import { TerritoriesModule } from '../territories/territories.module';
import { PriorityPoliciesRepository } from './priority-policies.repository';
import { PriorityPoliciesService } from './priority-policies.service';
import { WaitlistController } from './waitlist.controller';
import { WaitlistService } from './waitlist.service';
import { SeedPolicyHandler } from './seed-policy.handler';

@Module({
  imports: [AuditModule, CrechesModule, TerritoriesModule],
  controllers: [WaitlistController],
  providers: [
    WaitlistService,
    PriorityPoliciesService,
    PriorityPoliciesRepository,
    WaitlistRankingReadModel,
    SeedPolicyHandler,
  ],
  exports: [WaitlistService, PriorityPoliciesService],
})
export class WaitlistModule {}
