import { DynamicModule, Module } from '@nestjs/common';
import type { PlatformConfig } from '@wushe/config';
import { housekeepingSchedules, JobsModule, PurgeIdempotencyRecordsHandler } from '@wushe/jobs';
import { MessagingModule } from '@wushe/messaging';
import { PlatformModule } from '@wushe/platform';
import type { Logger } from 'pino';
import { CasesDatabaseModule } from './database/cases-database.module';
import { VisitsModule } from './visits/visits.module';

/** Cases' jobs; API processes only enqueue, workers run them. */
export function casesJobs(work: boolean) {
  return { handlers: [PurgeIdempotencyRecordsHandler], schedules: housekeepingSchedules, work };
}

/** The cases API process: HTTP, the outbox relay, and (later) its event consumers. */
@Module({})
export class CasesApiModule {
  static forRoot(config: PlatformConfig, logger: Logger): DynamicModule {
    return {
      module: CasesApiModule,
      imports: [
        PlatformModule.forRoot({ config, logger, http: true }),
        MessagingModule.forRoot({ service: 'cases', relay: true, consumers: true }),
        JobsModule.forRoot(casesJobs(false)),
        CasesDatabaseModule,
        VisitsModule,
      ],
    };
  }
}
