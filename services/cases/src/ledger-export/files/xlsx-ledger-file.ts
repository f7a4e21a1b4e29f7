import { stream as excelStream } from 'exceljs';
import type { Writable } from 'node:stream';
import { finishedOrAborted, LedgerFileFormat, roomIn } from './ledger-file';

/**
 * XLSX through exceljs' streaming writer: each row is committed (serialised into the zip) as it
 * is written, so the workbook never sits in memory. Cells are plain strings, never formulas.
 */
export const xlsxLedgerFormat: LedgerFileFormat = {
  contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  extension: 'xlsx',
  open(out: Writable, header: readonly string[], signal: AbortSignal) {
    const workbook = new excelStream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: false,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet('台账', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow([...header]).commit();
    return {
      async writeRow(row) {
        sheet.addRow([...row]).commit();
        // The zip is piped into `out`: when the client lags, `out` fills up and we wait for it.
        await roomIn(out, signal);
      },
      async finish() {
        sheet.commit();
        // Resolves on `out`'s finish (exceljs ends the stream it was given).
        await finishedOrAborted(workbook.commit(), signal);
      },
    };
  },
};
