import { Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import ExcelJS from 'exceljs';
import type { RosterFileFormat } from '../roster-import.schemas';

/** A row of the file as text cells; rowNumber is the line (CSV) or row (XLSX) a person sees. */
export interface RawRow {
  rowNumber: number;
  cells: string[];
}

/** The file as a whole cannot be read (not a workbook, broken quoting): no row can be trusted. */
export class UnreadableRosterFile extends Error {
  constructor(readonly detail: string) {
    super(`unreadable roster file: ${detail}`);
  }
}

/** Streams the rows of a CSV or XLSX file; only the first worksheet of a workbook is read. */
export function readRosterRows(
  source: AsyncIterable<Buffer>,
  format: RosterFileFormat,
  encoding: 'utf-8' | 'gb18030',
): AsyncGenerator<RawRow> {
  return format === 'csv' ? csvRows(source, encoding) : xlsxRows(source);
}

async function* decode(source: AsyncIterable<Buffer>, encoding: string): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  for await (const chunk of source) yield decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

async function* csvRows(
  source: AsyncIterable<Buffer>,
  encoding: 'utf-8' | 'gb18030',
): AsyncGenerator<RawRow> {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true });
  const input = Readable.from(decode(source, encoding));
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      yield { rowNumber: info.lines, cells: record };
    }
  } catch (error) {
    if (error instanceof CsvError) throw new UnreadableRosterFile(`${error.code} near line ${lineOf(error)}`);
    throw error;
  } finally {
    input.destroy();
  }
}

function lineOf(error: CsvError): number | string {
  return (error as unknown as { lines?: number }).lines ?? '?';
}

async function* xlsxRows(source: AsyncIterable<Buffer>): AsyncGenerator<RawRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(source), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'emit',
  });
  let sheets = 0;
  try {
    for await (const sheet of reader) {
      sheets += 1;
      for await (const row of sheet) {
        // Later sheets (notes, totals) are read past, not imported.
        if (sheets > 1) continue;
        const values = (row.values as unknown[]).slice(1);
        const cells = Array.from(values, cellText);
        if (cells.some((c) => c.trim() !== '')) yield { rowNumber: row.number, cells };
      }
    }
  } catch (error) {
    if (error instanceof UnreadableRosterFile) throw error;
    throw new UnreadableRosterFile(`not a readable XLSX workbook (${(error as Error).message.slice(0, 80)})`);
  }
  if (sheets === 0) throw new UnreadableRosterFile('the workbook has no worksheet');
}

/** The text a cell shows: shared strings, rich text, hyperlinks and formula results included. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if (v.text !== undefined) return cellText(v.text);
    if (v.result !== undefined) return cellText(v.result);
  }
  return '';
}
