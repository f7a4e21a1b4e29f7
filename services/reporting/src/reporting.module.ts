import { DynamicModule, Module } from '@nestjs/common';
import { PlatformConfig, ProcessRole, roleCapabilities } from '@wushe/config';
import { JobsModule } from '@wushe/jobs';
import { MessagingModule } from '@wushe/messaging';
import { PlatformModule } from '@wushe/platform';
import type { Logger } from 'pino';
import { ReportingDatabaseModule } from './database/reporting-db';
import { VisitsReportModule } from './visits/visits-report.module';

/** Reporting serves queries and runs the projections that feed them; it has no scheduled work. */
@Module({})
export class ReportingModule {
  static forRoot(config: PlatformConfig, logger: Logger, role: ProcessRole): DynamicModule {
    const can = roleCapabilities(role);
    return {
      module: ReportingModule,
      imports: [
        PlatformModule.forRoot({ config, logger, http: can.http }),
        MessagingModule.forRoot({ service: 'reporting', relay: can.relay, consumers: can.consumers }),
        JobsModule.forRoot({ handlers: [], schedules: [], work: false }),
        ReportingDatabaseModule,
        VisitsReportModule,
      ],
    };
  }
}
