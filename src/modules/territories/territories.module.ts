import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { TerritoriesController } from './territories.controller';
import { TerritoriesService } from './territories.service';
import { TerritoriesRepository } from './territories.repository';

@Module({
  imports: [AuditModule],
  controllers: [TerritoriesController],
  providers: [TerritoriesService, TerritoriesRepository],
  exports: [TerritoriesService],
})
export class TerritoriesModule {}
