import { Module } from '@nestjs/common';
import { CrechesModule } from '../creches/creches.module';
import { FeesModule } from '../fees/fees.module';
import { BookingsService } from './bookings.service';
import { ContractsController } from './contracts.controller';
import { ContractsService } from './contracts.service';

@Module({
  imports: [CrechesModule, FeesModule],
  controllers: [ContractsController],
  providers: [ContractsService, BookingsService],
  exports: [ContractsService],
})
export class ContractsModule {}
