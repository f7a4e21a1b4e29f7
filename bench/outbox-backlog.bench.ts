// How fast one OutboxRelay drains a large backlog (what a provincial roster import leaves), against raw JetStream publishing.
//
// A roster import of 1.5 M people commits 1.5 M events at once; the relay then publishes them in
// batches. This run fills a service schema's outbox with N events in one statement, then:
//   1. baseline: the same N envelopes published straight to JetStream (msgID, windows of the relay's
//      batch size awaited together, as the relay does), no PostgreSQL involved;
//   2. platform: one OutboxRelay drains the outbox (claim a batch FOR UPDATE SKIP LOCKED, publish,
//      mark sent, commit), timed per quarter of the backlog, so a rate that falls as the backlog
//      grows shows up as uneven quarters.
// Isolated like a test: its own schema (createTestDatabase('cases', runId)) and NATS prefix; the
// schema and streams are removed at the end, also when the run fails or is interrupted.
import { performance } from 'node:perf_hooks';
import {
  connectNats,
  ensureStream,
  NatsHandles,
  OutboxRelay,
  prefixedStream,
  prefixedSubject,
} from '@wushe/messaging';
import { createTestDatabase, deleteTestStreams, newRunId, TEST_NATS_URL, TestDatabase } from '@wushe/testing';
import pino from 'pino';
import { describeMachine, loadAverage, machineLine } from './support/machine';
import { cleanupOnSignal, printReport, runScenario } from './support/run';
import { round } from './support/stats';

const SCENARIO = 'outbox-backlog';
const SUBJECT = 'wushe.cases.recipient.registered.v1';
const USAGE = `usage: npm run bench -- ${SCENARIO} [--events N] [--batch B] [--without-index]
  --events N        events in the backlog (default 300000)
  --batch B         relay batch size (default 500, as the services run it)
  --without-index   drop the partial index outbox_event_unsent first (how the relay ran before it)`;

function parseParams(argv: string[]): { events: number; batch: number; withoutIndex: boolean } {
  const params = { events: 300_000, batch: 500, withoutIndex: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--without-index') {
      params.withoutIndex = true;
      continue;
    }
    const key = { '--events': 'events', '--batch': 'batch' }[argv[i]] as 'events' | 'batch' | undefined;
    const value = Number(argv[i + 1]);
    if (!key || !Number.isInteger(value) || value <= 0) {
      console.error(USAGE);
      process.exit(2);
    }
    params[key] = value;
    i += 1;
  }
  return params;
}

/** N envelopes shaped like the roster's registrations (about 600 bytes each), written in one statement. */
async function fillOutbox(db: TestDatabase, events: number): Promise<void> {
  await db.pool.query(
    `INSERT INTO outbox_event (id, subject, envelope, headers, created_at)
     SELECT gen_random_uuid(), $2::text,
            jsonb_build_object('specversion', '1.0', 'id', g::text, 'type', $2::text, 'source', 'wushe/cases',
                               'data', jsonb_build_object('n', g, 'padding', repeat('x', 400))),
            '{}'::jsonb, now() + make_interval(secs => g / 1000.0)
       FROM generate_series(1, $1) g`,
    [events, SUBJECT],
  );
  await db.pool.query('ANALYZE outbox_event');
}

/** Raw JetStream: the same envelopes, published in windows of `batch` awaited together. */
async function baseline(nats: NatsHandles, runId: string, events: number, batch: number): Promise<number> {
  const subject = prefixedSubject(runId, 'bench.baseline');
  const body = JSON.stringify({ specversion: '1.0', type: SUBJECT, data: { padding: 'x'.repeat(400) } });
  const start = performance.now();
  for (let sent = 0; sent < events; sent += batch) {
    const window = Math.min(batch, events - sent);
    await Promise.all(
      Array.from({ length: window }, (_, i) => nats.js.publish(subject, body, { msgID: `b-${sent + i}` })),
    );
  }
  return (performance.now() - start) / 1000;
}

/** Drains the outbox with one relay; seconds for each quarter of the backlog. */
async function drain(relay: OutboxRelay, events: number): Promise<number[]> {
  const quarters: number[] = [];
  let done = 0;
  let mark = performance.now();
  while (done < events) {
    const published = await relay.drainOnce();
    if (published === 0) throw new Error(`the relay stopped at ${done} of ${events}`);
    done += published;
    while (done >= ((quarters.length + 1) * events) / 4 && quarters.length < 4) {
      const now = performance.now();
      quarters.push((now - mark) / 1000);
      mark = now;
    }
  }
  return quarters;
}

async function main(): Promise<void> {
  const params = parseParams(process.argv.slice(2));
  const load = loadAverage();
  const runId = newRunId();
  const db = await createTestDatabase('cases', runId);
  const nats = await connectNats(TEST_NATS_URL, `bench-${SCENARIO}`);
  const cleanup = cleanupOnSignal(async () => {
    await nats.nc.close().catch(() => undefined);
    await deleteTestStreams(runId).catch(() => undefined);
    await db.drop().catch(() => undefined);
  }, `schema ${db.schema}`);
  try {
    await ensureStream(nats.jsm, {
      name: prefixedStream(runId, 'cases'),
      subjects: [`${runId}.>`],
      maxAgeDays: 1,
      description: `${SCENARIO} run ${runId}`,
    });
    console.error(`[${SCENARIO}] run ${runId}: ${params.events} events in the outbox…`);
    if (params.withoutIndex) await db.pool.query('DROP INDEX outbox_event_unsent');
    await fillOutbox(db, params.events);
    console.error(`[${SCENARIO}] raw JetStream baseline…`);
    const baselineSeconds = await baseline(nats, runId, params.events, params.batch);
    console.error(`[${SCENARIO}] relay draining the backlog…`);
    const relay = new OutboxRelay(
      db.pool,
      nats.js,
      { schema: db.schema, subjectPrefix: runId, batchSize: params.batch, pollMs: 1000 },
      pino({ level: 'warn' }),
    );
    const quarters = await drain(relay, params.events);
    const relaySeconds = quarters.reduce((a, b) => a + b, 0);
    const perQuarter = quarters.map((s) => round(params.events / 4 / s));
    const rate = (seconds: number) => round(params.events / seconds);
    const machine = await describeMachine(db.pool, load);
    const result = {
      scenario: SCENARIO,
      params,
      baseline: { seconds: round(baselineSeconds, 2), eventsPerSecond: rate(baselineSeconds) },
      relay: { seconds: round(relaySeconds, 2), eventsPerSecond: rate(relaySeconds), perQuarter },
      ratio: round(baselineSeconds / relaySeconds, 3),
      slowestQuarterVsFastest: round(Math.min(...perQuarter) / Math.max(...perQuarter), 2),
      machine,
    };
    printReport(
      [
        [
          'events',
          `${params.events} in the outbox, relay batch ${params.batch}${params.withoutIndex ? ', without outbox_event_unsent' : ''}`,
        ],
        ['raw JetStream', `${result.baseline.seconds} s, ${result.baseline.eventsPerSecond} events/s`],
        ['relay', `${result.relay.seconds} s, ${result.relay.eventsPerSecond} events/s`],
        ['per quarter', `${perQuarter.join(' / ')} events/s (first quarter: the largest backlog)`],
        ['ratio', `${result.ratio}  (relay ÷ raw publish)`],
        ['machine', machineLine(machine)],
      ],
      result,
    );
  } finally {
    await cleanup();
  }
}

runScenario(SCENARIO, main);
