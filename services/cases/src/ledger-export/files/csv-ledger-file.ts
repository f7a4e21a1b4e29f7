import { stringify } from 'csv-stringify';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { finishedOrAborted, LedgerFileFormat, roomIn } from './ledger-file';

/**
 * CSV for Excel on Chinese Windows: a UTF-8 byte order mark (without it Excel reads GBK and shows
 * mojibake), CRLF line ends, and cells starting with = + - @ prefixed with ' so a name cannot
 * smuggle a formula into the sheet (CSV injection).
 */
export const csvLedgerFormat: LedgerFileFormat = {
  contentType: 'text/csv; charset=utf-8',
  extension: 'csv',
  open(out: Writable, header: readonly string[], signal: AbortSignal) {
    const csv = stringify({ bom: true, record_delimiter: 'windows', escape_formulas: true });
    csv.pipe(out);
    csv.write(header);
    return {
      async writeRow(row) {
        csv.write(row);
        await roomIn(csv, signal);
      },
      async finish() {
        csv.end();
        await finishedOrAborted(finished(out), signal);
      },
    };
  },
};
