import { Injectable, Logger } from '@nestjs/common';
import { chinaCalendarDate } from '@wushe/cn-standards';
import { CommonErrors, FieldCipher, Principal, RegionScope } from '@wushe/platform';
import type { Response } from 'express';
import { v7 as uuidv7 } from 'uuid';
import { CaseloadFilter, Caseloads, RecipientRepository, todayUtcDate } from '../../recipients';
import { ExportLogRepository } from '../export-log.repository';
import { csvLedgerFormat } from '../files/csv-ledger-file';
import type { LedgerFileFormat } from '../files/ledger-file';
import { xlsxLedgerFormat } from '../files/xlsx-ledger-file';
import { chinaDateTime, LEDGER_HEADER, ledgerRow } from '../ledger-columns';
import type { LedgerExportFormat, LedgerExportQuery } from '../ledger-export.schemas';
import { holds, scopeFor } from '../../access/permissions';

const FORMATS: Record<LedgerExportFormat, LedgerFileFormat> = {
  csv: csvLedgerFormat,
  xlsx: xlsxLedgerFormat,
};

/** Rows per database page: keyset pages keep a county of 200k rows out of memory. */
const PAGE_SIZE = 500;

/** An authorised, recorded export, ready to stream. */
export interface LedgerExportRun {
  readonly exportId: string;
  streamTo(res: Response): Promise<void>;
}

/**
 * The masked ledger as a CSV or XLSX file, confined to the regions where the caller may export,
 * filtered as GET /recipients filters (a region outside the scope gives an empty file, as the list
 * gives an empty page). The export is recorded before the first byte leaves and completed with
 * its row count (or marked failed) when the file ends.
 */
@Injectable()
export class ExportLedger {
  private readonly logger = new Logger('LedgerExport');

  constructor(
    private readonly recipients: RecipientRepository,
    private readonly caseloads: Caseloads,
    private readonly exportLog: ExportLogRepository,
    private readonly cipher: FieldCipher,
  ) {}

  /** Everything that can be refused is refused here, while an error can still be a problem document. */
  async start(
    principal: Principal,
    query: LedgerExportQuery,
    ip: string | undefined,
  ): Promise<LedgerExportRun> {
    if (principal.kind !== 'user' || !holds(principal, 'ledger.export')) throw CommonErrors.FORBIDDEN();
    const scope = scopeFor(principal, 'ledger.export');
    const filter = {
      ...(query.region ? { region: query.region } : {}),
      ...(query.category ? { category: query.category } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.assignedWorker ? { assignedWorker: query.assignedWorker } : {}),
    };
    const caseload = await this.caseloads.filterFor(principal, query.assignedWorker);
    const exportId = uuidv7();
    await this.exportLog.started({
      id: exportId,
      actorId: principal.subject,
      format: query.format,
      filter,
      scope: scope.prefixes === 'all' ? ['*'] : scope.prefixes,
      ip: ip?.slice(0, 64) ?? null,
    });
    return { exportId, streamTo: (res) => this.stream(exportId, scope, query, caseload, res) };
  }

  /** Never throws: once the headers are out, a failure can only cut the download short. */
  private async stream(
    exportId: string,
    scope: RegionScope,
    query: LedgerExportQuery,
    caseload: CaseloadFilter | undefined,
    res: Response,
  ) {
    const format = FORMATS[query.format];
    const now = new Date();
    const today = chinaCalendarDate(now);
    const filter = {
      region: query.region,
      category: query.category,
      status: query.status,
      caseload,
      today: todayUtcDate(now),
    };
    const client = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) client.abort(new Error('the client closed the connection'));
    });
    res.status(200);
    res.setHeader('Content-Type', format.contentType);
    res.setHeader('Content-Disposition', contentDisposition(query, format.extension, now));
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Export-Id', exportId);

    let rows = 0;
    try {
      const file = format.open(res, LEDGER_HEADER, client.signal);
      let afterId: string | undefined;
      for (;;) {
        const page = await this.recipients.page(scope, filter, afterId, PAGE_SIZE);
        for (const recipient of page) {
          await file.writeRow(ledgerRow(recipient, this.cipher, today));
          rows += 1;
        }
        if (page.length < PAGE_SIZE) break;
        afterId = page[page.length - 1].id;
      }
      await file.finish();
      await this.exportLog.ended(exportId, 'completed', rows);
    } catch (error) {
      if (!client.signal.aborted) this.logger.error({ err: error, exportId }, 'Ledger export failed');
      res.destroy();
      await this.exportLog.ended(exportId, 'failed', rows).catch((e: unknown) => {
        this.logger.error({ err: e, exportId }, 'Could not mark the ledger export failed');
      });
    }
  }
}

/** `台账-<region>-<YYYYMMDD-HHmmss>.<ext>`, with an ASCII fallback for old clients. */
function contentDisposition(query: LedgerExportQuery, extension: string, now: Date): string {
  const stamp = chinaDateTime(now).replace(/-|:/g, '').replace(' ', '-');
  const base = `${query.region ?? 'all'}-${stamp}.${extension}`;
  return `attachment; filename="ledger-${base}"; filename*=UTF-8''${encodeURIComponent(`台账-${base}`)}`;
}
