import { DynamicModule, Module } from '@nestjs/common';
import type { PlatformConfig } from '@wushe/config';
import { JobsModule } from '@wushe/jobs';
import { MessagingModule } from '@wushe/messaging';
import { PlatformModule } from '@wushe/platform';
import type { Logger } from 'pino';
import { casesJobs } from './cases-api.module';
import { CasesDatabaseModule } from './database/cases-database.module';

/** The cases worker process: scheduled and queued jobs; health and metrics over HTTP. */
@Module({})
export class CasesWorkerModule {
  static forRoot(config: PlatformConfig, logger: Logger): DynamicModule {
    return {
      module: CasesWorkerModule,
      imports: [
        PlatformModule.forRoot({ config, logger, http: false }),
        // Jobs write events to the outbox; the API processes' relays publish them.
        MessagingModule.forRoot({ service: 'cases', relay: false, consumers: false }),
        JobsModule.forRoot(casesJobs(true)),
        CasesDatabaseModule,
      ],
    };
  }
}
