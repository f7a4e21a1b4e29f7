// Monthly roster import (低保/特困 花名册) end to end, beside a raw psql \copy of the same CSV file.
//
// One run measures, on the same machine:
//   1. baseline: `psql -c "\copy … FROM file WITH (FORMAT csv, HEADER)"` of the generated file into
//      a plain table of six text columns in the run's schema: what loading the bytes costs PostgreSQL.
//   2. import: the cases API and a cases worker running in this process (real PostgreSQL, NATS,
//      Redis); the file is POSTed to /api/v1/cases/roster-imports and the import polled every
//      second until it completes. Upload, parse + validate + stage, cross-row checks and the
//      applying transaction are timed from the status changes; rows/s over the whole.
//   3. same again: the same rows in a file that differs by one byte (so a new import), which must
//      register, add and change nothing: the cost of re-importing data already in place.
// N rows (default 1,500,000; --rows N or ROSTER_ROWS=N) with distinct valid resident IDs, all in
// one township's villages; the worker's target is 1.5 M rows in at most 10 minutes. XLSX cannot
// hold 1.5 M rows (a worksheet stops at 1,048,576), so the benchmark file is CSV.
// Isolated like a test (createTestEnvironment); the schema, streams, keys and the temporary file
// are removed at the end, also when the run fails or is interrupted.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { residentIdCheckChar } from '@wushe/cn-standards';
import { loadServiceConfig } from '@wushe/config';
import { createHttpApp } from '@wushe/platform';
import { createTestEnvironment, TestEnvironment } from '@wushe/testing';
import { Client } from 'pg';
import pino from 'pino';
import { CasesModule, casesEnvSchema } from '@wushe/cases';
import { describeMachine, loadAverage, machineLine } from './support/machine';
import { cleanupOnSignal, printReport, runScenario } from './support/run';
import { round } from './support/stats';

const SCENARIO = 'roster-import';
const TOWNSHIP = '430703100';
const TARGET_SECONDS = 600;
const USAGE = `usage: npm run bench -- ${SCENARIO} [--rows N] [--progress]   (ROSTER_ROWS=N also sets N)`;

interface Params {
  rows: number;
  progress: boolean;
}

function parseParams(argv: string[]): Params {
  const params: Params = { rows: Number(process.env.ROSTER_ROWS ?? 1_500_000), progress: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if (flag === '--progress') {
      params.progress = true;
      continue;
    }
    const raw = inline ?? argv[++i];
    if (flag !== '--rows' || !/^\d+$/.test(raw ?? '')) {
      console.error(`bad option ${flag} ${raw ?? ''}\n${USAGE}`);
      process.exit(2);
    }
    params.rows = Number(raw);
  }
  if (!Number.isInteger(params.rows) || params.rows < 1 || params.rows > 5_000_000) {
    console.error(`rows must be 1 … 5,000,000\n${USAGE}`);
    process.exit(2);
  }
  return params;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Row i gets birth date 1940-01-01 + ⌊i / 998⌋ days and sequence i mod 998 + 1, so every ID is
 * distinct and valid (GB 11643 check character) without remembering the ones already made.
 */
function residentIdOf(i: number): string {
  const born = new Date(Date.UTC(1940, 0, 1) + Math.floor(i / 998) * 86_400_000);
  const date = `${born.getUTCFullYear()}${pad(born.getUTCMonth() + 1, 2)}${pad(born.getUTCDate(), 2)}`;
  const first17 = `430703${date}${pad((i % 998) + 1, 3)}`;
  return first17 + residentIdCheckChar(first17);
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华';

async function writeRoster(path: string, rows: number): Promise<number> {
  const out = createWriteStream(path);
  out.write('姓名,身份证号码,类别,村(居)代码,户编号,金额\n');
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    const name = `${SURNAMES[i % 20]}${GIVEN[(i * 7) % 24]}${GIVEN[(i * 13) % 24]}`;
    const village = `${TOWNSHIP}${pad((i % 300) + 1, 3)}`;
    buffer += `${name},${residentIdOf(i)},低保,${village},H${pad(i, 8)},${300 + (i % 500)}.50\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return statSync(path).size;
}

/** psql's \copy: the client streams the file over the connection, as COPY FROM STDIN. */
function psqlCopy(url: string, table: string, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      'psql',
      [
        url,
        '-v',
        'ON_ERROR_STOP=1',
        '-q',
        '-c',
        `\\copy ${table} FROM '${file}' WITH (FORMAT csv, HEADER true)`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve((performance.now() - started) / 1000) : reject(new Error(`psql: ${stderr}`)),
    );
  });
}

interface ImportRun {
  id: string;
  uploadSeconds: number;
  totalSeconds: number;
  phases: Record<string, number>;
  view: ImportView;
}

/** The parts of GET /roster-imports/:id the bench reads. */
interface ImportView {
  status: string;
  progress: { rowsParsed: number; rowsValid: number; rowsInvalid: number };
  result: Record<string, number> | null;
}

async function runImport(
  base: string,
  token: string,
  file: Buffer,
  month: string,
  progress: boolean,
): Promise<ImportRun> {
  const started = performance.now();
  const res = await fetch(`${base}/api/v1/cases/roster-imports?month=${month}&category=dibao`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: file,
  });
  const uploaded = performance.now();
  const created = (await res.json()) as { id: string; status: string };
  if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${JSON.stringify(created)}`);
  // When each status was first seen (polled once a second, so each phase is ±1 s).
  const firstSeen: Record<string, number> = { queued: uploaded };
  for (;;) {
    await new Promise((r) => setTimeout(r, 1_000));
    const view = (await (
      await fetch(`${base}/api/v1/cases/roster-imports/${created.id}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as ImportView;
    firstSeen[view.status] ??= performance.now();
    if (progress) {
      const p = view.progress;
      console.error(`  ${view.status} parsed ${p.rowsParsed} valid ${p.rowsValid} invalid ${p.rowsInvalid}`);
    }
    if (view.status === 'rejected') throw new Error(`import rejected: ${JSON.stringify(view)}`);
    if (view.status === 'completed') {
      const order = ['queued', 'parsing', 'checking', 'applying', 'completed'];
      const phases: Record<string, number> = {};
      for (let i = 0; i < order.length - 1; i++) {
        const from = firstSeen[order[i]];
        const to = order
          .slice(i + 1)
          .map((s) => firstSeen[s])
          .find((t) => t !== undefined);
        if (from !== undefined && to !== undefined) phases[order[i]] = round((to - from) / 1000, 1);
      }
      return {
        id: created.id,
        uploadSeconds: round((uploaded - started) / 1000, 1),
        totalSeconds: round((firstSeen.completed - started) / 1000, 1),
        phases,
        view,
      };
    }
  }
}

async function main(): Promise<void> {
  const params = parseParams(process.argv.slice(2));
  let env: TestEnvironment | undefined;
  let api: NestExpressApplication | undefined;
  let worker: NestExpressApplication | undefined;
  let admin: Client | undefined;
  const scratch = mkdtempSync(join(tmpdir(), `${SCENARIO}-`));
  const cleanup = cleanupOnSignal(async () => {
    rmSync(scratch, { recursive: true, force: true });
    await admin?.end().catch(() => undefined);
    const server = api?.getHttpServer() as import('node:http').Server | undefined;
    server?.close();
    server?.closeAllConnections();
    await worker?.close().catch((e) => console.error('worker close failed:', e));
    await api?.close().catch((e) => console.error('api close failed:', e));
    await env?.teardown().catch((e) => console.error(`could not clean up ${env?.runId}:`, e));
  });

  try {
    const loadAtStart = loadAverage();
    env = await createTestEnvironment(['cases']);
    const database = env.databases.cases;
    admin = new Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(`SET search_path TO "${database.schema}"`);
    const machine = await describeMachine(admin, loadAtStart);

    const path = join(scratch, 'roster.csv');
    console.error(`[${SCENARIO}] run ${env.runId}: writing ${params.rows} rows…`);
    const bytes = await writeRoster(path, params.rows);

    // 1. Baseline: the same file, straight into a plain table.
    const table = `"${database.schema}".bench_roster_copy`;
    await admin.query(
      `CREATE TABLE ${table} (name text, resident_id text, category text, village_code text,
                              household text, amount text)`,
    );
    console.error(`[${SCENARIO}] psql \\copy baseline…`);
    const copySeconds = round(await psqlCopy(database.url, table, path), 2);
    const copied = Number((await admin.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
    if (copied !== params.rows) throw new Error(`\\copy loaded ${copied} rows, expected ${params.rows}`);
    await admin.query(`DROP TABLE ${table}`);

    // 2. The platform: API + worker in this process, the file over HTTP, the job to completion.
    // Errors only: with no identity service in the bench, the identity-copies consumer warns every
    // 10 s that identity's stream does not exist, which would bury the report.
    const logger = pino({ level: 'error' });
    const apiConfig = loadServiceConfig(
      'cases',
      'api',
      env.envFor('cases', { LOG_LEVEL: 'warn' }),
      casesEnvSchema,
    );
    api = await createHttpApp(CasesModule.forRoot(apiConfig, logger, 'api'), apiConfig, logger);
    await api.listen(0, '127.0.0.1');
    const { port } = (api.getHttpServer() as import('node:http').Server).address() as { port: number };
    const base = `http://127.0.0.1:${port}`;
    const workerConfig = loadServiceConfig('cases', 'worker', env.envFor('cases'), casesEnvSchema);
    worker = await createHttpApp(CasesModule.forRoot(workerConfig, logger, 'worker'), workerConfig, logger);
    await worker.init();
    const token = await env.authority.token(
      'bench-station-worker',
      [{ role: 'station_worker', region: TOWNSHIP }],
      {
        expiresIn: '2h',
      },
    );
    const file = await readFile(path);
    console.error(`[${SCENARIO}] import of ${params.rows} rows (${round(bytes / 2 ** 20, 1)} MB)…`);
    const first = await runImport(base, token, file, '2026-01', params.progress);
    // The relay starts publishing the committed events now; let it not compete with the next run.
    console.error(`[${SCENARIO}] the same rows again in a new file…`);
    const again = await runImport(
      base,
      token,
      Buffer.concat([file, Buffer.from('\n')]),
      '2026-01',
      params.progress,
    );
    if (again.view.result?.entriesUnchanged !== params.rows) {
      throw new Error(`re-import changed something: ${JSON.stringify(again.view.result)}`);
    }
    const counts = (
      await admin.query(
        `SELECT (SELECT count(*) FROM recipient)::int AS recipients, (SELECT count(*) FROM roster_entry)::int AS entries,
                (SELECT count(*) FROM outbox_event)::int AS events`,
      )
    ).rows[0] as { recipients: number; entries: number; events: number };

    const rate = (seconds: number) => round(params.rows / seconds);
    const result = {
      scenario: SCENARIO,
      params: { rows: params.rows, bytes },
      baseline: { copySeconds, rowsPerSecond: rate(copySeconds) },
      import: {
        seconds: first.totalSeconds,
        rowsPerSecond: rate(first.totalSeconds),
        uploadSeconds: first.uploadSeconds,
        phases: first.phases,
        result: first.view.result,
      },
      again: { seconds: again.totalSeconds, rowsPerSecond: rate(again.totalSeconds), phases: again.phases },
      ratio: round(copySeconds / first.totalSeconds, 3),
      stored: counts,
      targetSeconds: TARGET_SECONDS,
      targetMet: first.totalSeconds <= TARGET_SECONDS,
      machine,
    };
    const phaseText = (p: Record<string, number>) =>
      `upload+queue ${p.queued ?? '?'} s, parse+validate+stage ${p.parsing ?? '?'} s, checks ${p.checking ?? '?'} s, apply+commit ${p.applying ?? '?'} s`;
    const report: Array<[string, string]> = [
      ['rows', `${params.rows} (${round(bytes / 2 ** 20, 1)} MB of CSV)`],
      [
        'psql \\copy',
        `${copySeconds} s, ${result.baseline.rowsPerSecond} rows/s (plain table, six text columns)`,
      ],
      [
        'import',
        `${first.totalSeconds} s, ${result.import.rowsPerSecond} rows/s, upload ${first.uploadSeconds} s`,
      ],
      ['  phases', phaseText(first.phases)],
      ['  result', JSON.stringify(first.view.result)],
      [
        'same again',
        `${again.totalSeconds} s, ${result.again.rowsPerSecond} rows/s (${phaseText(again.phases)})`,
      ],
      ['ratio', `${result.ratio}  (copy seconds ÷ import seconds)`],
      ['target', `≤ ${TARGET_SECONDS} s for the import: ${result.targetMet ? 'met' : 'NOT met'}`],
      [
        'stored',
        `${counts.recipients} recipients, ${counts.entries} roster entries, ${counts.events} outbox events`,
      ],
      ['machine', machineLine(machine)],
    ];
    printReport(report, result);
  } finally {
    await cleanup();
  }
}

runScenario(SCENARIO, main);
