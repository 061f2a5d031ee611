import { Module } from '@nestjs/common';
import { TerritoryDashboardReadModel } from '../../read-models/territory-dashboard.read-model';
import { AuditModule } from '../audit/audit.module';
import { CrechesModule } from '../creches/creches.module';
import { TerritoriesModule } from '../territories/territories.module';
import { UsersModule } from '../users/users.module';
import { MyTerritoriesController } from './my-territories.controller';
import { TerritoryCoordinatorsRepository } from './territory-coordinators.repository';
import { TerritoryCoordinatorsService } from './territory-coordinators.service';
import { TerritoryDashboardController } from './territory-dashboard.controller';
import { TerritoryDashboardService } from './territory-dashboard.service';

/**
 * The CTG steering committee's dashboard (issue #17) and the coordinators of each territory (this module owns
 * `territory_coordinators`). Reads the other modules' tables through a read model; writes only its own table.
 */
@Module({
  imports: [AuditModule, TerritoriesModule, CrechesModule, UsersModule],
  controllers: [TerritoryDashboardController, MyTerritoriesController],
  providers: [
    TerritoryDashboardService,
    TerritoryCoordinatorsService,
    TerritoryDashboardReadModel,
    TerritoryCoordinatorsRepository,
  ],
})
export class TerritoryDashboardModule {}
