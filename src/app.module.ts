import { createSecretKey } from 'node:crypto';
import { DynamicModule, Module } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { resolveSigningSecret } from './common/auth/signing-secret';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { AuthGuard } from './common/auth/auth.guard';
import { WriteRateGuard } from './common/auth/write-rate.guard';
import { TokenUserCache } from './common/auth/token-user.cache';
import { DbNotifications } from './common/db/db-notifications';
import { dataSourceOptions } from './common/db/data-source-options';
import { ErrorFilter } from './common/errors/error.filter';
import { loggerModule } from './common/logging/logger.module';
import { QueueModule } from './common/queue/queue.module';
import { CLOCK, Clock, systemClock } from './common/time/clock';
import { DomainEvents } from './common/events/domain-events';
import { AuditModule } from './modules/audit/audit.module';
import { HealthModule } from './modules/health/health.module';
import { NoticesModule } from './modules/notices/notices.module';
import { UsersModule } from './modules/users/users.module';
import { TerritoriesModule } from './modules/territories/territories.module';
import { CrechesModule } from './modules/creches/creches.module';
import { ContractsModule } from './modules/contracts/contracts.module';
import { FeesModule } from './modules/fees/fees.module';
import { FeeAuditModule } from './modules/fee-audit/fee-audit.module';
import { CafReportsModule } from './modules/caf-reports/caf-reports.module';
import { FamiliesModule } from './modules/families/families.module';
import { WaitlistModule } from './modules/waitlist/waitlist.module';
import { ApplicationsModule } from './modules/applications/applications.module';
import { AllocationModule } from './modules/allocation/allocation.module';
import { PrivacyModule } from './modules/privacy/privacy.module';
import { AttendanceModule } from './modules/attendance/attendance.module';
import { BillingModule } from './modules/billing/billing.module';
import { TerritoryDashboardModule } from './modules/territory-dashboard/territory-dashboard.module';

export interface AppModuleOptions {
  readonly config: AppConfig;
  /** Whether this process runs the BullMQ workers (the `all` and `worker` roles). */
  readonly runWorkers: boolean;
  readonly clock?: Clock;
  /** Where logs go (stdout by default); tests capture them to check that no personal data is logged. */
  readonly logDestination?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot(opts: AppModuleOptions): DynamicModule {
    const { config } = opts;
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        loggerModule(config, opts.logDestination),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl), migrationsRun: false }),
        // A KeyObject made once: given a string, jsonwebtoken tries (and fails) to parse it as a public key on every verify.
        JwtModule.registerAsync({
          global: true,
          inject: [DataSource],
          useFactory: async (dataSource: DataSource) => ({
            secret: createSecretKey(Buffer.from(await resolveSigningSecret(dataSource, config))),
            verifyOptions: { algorithms: ['HS256'] },
          }),
        }),
        QueueModule.forRoot({ runWorkers: opts.runWorkers }),
        AuditModule,
        NoticesModule,
        UsersModule,
        HealthModule,
        TerritoriesModule,
        CrechesModule,
        ContractsModule,
        FeesModule,
        FeeAuditModule,
        CafReportsModule,
        FamiliesModule,
        WaitlistModule,
        ApplicationsModule,
        AllocationModule,
        PrivacyModule,
        AttendanceModule,
        BillingModule,
        TerritoryDashboardModule,
      ],
      providers: [
        { provide: CLOCK, useValue: opts.clock ?? systemClock },
        DbNotifications,
        TokenUserCache,
        DomainEvents,
        { provide: APP_GUARD, useClass: AuthGuard },
        // After the auth guard (guards run in the order given): it needs the user.
        { provide: APP_GUARD, useClass: WriteRateGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
      exports: [CLOCK, DbNotifications, TokenUserCache, DomainEvents],
      global: true,
    };
  }
}
