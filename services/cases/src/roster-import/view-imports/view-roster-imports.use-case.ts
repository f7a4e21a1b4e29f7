import { Injectable } from '@nestjs/common';
import { CommonErrors, decodeCursor, Page, Principal, RegionScope, toPage } from '@wushe/platform';
import { stringify } from 'csv-stringify/sync';
import { RECIPIENT_READERS } from '../../recipients/recipient-roles';
import { presentRosterImport, RosterImportView } from '../roster-import.presenter';
import { RosterImportRepository } from '../roster-import.repository';
import { ListRosterImportsQuery, rosterImportCursorSchema } from '../roster-import.schemas';

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
      RegionScope.of(principal, RECIPIENT_READERS),
      { month: query.month, status: query.status },
      cursor?.id,
      query.limit + 1,
    );
    return toPage(rows.map(presentRosterImport), query.limit, (r) => ({ id: r.id }));
  }

  /**
   * The row-level report as CSV (with a BOM, so Excel reads the Chinese as UTF-8): row, column,
   * code, message. Empty but for the header unless the import was rejected.
   */
  async errorReport(principal: Principal, id: string): Promise<{ filename: string; csv: string }> {
    const run = await this.load(principal, id);
    const errors = await this.imports.errors(run.id);
    const csv = stringify(
      errors.map((e) => [e.rowNumber, e.column, e.code, e.message]),
      { header: true, columns: ['row', 'column', 'code', 'message'] },
    );
    return {
      filename: `roster-import-${run.month}-${run.category}-${run.id}-errors.csv`,
      csv: `\uFEFF${csv}`,
    };
  }

  private async load(principal: Principal, id: string) {
    const run = await this.imports.findInScope(RegionScope.of(principal, RECIPIENT_READERS), id);
    if (!run) throw CommonErrors.NOT_FOUND({ resource: 'roster-import', id });
    return run;
  }
}
