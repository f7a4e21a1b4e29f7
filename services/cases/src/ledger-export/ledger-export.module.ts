import { Module } from '@nestjs/common';
import { RecipientsModule } from '../recipients/recipients.module';
import { ExportLedger } from './export-ledger/export-ledger.use-case';
import { ExportLogRepository } from './export-log.repository';
import { LedgerExportController } from './ledger-export.controller';

/**
 * Masked exports of the recipients ledger (CSV, XLSX), audited in export_log. Its route
 * GET /recipients/export must be registered before RecipientsModule's GET /recipients/:id: Nest
 * registers routes in the order modules are first reached, so this module comes first in
 * CasesModule's HTTP imports (ahead of every module that imports RecipientsModule).
 */
@Module({
  imports: [RecipientsModule],
  controllers: [LedgerExportController],
  providers: [ExportLogRepository, ExportLedger],
})
export class LedgerExportModule {}
