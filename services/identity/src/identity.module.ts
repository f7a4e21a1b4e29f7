import { DynamicModule, Module } from '@nestjs/common';
import { PlatformConfig, ProcessRole, roleCapabilities } from '@wushe/config';
import { housekeepingSchedules, JobsModule, PurgeIdempotencyRecordsHandler } from '@wushe/jobs';
import { MessagingModule } from '@wushe/messaging';
import { PlatformModule } from '@wushe/platform';
import type { Logger } from 'pino';
import { AccessModule } from './access/access.module';
import { AccountsModule } from './accounts/accounts.module';
import { AuditModule } from './audit/audit-log';
import { AuditReadModule } from './audit/audit-read.module';
import { NotificationsModule } from './notifications/notifications.module';
import { RegionsModule } from './regions/regions.module';
import { StaffModule } from './staff/staff.module';
import { StationsModule } from './stations/stations.module';
import { TrainingsModule } from './trainings/trainings.module';
import { IdentityDatabaseModule } from './database/identity-db';
import { SettingsModule } from './settings/settings.module';

/** The identity service; the role decides what this process does (see roleCapabilities). */
@Module({})
export class IdentityModule {
  static forRoot(config: PlatformConfig, logger: Logger, role: ProcessRole): DynamicModule {
    const can = roleCapabilities(role);
    return {
      module: IdentityModule,
      imports: [
        PlatformModule.forRoot({ config, logger, http: can.http }),
        MessagingModule.forRoot({ service: 'identity', relay: can.relay, consumers: can.consumers }),
        JobsModule.forRoot({
          handlers: [PurgeIdempotencyRecordsHandler],
          schedules: housekeepingSchedules,
          work: can.work,
        }),
        IdentityDatabaseModule,
        SettingsModule,
        AuditModule,
        // Capability modules (regions, stations, accounts, access, …) are added here.
        AccountsModule.forRoot(role),
        RegionsModule.forRoot(can.http),
        ...(can.http
          ? [AuditReadModule, NotificationsModule, AccessModule, StaffModule, TrainingsModule, StationsModule]
          : []),
      ],
    };
  }
}
