import { Module } from '@nestjs/common';
import { TerritoriesModule } from '../territories/territories.module';
import { CapacityService } from './capacity.service';
import { CrecheAccess } from './creche-access';
import { CrechesController } from './creches.controller';
import { CrechesService } from './creches.service';
import { HolidayCalendar } from './holiday-calendar';
import { OccupancyController } from './occupancy.controller';
import { OccupancyService } from './occupancy.service';
import { PlannedPresenceRepository } from './planned-presence.repository';

@Module({
  imports: [TerritoriesModule],
  controllers: [CrechesController, OccupancyController],
  providers: [CrechesService, CapacityService, CrecheAccess, HolidayCalendar, OccupancyService, PlannedPresenceRepository],
  exports: [CrechesService, CapacityService, CrecheAccess, HolidayCalendar, PlannedPresenceRepository],
})
export class CrechesModule {}
