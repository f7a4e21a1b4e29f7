import { DynamicModule, Module } from '@nestjs/common';
import type { PlatformConfig } from '@wushe/config';
import { MessagingModule } from '@wushe/messaging';
import { PlatformModule } from '@wushe/platform';
import type { Logger } from 'pino';
import { ReportingDatabaseModule } from './database/reporting-db';
import { VisitsReportModule } from './visits/visits-report.module';

export interface ReportingProcess {
  http: boolean;
  consumers: boolean;
}

/** Reporting's API process serves queries and runs the projections that feed them. */
@Module({})
export class ReportingApiModule {
  static forRoot(
    config: PlatformConfig,
    logger: Logger,
    process: ReportingProcess = { http: true, consumers: true },
  ): DynamicModule {
    return {
      module: ReportingApiModule,
      imports: [
        PlatformModule.forRoot({ config, logger, http: process.http }),
        MessagingModule.forRoot({ service: 'reporting', relay: process.http, consumers: process.consumers }),
        ReportingDatabaseModule,
        VisitsReportModule,
      ],
    };
  }
}
