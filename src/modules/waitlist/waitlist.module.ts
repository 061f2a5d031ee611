import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { WaitlistRankingReadModel } from '../../read-models/waitlist-ranking.read-model';
import { CrechesModule } from '../creches/creches.module';
import { TerritoriesModule } from '../territories/territories.module';
import { PriorityPoliciesRepository } from './priority-policies.repository';
import { PriorityPoliciesService } from './priority-policies.service';
import { WaitlistController } from './waitlist.controller';
import { WaitlistService } from './waitlist.service';
import { WaitlistRankingsRepository } from './waitlist-rankings.repository';
import { SeedPolicyHandler } from './seed-policy.handler';
import { WaitEstimateReadModel } from '../../read-models/wait-estimate.read-model';
import { WaitEstimateService } from './wait-estimate.service';

@Module({
  imports: [AuditModule, CrechesModule, TerritoriesModule],
  controllers: [WaitlistController],
  providers: [
    WaitlistService,
    PriorityPoliciesService,
    PriorityPoliciesRepository,
    WaitlistRankingReadModel,
    WaitlistRankingsRepository,
    SeedPolicyHandler,
    WaitEstimateService,
    WaitEstimateReadModel,
  ],
  exports: [WaitlistService, PriorityPoliciesService, WaitEstimateService],
})
export class WaitlistModule {}
