import { Injectable } from '@nestjs/common';
import { CommonErrors, decodeCursor, Page, Principal, toPage } from '@wushe/platform';
import { stringify } from 'csv-stringify/sync';
import { presentRosterImport, RosterImportView } from '../roster-import.presenter';
import { RosterImportRepository, RosterImportRow } from '../roster-import.repository';
import { ListRosterImportsQuery, rosterImportCursorSchema } from '../roster-import.schemas';
import { scopeFor } from '../../access/permissions';

/** Imports whose region lies in the caller's reader scope; any other import answers 404. */
@Injectable()
export class ViewRosterImports {
  constructor(private readonly imports: RosterImportRepository) {}

  async get(principal: Principal, id: string): Promise<RosterImportView> {
    return presentRosterImport(await this.load(principal, id));
  }

  async page(principal: Principal, query: ListRosterImportsQuery): Promise<Page<RosterImportView>> {
    const cursor = decodeCursor(query.cursor, rosterImportCursorSchema);
    const rows = await this.imports.page(
      scopeFor(principal, 'roster-imports.read'),
      { month: query.month, status: query.status },
      cursor?.id,
      query.limit + 1,
    );
    return toPage(rows.map(presentRosterImport), query.limit, (r) => ({ id: r.id }));
  }

  /**
   * The row-level report: row, column, code, message. Empty but for the header unless the import
   * was rejected.
   */
  async errorReport(principal: Principal, id: string): Promise<CsvReport> {
    const run = await this.load(principal, id);
    const errors = await this.imports.errors(run.id);
    return csvReport(
      run,
      'errors',
      ['row', 'column', 'code', 'message'],
      errors.map((e) => [e.rowNumber, e.column, e.code, e.message]),
    );
  }

  /**
   * People in the ledger whom a completed import's roster lists in another village: row,
   * recipient id, the ledger's village, the roster's. Ids and codes only; the station looks each
   * person up in the ledger, where the caller's scope applies as usual.
   */
  async villageDifferenceReport(principal: Principal, id: string): Promise<CsvReport> {
    const run = await this.load(principal, id);
    const differences = await this.imports.villageDifferences(run.id);
    return csvReport(
      run,
      'village-differences',
      ['row', 'recipientId', 'ledgerVillage', 'rosterVillage'],
      differences.map((d) => [d.rowNumber, d.recipientId, d.ledgerVillage, d.rosterVillage]),
    );
  }

  private async load(principal: Principal, id: string) {
    const run = await this.imports.findInScope(scopeFor(principal, 'roster-imports.read'), id);
    if (!run) throw CommonErrors.NOT_FOUND({ resource: 'roster-import', id });
    return run;
  }
}

export interface CsvReport {
  filename: string;
  csv: string;
}

/** A report about one import as CSV, with a BOM so Excel reads the Chinese as UTF-8. */
function csvReport(
  run: RosterImportRow,
  name: string,
  columns: string[],
  rows: Array<Array<string | number>>,
): CsvReport {
  return {
    filename: `roster-import-${run.month}-${run.category}-${run.id}-${name}.csv`,
    csv: `\uFEFF${stringify(rows, { header: true, columns })}`,
  };
}
