import { AttendedDaysReadModel } from '../../read-models/attended-days.read-model';
import { InvoicedMonthsReadModel } from '../../read-models/invoiced-months.read-model';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { TerritoriesModule } from '../territories/territories.module';
import { UsersModule } from '../users/users.module';
import { FeesModule } from '../fees/fees.module';
import { CapacityService } from './capacity.service';
import { CrecheAccess } from './creche-access';
import { CrechesController } from './creches.controller';
import { CrechesService } from './creches.service';
import { HolidayCalendar } from '../../common/time/holiday-calendar';
import { OccupancyController } from './occupancy.controller';
import { MyCrechesController } from './my-creches.controller';
import { OccupancyService } from './occupancy.service';
import { PlannedPresenceRepository } from './planned-presence.repository';
import { CrechesRepository } from './creches.repository';
import { PublicCrecheList } from './public-creche-list';

@Module({
  imports: [AuditModule, TerritoriesModule, UsersModule, FeesModule],
  controllers: [CrechesController, OccupancyController, MyCrechesController],
  providers: [
    CrechesService,
    CapacityService,
    CrecheAccess,
    HolidayCalendar,
    OccupancyService,
    PlannedPresenceRepository,
    CrechesRepository,
    PublicCrecheList,
    InvoicedMonthsReadModel,
    AttendedDaysReadModel,
  ],
  exports: [CrechesService, CapacityService, CrecheAccess, HolidayCalendar],
})
export class CrechesModule {}
