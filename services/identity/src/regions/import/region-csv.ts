import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

// Just enough CSV for division tables: comma-separated, fields optionally in double quotes with
// "" for a quote inside. One record per line (a division name never spans lines).

export type CsvFields = { ok: true; fields: string[] } | { ok: false; message: string };

export function parseCsvLine(line: string): CsvFields {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const quote = line.indexOf('"', i);
        if (quote < 0) return { ok: false, message: 'a quoted field is not closed' };
        value += line.slice(i, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      fields.push(value);
      if (i === line.length) return { ok: true, fields };
      if (line[i] !== ',') return { ok: false, message: 'text after a closing quote' };
      i++;
    } else {
      const comma = line.indexOf(',', i);
      const value = comma < 0 ? line.slice(i) : line.slice(i, comma);
      if (value.includes('"')) return { ok: false, message: 'a quote inside an unquoted field' };
      fields.push(value.trim());
      if (comma < 0) return { ok: true, fields };
      i = comma + 1;
    }
  }
}

export interface CsvLine {
  /** 1-based, counting the header. */
  number: number;
  text: string;
}

/**
 * The lines of a UTF-8 file, streamed (the package's villages.csv is 36 MB). A leading BOM is
 * dropped and blank lines are skipped; `keep` filters data lines before they are parsed.
 */
export async function* readCsvLines(path: string, keep?: (text: string) => boolean): AsyncGenerator<CsvLine> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let number = 0;
  for await (const raw of lines) {
    number++;
    const text = number === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    if (number > 1 && keep && !keep(text)) continue;
    yield { number, text };
  }
}
