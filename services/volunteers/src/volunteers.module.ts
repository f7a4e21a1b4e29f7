import { DynamicModule, Module } from '@nestjs/common';
import { PlatformConfig, ProcessRole, roleCapabilities } from '@wushe/config';
import { housekeepingSchedules, JobsModule, PurgeIdempotencyRecordsHandler } from '@wushe/jobs';
import { MessagingModule } from '@wushe/messaging';
import { PlatformModule } from '@wushe/platform';
import type { Logger } from 'pino';
import { VolunteersDatabaseModule } from './database/volunteers-db';

/** The volunteers service; the role decides what this process does (see roleCapabilities). */
@Module({})
export class VolunteersModule {
  static forRoot(config: PlatformConfig, logger: Logger, role: ProcessRole): DynamicModule {
    const can = roleCapabilities(role);
    return {
      module: VolunteersModule,
      imports: [
        PlatformModule.forRoot({ config, logger, http: can.http }),
        MessagingModule.forRoot({ service: 'volunteers', relay: can.relay, consumers: can.consumers }),
        JobsModule.forRoot({
          handlers: [PurgeIdempotencyRecordsHandler],
          schedules: housekeepingSchedules,
          work: can.work,
        }),
        VolunteersDatabaseModule,
      ],
    };
  }
}
