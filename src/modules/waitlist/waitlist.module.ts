import { Module } from '@nestjs/common';
import { CrechesModule } from '../creches/creches.module';
import { TerritoriesModule } from '../territories/territories.module';
import { PriorityPoliciesService } from './priority-policies.service';
import { WaitlistController } from './waitlist.controller';
import { WaitlistService } from './waitlist.service';

@Module({
  imports: [CrechesModule, TerritoriesModule],
  controllers: [WaitlistController],
  providers: [WaitlistService, PriorityPoliciesService],
  exports: [WaitlistService, PriorityPoliciesService],
})
export class WaitlistModule {}
