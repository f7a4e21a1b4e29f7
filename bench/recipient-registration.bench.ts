// Recipient registrations per second over HTTP (POST /cases/recipients), beside a pgbench insert baseline.
//
// One run measures, on the same machine:
//   1. baseline: pgbench (C clients, S seconds) running a custom script that inserts one row per
//      transaction into a plain table shaped like `recipient` (uuid id, two ~100-character text
//      columns, one of them under a unique index and fed by random values, a varchar(12) code, a
//      date, a timestamptz). Its `tps` is what one INSERT + COMMIT per request costs PostgreSQL here.
//   2. registrations: the cases API running in this process (real PostgreSQL, NATS, Redis), driven
//      by autocannon with C connections for S seconds after a short warm-up; every request carries
//      a different, valid, new registration (distinct resident IDs), so every answer must be 201.
//      Requests/s, latency p50/p99/max, non-2xx count. Ratio = requests/s ÷ pgbench tps.
//   3. stages: registrations one at a time with the use case's collaborators timed (field cipher,
//      the single-statement write of recipient, categories and outbox row) and PostgreSQL
//      statements counted, so the report says where a request's time goes.
// Isolated like a test (createTestEnvironment: its own schema, NATS prefix and Redis prefix); the
// schema, streams, keys and the temporary pgbench script are removed at the end, also when the run
// fails or is interrupted.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadServiceConfig } from '@wushe/config';
import { apiPrefix, createHttpApp, PG_POOL } from '@wushe/platform';
import { createTestEnvironment, TestEnvironment } from '@wushe/testing';
import { Client, type Pool } from 'pg';
import pino from 'pino';
import { CasesModule, casesEnvSchema } from '@wushe/cases';
import { describeMachine, loadAverage, machineLine } from './support/machine';
import { cleanupOnSignal, printReport, runScenario } from './support/run';
import { round } from './support/stats';
import { autocannon, AutocannonInstance, AutocannonResult } from './recipient-registration/autocannon';
import { BodySource, TOWNSHIP } from './recipient-registration/bodies';
import { createBaselineTable, pgbenchScript, runPgbench } from './recipient-registration/pgbench-baseline';
import { measureStages } from './recipient-registration/stages';

const SCENARIO = 'recipient-registration';
const TARGET_RPS = 500;
const TARGET_P99_MS = 100;
const WARMUP_SECONDS = 3;
/** Bodies generated before the clock starts: enough for this many requests/s over warm-up + run. */
const PREGENERATE_PER_SECOND = 1500;

// ---------------------------------------------------------------------------------------------
// Parameters

interface Params {
  seconds: number;
  connections: number;
  /** Registrations made one at a time for the stage breakdown. */
  stageSamples: number;
}

const USAGE = `usage: npm run bench -- ${SCENARIO} [--seconds S] [--connections C] [--stage-samples N]
  --seconds S        duration of the measured HTTP run and of the pgbench baseline (default 20)
  --connections C    autocannon connections, and pgbench clients (default 32)
  --stage-samples N  registrations made one at a time, with their stages timed (default 300)`;

function parseParams(argv: string[]): Params {
  const params: Params = { seconds: 20, connections: 32, stageSamples: 300 };
  const flags: Record<string, keyof Params> = {
    '--seconds': 'seconds',
    '--connections': 'connections',
    '--stage-samples': 'stageSamples',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    const key = flags[flag];
    const raw = inline ?? argv[++i];
    const value = Number(raw);
    if (!key || !Number.isInteger(value) || value <= 0) {
      console.error(`bad option ${flag} ${raw ?? ''}\n${USAGE}`);
      process.exit(2);
    }
    params[key] = value;
  }
  return params;
}

// ---------------------------------------------------------------------------------------------
// The API

async function startCases(env: TestEnvironment): Promise<{ app: NestExpressApplication; url: string }> {
  const config = loadServiceConfig(
    'cases',
    'api',
    env.envFor('cases', { LOG_LEVEL: 'silent' }),
    casesEnvSchema,
  );
  const logger = pino({ level: 'silent' });
  const app = await createHttpApp(CasesModule.forRoot(config, logger, 'api'), config, logger);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${port}/${apiPrefix('cases')}/recipients` };
}

function drive(
  url: string,
  token: string,
  bodies: BodySource,
  connections: number,
  seconds: number,
  onInstance: (instance: AutocannonInstance | undefined) => void,
): Promise<AutocannonResult> {
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requests: [
      {
        setupRequest: (req) => {
          req.body = bodies.take();
          return req;
        },
      },
    ],
  });
  onInstance(instance);
  return Promise.resolve(instance).finally(() => onInstance(undefined));
}

/** Waits until no client of the pool is checked out (at most `ms`). */
async function drainPool(pool: Pool, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (pool.totalCount - pool.idleCount > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
}

const countRecipients = async (client: Client, schema: string) =>
  Number(
    (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".recipient`)).rows[0].n,
  );

/** Waits until the recipient count has not moved for half a second (at most 15 s). */
async function settle(client: Client, schema: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  let last = -1;
  for (;;) {
    const n = await countRecipients(client, schema);
    if (n === last || Date.now() > deadline) return;
    last = n;
    await new Promise((r) => setTimeout(r, 500));
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const params = parseParams(process.argv.slice(2));
  let env: TestEnvironment | undefined;
  let app: NestExpressApplication | undefined;
  let pgbench: ChildProcess | undefined;
  let cannon: AutocannonInstance | undefined;
  let admin: Client | undefined;
  const scratchDir = mkdtempSync(join(tmpdir(), `${SCENARIO}-`));
  let interrupted = false;
  /** Stops the run between phases once cleanup has begun (Ctrl-C). */
  const checkpoint = () => {
    if (interrupted) throw new Error('interrupted');
  };
  const cleanup = cleanupOnSignal(async () => {
    interrupted = true;
    cannon?.stop();
    pgbench?.kill('SIGTERM');
    rmSync(scratchDir, { recursive: true, force: true });
    await admin?.end().catch(() => undefined);
    // Stop accepting first, then drop the open keep-alive connections (autocannon's, fetch's):
    // either would hold the server's close open.
    const server = app?.getHttpServer() as import('node:http').Server | undefined;
    server?.close();
    server?.closeAllConnections();
    // Nest runs the modules' destroy hooks (Prisma disconnect, pool end) before it closes the
    // HTTP server: a registration still in its transaction then never commits or rolls back and
    // the pool's end waits for it forever. Let the handlers already running finish first.
    if (app) await drainPool(app.get<Pool>(PG_POOL, { strict: false }), 10_000);
    await app?.close().catch((e) => console.error('app close failed:', e));
    await env?.teardown().catch((e) => console.error(`could not clean up ${env?.runId}:`, e));
  });

  try {
    const loadAtStart = loadAverage();
    env = await createTestEnvironment(['cases']);
    const database = env.databases.cases;
    admin = new Client({ connectionString: database.url });
    await admin.connect();
    const machine = await describeMachine(admin, loadAtStart);

    // 1. Baseline
    const table = await createBaselineTable(admin, database.schema);
    const scriptPath = join(scratchDir, 'insert-recipient.sql');
    writeFileSync(scriptPath, pgbenchScript(table));
    console.error(
      `[${SCENARIO}] run ${env.runId}: pgbench baseline, ${params.connections} clients, ${params.seconds} s…`,
    );
    const baseline = await runPgbench(database.url, scriptPath, params, (c) => (pgbench = c));

    checkpoint();
    // 2. Registrations over HTTP
    const started = await startCases(env);
    app = started.app;
    const token = await env.authority.token(
      'bench-point-worker',
      [{ role: 'point_worker', region: TOWNSHIP }],
      {
        expiresIn: '1h',
      },
    );
    const t0 = performance.now();
    const bodies = new BodySource(
      PREGENERATE_PER_SECOND * (params.seconds + WARMUP_SECONDS) + params.stageSamples,
    );
    const generateMs = performance.now() - t0;
    console.error(
      `[${SCENARIO}] ${bodies.pregenerated} bodies in ${round(generateMs)} ms; warm-up ${WARMUP_SECONDS} s…`,
    );
    const warmup = await drive(
      started.url,
      token,
      bodies,
      params.connections,
      WARMUP_SECONDS,
      (c) => (cannon = c),
    );
    const lateAfterWarmup = bodies.lateGenerated;
    checkpoint();
    console.error(`[${SCENARIO}] registrations: ${params.connections} connections, ${params.seconds} s…`);
    // CPU of this process (API, its outbox relay and autocannon) per registration in the timed run.
    const cpuBefore = process.cpuUsage();
    const run = await drive(
      started.url,
      token,
      bodies,
      params.connections,
      params.seconds,
      (c) => (cannon = c),
    );
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMsPerRequest = (cpu.user + cpu.system) / 1000 / Math.max(1, run['2xx']);
    const cpuCoresUsed = (cpu.user + cpu.system) / 1e6 / run.duration;
    const lateInRun = bodies.lateGenerated - lateAfterWarmup;

    checkpoint();
    // autocannon returns without waiting for the requests in flight at its end; let the API finish
    // them, so they neither land in the stage timings nor are missed in the row count.
    await settle(admin, database.schema);

    checkpoint();
    // 3. Stages, one at a time
    console.error(`[${SCENARIO}] stages: ${params.stageSamples} registrations one at a time…`);
    const stages = await measureStages(
      app,
      started.url,
      token,
      bodies,
      params.stageSamples,
      () => interrupted,
    );

    checkpoint();
    const stored = await countRecipients(admin, database.schema);
    const created = warmup['2xx'] + run['2xx'] + (params.stageSamples - stages.failures);

    const rps = run['2xx'] / run.duration;
    const targetMet = rps >= TARGET_RPS && run.latency.p99 < TARGET_P99_MS;
    const result = {
      scenario: SCENARIO,
      requestsPerSec: round(rps, 1),
      latencyMs: { p50: run.latency.p50, p99: run.latency.p99, max: run.latency.max },
      responses: run.requests.total,
      created: run['2xx'],
      non2xx: run.non2xx,
      errors: run.errors,
      timeouts: run.timeouts,
      statusCodes: Object.fromEntries(Object.entries(run.statusCodeStats).map(([k, v]) => [k, v.count])),
      warmup: {
        seconds: WARMUP_SECONDS,
        created: warmup['2xx'],
        non2xx: warmup.non2xx,
        errors: warmup.errors,
      },
      baseline: {
        tps: round(baseline.tps, 1),
        latencyAvgMs: baseline.latencyAvgMs,
        transactions: baseline.transactions,
        failed: baseline.failed,
      },
      ratio: round(rps / baseline.tps, 3),
      target: { requestsPerSec: TARGET_RPS, p99Ms: TARGET_P99_MS },
      targetMet,
      stages: stages.stages,
      stageFailures: stages.failures,
      statementsPerRequest: stages.statementsPerRequest,
      nodeCpuMsPerRequest: round(cpuMsPerRequest, 2),
      nodeCoresBusy: round(cpuCoresUsed, 2),
      rowsStored: stored,
      rowsExpected: created,
      bodies: { pregenerated: bodies.pregenerated, generatedDuringRun: lateInRun },
      params: { ...params, warmupSeconds: WARMUP_SECONDS },
      machine,
      runId: env.runId,
      at: new Date().toISOString(),
    };

    const s = stages.stages;
    const report: Array<[string, string]> = [
      ['scenario', SCENARIO],
      [
        'registrations/s',
        `${result.requestsPerSec}  (POST /cases/recipients, ${params.connections} connections, ${params.seconds} s, ${run['2xx']} created)`,
      ],
      ['latency', `p50 ${run.latency.p50} ms, p99 ${run.latency.p99} ms, max ${run.latency.max} ms`],
      [
        'non-2xx',
        `${run.non2xx}  (errors ${run.errors}, timeouts ${run.timeouts}; warm-up: ${warmup['2xx']} created, ${warmup.non2xx} non-2xx)`,
      ],
      [
        'pgbench tps',
        `${result.baseline.tps}  (one INSERT per transaction into a recipient-shaped table, ${params.connections} clients, ${params.seconds} s; latency avg ${baseline.latencyAvgMs} ms)`,
      ],
      ['ratio', `${result.ratio}  (registrations/s ÷ pgbench tps)`],
      ['target', `≥ ${TARGET_RPS} req/s and p99 < ${TARGET_P99_MS} ms: ${targetMet ? 'met' : 'NOT met'}`],
      [
        'one at a time',
        `p50 ${s.httpTotal.p50} ms per registration (${params.stageSamples} sequential, ${stages.failures} failed), ${stages.statementsPerRequest} PostgreSQL statements each`,
      ],
      [
        '  stages (p50)',
        `cipher ${s.cipher.p50} ms, write (one statement: recipient, categories, outbox) ${s.write.p50} ms, rest (HTTP, auth, validation, presenter) ${s.restOfRequest.p50} ms`,
      ],
      [
        'node CPU',
        `${result.nodeCpuMsPerRequest} ms per registration, ${result.nodeCoresBusy} cores busy (this process: API, outbox relay and autocannon)`,
      ],
      [
        'rows',
        `${stored} recipient rows stored, ${created} registrations answered 201 (up to ${2 * params.connections} more were in flight when autocannon stopped)`,
      ],
      ['machine', machineLine(machine)],
    ];
    if (lateInRun > 0) {
      report.push(['note', `${lateInRun} bodies were generated during the run (pre-generated ones ran out)`]);
    }
    printReport(report, result);
    if (run.non2xx > 0 || warmup.non2xx > 0 || stages.failures > 0) {
      console.error(`[${SCENARIO}] some registrations did not answer 201: see non-2xx above`);
    }
  } finally {
    await cleanup();
  }
}

runScenario(SCENARIO, main);
