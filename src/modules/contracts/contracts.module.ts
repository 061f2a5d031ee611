import { Module } from '@nestjs/common';
import { CrechesModule } from '../creches/creches.module';
import { BookingsService } from './bookings.service';
import { ContractsController } from './contracts.controller';
import { ContractsService } from './contracts.service';

@Module({
  imports: [CrechesModule],
  controllers: [ContractsController],
  providers: [ContractsService, BookingsService],
  exports: [ContractsService],
})
export class ContractsModule {}
