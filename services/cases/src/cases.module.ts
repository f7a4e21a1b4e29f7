import { DynamicModule, Module } from '@nestjs/common';
import { PlatformConfig, ProcessRole, roleCapabilities } from '@wushe/config';
import { housekeepingSchedules, JobsModule, PurgeIdempotencyRecordsHandler } from '@wushe/jobs';
import { MessagingModule } from '@wushe/messaging';
import { PlatformModule } from '@wushe/platform';
import type { Logger } from 'pino';
import { CaseWorkModule } from './case-work/case-work.module';
import { CasesDatabaseModule } from './database/cases-database.module';
import { HouseholdsModule } from './households/households.module';
import { IdentityCopiesModule } from './identity-copies/identity-copies.module';
import { LedgerExportModule } from './ledger-export/ledger-export.module';
import {
  monitoringReminderSchedules,
  SendMonitoringRemindersHandler,
} from './monitoring-reminders/monitoring-reminders.job';
import { CasesSettingsModule } from './settings/cases-settings';
import { PoliciesModule } from './policies/policies.module';
import { ProgrammesModule } from './programmes/programmes.module';
import { RecipientsModule } from './recipients/recipients.module';
import { RosterImportModule, RosterImportWorkModule } from './roster-import/roster-import.module';
import {
  ExpireRosterFilesHandler,
  rosterFileSchedules,
} from './roster-import/expire-files/expire-roster-files.job';
import { RunRosterImportHandler } from './roster-import/run-import/roster-import.job';
import { VisitsModule } from './visits/visits.module';

/** The cases service; the role decides what this process does (see roleCapabilities). */
@Module({})
export class CasesModule {
  static forRoot(config: PlatformConfig, logger: Logger, role: ProcessRole): DynamicModule {
    const can = roleCapabilities(role);
    return {
      module: CasesModule,
      imports: [
        PlatformModule.forRoot({ config, logger, http: can.http }),
        MessagingModule.forRoot({ service: 'cases', relay: can.relay, consumers: can.consumers }),
        JobsModule.forRoot({
          handlers: [
            PurgeIdempotencyRecordsHandler,
            RunRosterImportHandler,
            ExpireRosterFilesHandler,
            SendMonitoringRemindersHandler,
          ],
          schedules: [...housekeepingSchedules, ...monitoringReminderSchedules, ...rosterFileSchedules],
          work: can.work,
        }),
        CasesDatabaseModule,
        CasesSettingsModule,
        IdentityCopiesModule,
        // Global: the job handlers inject its exports (its front door), nothing looked up.
        RosterImportWorkModule,
        // Capability modules (recipients, identity copies, …) are added here.
        ...(can.http
          ? [
              // First: GET /recipients/export must match ahead of GET /recipients/:id, and routes are
              // registered in the order modules are first reached (VisitsModule imports RecipientsModule).
              LedgerExportModule,
              VisitsModule,
              RecipientsModule,
              HouseholdsModule,
              PoliciesModule,
              CaseWorkModule,
              ProgrammesModule,
              RosterImportModule,
            ]
          : []),
      ],
    };
  }
}
