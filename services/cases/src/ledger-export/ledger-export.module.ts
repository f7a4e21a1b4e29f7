import { Module } from '@nestjs/common';
import { Caseloads } from '../recipients/caseload';
import { RecipientRepository } from '../recipients/recipient.repository';
import { ExportLedger } from './export-ledger/export-ledger.use-case';
import { ExportLogRepository } from './export-log.repository';
import { LedgerExportController } from './ledger-export.controller';

/**
 * Masked exports of the recipients ledger (CSV, XLSX), audited in export_log. Its route
 * GET /recipients/export must be registered before RecipientsModule's GET /recipients/:id, so this
 * module comes first in CasesModule's imports.
 */
@Module({
  controllers: [LedgerExportController],
  providers: [RecipientRepository, Caseloads, ExportLogRepository, ExportLedger],
})
export class LedgerExportModule {}
