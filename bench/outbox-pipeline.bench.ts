// Outbox → relay → JetStream → inbox end to end, against raw JetStream publish + consume on the same box.
//
// One run measures two things on the same machine, one after the other:
//   1. baseline: N events published straight to JetStream (msgID, up to 1,000 in flight) and consumed
//      by a durable pull consumer with explicit ack, in this process. First publish → last ack.
//   2. platform: the same N events, each appended by OutboxWriter in its own transaction (C concurrent
//      writers), relayed by one OutboxRelay, consumed by an InboxConsumer whose handler upserts a
//      counter in the same transaction as its processed_event row. First write → last handler commit,
//      plus per-event latency from the writer's commit to the handler's commit.
// Isolated like a test: its own schema (createTestDatabase('reporting', runId)), its own NATS prefix
// (runId); streams and schema are removed at the end, also when the run fails or is interrupted.
import { performance } from 'node:perf_hooks';
import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { buildEvent, Envelope, EventData, visitRecordedV1 } from '@wushe/contracts';
import {
  connectNats,
  ensureStream,
  InboxConsumer,
  InboxHandler,
  NatsHandles,
  OutboxRelay,
  OutboxWriter,
  pgExecutor,
  prefixedStream,
  prefixedSubject,
  SqlExecutor,
  TransactionRunner,
} from '@wushe/messaging';
import { createPgPool } from '@wushe/platform';
import { createTestDatabase, deleteTestStreams, newRunId, TEST_NATS_URL, TestDatabase } from '@wushe/testing';
import pino from 'pino';
import type { Pool, PoolClient } from 'pg';
import { describeMachine, loadAverage, machineLine } from './support/machine';
import { cleanupOnSignal, printReport, runScenario } from './support/run';
import { percentile, round } from './support/stats';

const SCENARIO = 'outbox-pipeline';
const TARGET_RATIO = 0.3;
const BASELINE_IN_FLIGHT = 1000;
const STALL_MS = 60_000;

// ---------------------------------------------------------------------------------------------
// Parameters

interface Params {
  events: number;
  writers: number;
  relayBatch: number;
  consumerConcurrency: number;
  /** Offered write rate in events/s on the platform path; 0 = as fast as the writers can. */
  rate: number;
  /** Print written / relayed / processed counts every second (stderr). */
  progress: boolean;
}

const USAGE = `usage: npm run bench -- ${SCENARIO} [--events N] [--writers C] [--relay-batch B] [--concurrency K] [--rate R] [--progress]
  --events N        events per phase (default 20000)
  --writers C       concurrent writer transactions on the platform path (default 32)
  --relay-batch B   OutboxRelay batch size (default 500)
  --concurrency K   InboxConsumer concurrency (default 16)
  --rate R          pace the platform writers at R events/s to measure latency below saturation
                    (default: unpaced, which measures throughput; the ratio is only meaningful unpaced)
  --progress        print written / relayed / processed counts every second (stderr)`;

function parseParams(argv: string[]): Params {
  const params: Params = {
    events: 20_000,
    writers: 32,
    relayBatch: 500,
    consumerConcurrency: 16,
    rate: 0,
    progress: false,
  };
  const numeric: Record<string, 'events' | 'writers' | 'relayBatch' | 'consumerConcurrency' | 'rate'> = {
    '--events': 'events',
    '--writers': 'writers',
    '--relay-batch': 'relayBatch',
    '--concurrency': 'consumerConcurrency',
    '--rate': 'rate',
  };
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
    if (flag === '--progress') {
      params.progress = true;
      continue;
    }
    const key = numeric[flag];
    if (!key) fail(`unknown option ${argv[i]}`);
    const raw = inline ?? argv[++i];
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0)
      fail(`${flag} needs a positive integer, got ${raw ?? 'nothing'}`);
    params[key] = value;
  }
  return params;
}

// ---------------------------------------------------------------------------------------------
// Events: real visitRecordedV1 envelopes, spread over 100 villages so the projection's upserts do
// not all queue on one row.

const VILLAGES = Array.from({ length: 100 }, (_, i) => `430703100${String(i + 1).padStart(3, '0')}`);
const KINDS = ['discovery', 'routine', 'follow-up'] as const;

function visitData(i: number): EventData<typeof visitRecordedV1> {
  return {
    visitId: `0193a1b2-0000-7000-8000-${String(i).padStart(12, '0')}`,
    kind: KINDS[i % KINDS.length],
    villageCode: VILLAGES[i % VILLAGES.length],
    workerId: `worker-${i % 50}`,
    visitedAt: new Date(Date.UTC(2026, 10, 28, 2, 0, 0) + i * 1000).toISOString(),
    needsFound: i % 4,
  };
}

function factsOf(data: EventData<typeof visitRecordedV1>) {
  return { subject: data.visitId, regionCode: data.villageCode };
}

// ---------------------------------------------------------------------------------------------
// A pg client as the outbox/inbox SqlExecutor, and a BEGIN/COMMIT runner on a pooled client.

interface BenchTx extends SqlExecutor {
  /** Set by the handler, read after COMMIT to time the event's end-to-end latency. */
  eventId?: string;
}

function executor(client: PoolClient): BenchTx {
  return pgExecutor(client);
}

function transactionRunner(pool: Pool, onCommit: (tx: BenchTx) => void): TransactionRunner<BenchTx> {
  return {
    async $transaction<R>(fn: (tx: BenchTx) => Promise<R>): Promise<R> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx = executor(client);
        const result = await fn(tx);
        await client.query('COMMIT');
        onCommit(tx);
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `done()` is true, checking every 50 ms; fails if `progress()` stalls for STALL_MS. */
async function until(what: string, done: () => boolean, progress: () => number): Promise<void> {
  let last = progress();
  let lastChange = Date.now();
  while (!done()) {
    await sleep(50);
    const now = progress();
    if (now !== last) {
      last = now;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > STALL_MS) {
      throw new Error(`${what}: no progress for ${STALL_MS / 1000} s (at ${now})`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Phase 1: raw JetStream

interface BaselineResult {
  seconds: number;
  eventsPerSecond: number;
  publishSeconds: number;
}

async function runBaseline(
  runId: string,
  params: Params,
  pub: NatsHandles,
  sub: NatsHandles,
): Promise<BaselineResult> {
  const stream = `${runId.toUpperCase()}_BENCH_BASELINE`;
  const subject = prefixedSubject(runId, 'bench.baseline.visit');
  await ensureStream(pub.jsm, {
    name: stream,
    subjects: [prefixedSubject(runId, 'bench.baseline.>')],
    maxAgeDays: 1,
    description: 'outbox-pipeline bench: raw JetStream baseline',
  });
  // The same payloads the platform publishes (real envelopes), built before the clock starts.
  const payloads = Array.from({ length: params.events }, (_, i) => {
    const data = visitData(i);
    const event = buildEvent(visitRecordedV1, data, { ...factsOf(data), correlationId: `bench-${i}` });
    return { id: event.id, body: JSON.stringify(event) };
  });

  await sub.jsm.consumers.add(stream, {
    durable_name: 'bench-baseline',
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(30_000),
  });
  const consumer = await sub.js.consumers.get(stream, 'bench-baseline');
  const messages = await consumer.consume({ max_messages: BASELINE_IN_FLIGHT });
  let acked = 0;
  let lastAck = 0;
  const consumed = (async () => {
    for await (const msg of messages) {
      msg.ack();
      if (++acked === params.events) {
        await sub.nc.flush(); // the last ack has reached the server
        lastAck = performance.now();
        break;
      }
    }
  })();

  const start = performance.now();
  for (let from = 0; from < payloads.length; from += BASELINE_IN_FLIGHT) {
    const window = payloads.slice(from, from + BASELINE_IN_FLIGHT);
    const acks = await Promise.all(window.map((p) => pub.js.publish(subject, p.body, { msgID: p.id })));
    if (acks.some((a) => a.duplicate)) throw new Error('baseline: unexpected duplicate publish');
  }
  const published = performance.now();
  await Promise.race([
    consumed,
    until(
      'baseline consume',
      () => acked === params.events,
      () => acked,
    ).then(() => consumed),
  ]);
  await messages.close();
  const seconds = (lastAck - start) / 1000;
  return { seconds, eventsPerSecond: params.events / seconds, publishSeconds: (published - start) / 1000 };
}

// ---------------------------------------------------------------------------------------------
// Phase 2: OutboxWriter → OutboxRelay → JetStream → InboxConsumer

interface PlatformResult {
  seconds: number;
  eventsPerSecond: number;
  writeSeconds: number;
  writesPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
}

async function runPlatform(
  runId: string,
  db: TestDatabase,
  params: Params,
  relayNats: NatsHandles,
  consumerNats: NatsHandles,
  pools: Pool[],
  stoppers: Array<() => Promise<void>>,
): Promise<PlatformResult> {
  const logger = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const schema = db.schema;
  await db.pool.query(
    `CREATE TABLE bench_visit_tally (village_code varchar(12) PRIMARY KEY, visits int NOT NULL, needs_found int NOT NULL)`,
  );
  // As in a service: the stream the relay publishes to and the dead-letter stream exist first.
  await ensureStream(relayNats.jsm, {
    name: prefixedStream(runId, 'cases'),
    subjects: [prefixedSubject(runId, 'cases.>')],
    maxAgeDays: 1,
    description: 'outbox-pipeline bench: cases events',
  });
  await ensureStream(relayNats.jsm, {
    name: prefixedStream(runId, 'deadletter'),
    subjects: [prefixedSubject(runId, 'deadletter.>')],
    maxAgeDays: 1,
    description: 'outbox-pipeline bench: dead letters',
  });

  // Three pools, as three roles would have in production (API writers, relay, consumer), each big
  // enough that the pool itself is not what limits the figure.
  const pool = (size: number) => {
    const p = createPgPool({ url: db.url, schema, poolSize: size });
    pools.push(p);
    return p;
  };
  const writerPool = pool(params.writers);
  const relayPool = pool(3);
  const consumerPool = pool(params.consumerConcurrency + 2);

  const committedAt = new Map<string, number>();
  const processedAt = new Map<string, number>();
  let processed = 0;

  const handler: InboxHandler<typeof visitRecordedV1, BenchTx> = {
    definition: visitRecordedV1,
    async handle(event: Envelope<EventData<typeof visitRecordedV1>>, tx: BenchTx) {
      const { villageCode, needsFound } = event.data;
      await tx.$executeRawUnsafe(
        `INSERT INTO bench_visit_tally (village_code, visits, needs_found) VALUES ($1, 1, $2)
         ON CONFLICT (village_code) DO UPDATE
         SET visits = bench_visit_tally.visits + 1, needs_found = bench_visit_tally.needs_found + EXCLUDED.needs_found`,
        villageCode,
        needsFound,
      );
      tx.eventId = event.id;
    },
  };
  const runner = transactionRunner(consumerPool, (tx) => {
    if (!tx.eventId) return; // a duplicate: nothing was processed
    processedAt.set(tx.eventId, performance.now());
    processed++;
  });
  const consumer = new InboxConsumer<BenchTx>({
    durable: 'bench-visits',
    source: 'cases',
    filter: 'cases.visit.>',
    handlers: [handler],
    db: runner,
    pool: consumerPool,
    js: consumerNats.js,
    jsm: consumerNats.jsm,
    subjectPrefix: runId,
    maxDeliveries: 5,
    backoffMs: 1000,
    concurrency: params.consumerConcurrency,
    logger: logger.child({ component: 'inbox' }),
  });
  const relay = new OutboxRelay(
    relayPool,
    relayNats.js,
    { schema, subjectPrefix: runId, batchSize: params.relayBatch, pollMs: 1000 },
    logger.child({ component: 'relay' }),
  );
  stoppers.push(
    () => consumer.stop(),
    () => relay.stop(),
  );
  await consumer.start();
  await relay.start();
  // The durable exists (consumer.start creates it in the background) before the clock starts.
  const stream = prefixedStream(runId, 'cases');
  for (let i = 0; ; i++) {
    try {
      await consumerNats.jsm.consumers.info(stream, 'bench-visits');
      break;
    } catch (error) {
      if (i > 100) throw error;
      await sleep(50);
    }
  }

  const writer = new OutboxWriter();
  let next = 0;
  let written = 0;
  const start = performance.now();
  const sampler = params.progress
    ? setInterval(() => {
        void relayNats.jsm.streams.info(stream).then((info) => {
          const t = ((performance.now() - start) / 1000).toFixed(1);
          console.error(
            `  ${t} s: written ${written}, relayed ${info.state.messages}, processed ${processed}`,
          );
        });
      }, 1000)
    : undefined;
  const writeOne = async (i: number) => {
    const data = visitData(i);
    const event = writer.build(visitRecordedV1, data, factsOf(data));
    const client = await writerPool.connect();
    try {
      await client.query('BEGIN');
      await writer.append(executor(client), [{ subject: visitRecordedV1.subject, event }]);
      await client.query('COMMIT');
      committedAt.set(event.id, performance.now());
      written++;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  const writersDone = Promise.all(
    Array.from({ length: params.writers }, async () => {
      while (next < params.events) {
        const i = next++;
        if (params.rate > 0) {
          const wait = start + (i * 1000) / params.rate - performance.now();
          if (wait > 0) await sleep(wait);
        }
        await writeOne(i);
      }
    }),
  );
  await writersDone;
  const writeEnd = performance.now();
  await until(
    'platform pipeline',
    () => processed >= params.events,
    () => processed,
  ).finally(() => clearInterval(sampler));
  let end = 0;
  for (const at of processedAt.values()) end = Math.max(end, at);

  // Correctness, so a fast figure cannot hide lost or doubled events.
  const { rows } = await db.pool.query<{ processed: number; unsent: number; visits: number; dead: number }>(
    `SELECT (SELECT count(*) FROM processed_event)::int AS processed,
            (SELECT count(*) FROM outbox_event WHERE sent_at IS NULL)::int AS unsent,
            (SELECT coalesce(sum(visits), 0) FROM bench_visit_tally)::int AS visits,
            (SELECT count(*) FROM dead_letter)::int AS dead`,
  );
  const check = rows[0];
  if (
    check.processed !== params.events ||
    check.visits !== params.events ||
    check.dead !== 0 ||
    check.unsent !== 0
  ) {
    throw new Error(`platform: inconsistent result ${JSON.stringify(check)} for ${params.events} events`);
  }

  const latencies: number[] = [];
  for (const [id, at] of processedAt) {
    const committed = committedAt.get(id);
    if (committed === undefined) throw new Error(`platform: processed event ${id} was never written`);
    latencies.push(at - committed);
  }
  latencies.sort((a, b) => a - b);
  const seconds = (end - start) / 1000;
  const writeSeconds = (writeEnd - start) / 1000;
  return {
    seconds,
    eventsPerSecond: params.events / seconds,
    writeSeconds,
    writesPerSecond: params.events / writeSeconds,
    latencyMs: {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Main: set up, run both phases, print, and clean up whatever happens.

async function main(): Promise<void> {
  const params = parseParams(process.argv.slice(2));
  const runId = newRunId();
  const pools: Pool[] = [];
  const stoppers: Array<() => Promise<void>> = [];
  const connections: NatsHandles[] = [];
  let db: TestDatabase | undefined;

  const cleanup = cleanupOnSignal(async () => {
    for (const stop of stoppers) await stop().catch((e) => console.error('stop failed:', e));
    for (const c of connections) await c.nc.close().catch(() => undefined);
    for (const p of pools) await p.end().catch(() => undefined);
    await deleteTestStreams(runId).catch((e) => console.error(`could not delete streams ${runId}_*:`, e));
    await db?.drop().catch((e) => console.error(`could not drop schema ${db?.schema}:`, e));
  }, runId);

  try {
    db = await createTestDatabase('reporting', runId);
    const connect = async (role: string) => {
      const handles = await connectNats(TEST_NATS_URL, `bench-${role}-${runId}`);
      connections.push(handles);
      return handles;
    };
    const [a, b] = [await connect('producer'), await connect('consumer')];
    const machine = await describeMachine(db.pool, loadAverage(), {
      natsServer: a.nc.info?.version ?? 'unknown',
    });

    console.error(`[${SCENARIO}] run ${runId}: baseline (raw JetStream), ${params.events} events…`);
    const baseline = await runBaseline(runId, params, a, b);
    console.error(
      `[${SCENARIO}] platform path (outbox → relay → JetStream → inbox), ${params.events} events…`,
    );
    const platform = await runPlatform(runId, db, params, a, b, pools, stoppers);

    const ratio = platform.eventsPerSecond / baseline.eventsPerSecond;
    // Paced, the platform figure is the offered rate, not what the platform can do: no verdict.
    const paced = params.rate > 0;
    const met = paced ? null : ratio >= TARGET_RATIO;
    const result = {
      scenario: SCENARIO,
      events: params.events,
      baselineEventsPerSec: round(baseline.eventsPerSecond),
      platformEventsPerSec: round(platform.eventsPerSecond),
      ratio: round(ratio, 3),
      target: TARGET_RATIO,
      targetMet: met,
      latencyMs: {
        p50: round(platform.latencyMs.p50, 1),
        p99: round(platform.latencyMs.p99, 1),
        max: round(platform.latencyMs.max, 1),
      },
      baselineSeconds: round(baseline.seconds, 3),
      baselinePublishSeconds: round(baseline.publishSeconds, 3),
      platformSeconds: round(platform.seconds, 3),
      platformWriteSeconds: round(platform.writeSeconds, 3),
      platformWritesPerSec: round(platform.writesPerSecond),
      params: { ...params, baselineInFlight: BASELINE_IN_FLIGHT },
      machine,
      runId,
      at: new Date().toISOString(),
    };

    const verdict = paced
      ? `paced at ${params.rate}/s: no verdict, run unpaced for throughput`
      : `target ≥ ${TARGET_RATIO}: ${met ? 'met' : 'NOT met'}`;
    const table: Array<[string, string]> = [
      ['scenario', SCENARIO],
      ['events', String(params.events)],
      [
        'baseline events/s',
        `${result.baselineEventsPerSec}  (raw JetStream: publish ≤${BASELINE_IN_FLIGHT} in flight, pull consume + ack; ${result.baselineSeconds} s)`,
      ],
      [
        'platform events/s',
        `${result.platformEventsPerSec}  (OutboxWriter tx → OutboxRelay → JetStream → InboxConsumer tx; ${result.platformSeconds} s)`,
      ],
      ['ratio', `${result.ratio}  (platform ÷ baseline; ${verdict})`],
      [
        'latency p50 / p99',
        `${result.latencyMs.p50} ms / ${result.latencyMs.p99} ms  (writer commit → handler commit; max ${result.latencyMs.max} ms)`,
      ],
      [
        'write phase',
        `${result.platformWritesPerSec} commits/s  (last of ${params.events} writes committed at ${result.platformWriteSeconds} s, pipeline running alongside)`,
      ],
      [
        'parameters',
        `writers ${params.writers}${paced ? ` paced at ${params.rate}/s` : ''}, relay batch ${params.relayBatch}, inbox concurrency ${params.consumerConcurrency}, baseline in flight ${BASELINE_IN_FLIGHT}`,
      ],
      ['machine', machineLine(machine, `nats-server ${machine.natsServer}`)],
    ];
    printReport(table, result);
  } finally {
    await cleanup();
  }
}

runScenario(SCENARIO, main);
