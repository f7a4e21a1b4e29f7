import { DynamicModule, Module } from '@nestjs/common';
import type { PlatformConfig } from '@wushe/config';
import { MessagingModule } from '@wushe/messaging';
import { PlatformModule } from '@wushe/platform';
import type { Logger } from 'pino';
import { CasesDatabaseModule } from './database/cases-database.module';
import { VisitsModule } from './visits/visits.module';

/** The cases API process: HTTP, the outbox relay, and (later) its event consumers. */
@Module({})
export class CasesApiModule {
  static forRoot(config: PlatformConfig, logger: Logger): DynamicModule {
    return {
      module: CasesApiModule,
      imports: [
        PlatformModule.forRoot({ config, logger, http: true }),
        MessagingModule.forRoot({ service: 'cases', relay: true, consumers: true }),
        CasesDatabaseModule,
        VisitsModule,
      ],
    };
  }
}
