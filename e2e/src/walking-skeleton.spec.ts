import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers, NatsConnection } from '@nats-io/transport-node';
import { chinaCalendarDate } from '@wushe/cn-standards';
import { envelopeSchema, parseEvent, visitRecordedV1 } from '@wushe/contracts';
import { prefixedStream, prefixedSubject } from '@wushe/messaging';
import { eventually, PlatformUnderTest, startCasesAndReporting } from './support/platform-under-test';

const TOWNSHIP = '430703100';
const VILLAGE = '430703100001';
const ROOT = join(__dirname, '..', '..');
// Every visit of the file happens at this instant, and the report is read for its month (China
// time): read from the clock at each use, a run across the end of a month would look in the next.
const VISITED_AT = new Date().toISOString();
const MONTH = chinaCalendarDate(new Date(VISITED_AT)).slice(0, 7);

describe('walking skeleton: cases visit → outbox → JetStream → reporting projection', () => {
  let p: PlatformUnderTest;
  let nc: NatsConnection;
  let workerToken: string;
  let countyToken: string;

  beforeAll(async () => {
    p = await startCasesAndReporting();
    nc = await connect({ servers: p.nats.url });
    workerToken = await p.env.authority.token('worker-1', [{ role: 'point_worker', region: TOWNSHIP }]);
    countyToken = await p.env.authority.token('county-1', [{ role: 'county_admin', region: '430703' }]);
  });

  afterAll(async () => {
    await nc?.close();
    await p?.teardown();
  });

  const recordVisit = (traceId = '0af7651916cd43dd8448eb211c80319c') =>
    fetch(`${p.cases.url}/api/v1/cases/visits`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${workerToken}`,
        'content-type': 'application/json',
        traceparent: `00-${traceId}-b7ad6b7169203331-01`,
      },
      body: JSON.stringify({
        kind: 'discovery',
        villageCode: VILLAGE,
        visitedAt: VISITED_AT,
        needsFound: 2,
      }),
    });

  const visitsInReport = async (): Promise<number> => {
    const res = await fetch(
      `${p.reporting.url}/api/v1/reporting/visits/summary?region=430703&from=${MONTH}&to=${MONTH}`,
      {
        headers: { authorization: `Bearer ${countyToken}` },
      },
    );
    expect(res.status).toBe(200);
    return ((await res.json()) as { visits: number }).visits;
  };

  const reportShows = (n: number) =>
    eventually(async () => ((await visitsInReport()) === n ? true : undefined));

  const streamMessages = async () => {
    const js = jetstream(nc);
    const consumer = await js.consumers.get(prefixedStream(p.env.runId, 'cases'));
    const messages = await consumer.fetch({ max_messages: 100, expires: 1000 });
    const out = [];
    for await (const m of messages) out.push(m);
    return out;
  };

  let firstEvent: Record<string, unknown>;

  it('a. publishes a valid CloudEvents envelope that passes its schema, and reporting projects it', async () => {
    const res = await recordVisit();
    expect(res.status).toBe(201);
    const visit = (await res.json()) as { id: string };

    const [message] = await eventually(async () => {
      const all = await streamMessages();
      return all.length > 0 ? all : undefined;
    });
    expect(message.subject).toBe(prefixedSubject(p.env.runId, 'cases.visit.recorded.v1'));
    const raw = message.json<Record<string, unknown>>();
    expect(envelopeSchema.safeParse(raw).success).toBe(true);
    const event = parseEvent(visitRecordedV1, raw);
    expect(event).toMatchObject({ source: '/wushe/cases', subject: visit.id, regioncode: VILLAGE });
    expect(event.data).toMatchObject({ visitId: visit.id, kind: 'discovery', needsFound: 2 });
    expect(message.headers?.get('Nats-Msg-Id')).toBe(event.id);
    firstEvent = raw;

    await reportShows(1);
  });

  it('e. carries the HTTP request’s trace id to the consumer’s span', async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const consumerSpan = await eventually(async () =>
      p.otlp.spans.find((s) => s.service === 'reporting' && s.name === 'cases.visit.recorded.v1 process'),
    );
    expect(consumerSpan.traceId).toBe(traceId);
    expect(p.otlp.spans.some((s) => s.service === 'cases' && s.traceId === traceId && s.kind === 2)).toBe(
      true,
    );
  });

  // A copy under a new message id, not a redelivery: a consumer killed before its ack (a real
  // redelivery) is a fault of `npm run test:faults`.
  it('c. applies an event once when a copy is published again under another message id', async () => {
    const js = jetstream(nc);
    const subject = prefixedSubject(p.env.runId, 'cases.visit.recorded.v1');
    const id = firstEvent.id as string;
    const jsm = await jetstreamManager(nc);
    const stream = prefixedStream(p.env.runId, 'cases');
    const before = await jsm.consumers.info(stream, 'reporting-visits');
    // Same Nats-Msg-Id: the server itself drops the copy.
    const dedup = await js.publish(subject, JSON.stringify(firstEvent), { msgID: id });
    expect(dedup.duplicate).toBe(true);
    // A new message id gets past the server: the inbox must catch it.
    const h = headers();
    h.set('x-test', 'redelivery');
    await js.publish(subject, JSON.stringify(firstEvent), { msgID: `${id}-again`, headers: h });
    await eventually(async () => {
      const info = await jsm.consumers.info(stream, 'reporting-visits');
      return info.delivered.stream_seq > before.delivered.stream_seq && info.num_ack_pending === 0
        ? true
        : undefined;
    });
    expect(await visitsInReport()).toBe(1);
    const processed = await p.env.databases.reporting.pool.query(
      'SELECT count(*)::int AS n FROM processed_event',
    );
    expect(processed.rows[0].n).toBe(1);
  });

  // One write, with NATS stopped cleanly (SIGTERM): NATS killed for 15 s under load is a fault of
  // `npm run test:faults`.
  it('b. accepts a write while NATS is stopped and publishes it once NATS is started again', async () => {
    await p.nats.pause();
    const res = await recordVisit('1af7651916cd43dd8448eb211c80319c');
    expect(res.status).toBe(201);
    const visit = (await res.json()) as { id: string };
    const pending = await p.env.databases.cases.pool.query(
      "SELECT sent_at FROM outbox_event WHERE envelope->>'subject' = $1",
      [visit.id],
    );
    expect(pending.rows).toEqual([{ sent_at: null }]);

    await p.nats.resume();
    await reportShows(2);
    const sent = await p.env.databases.cases.pool.query(
      "SELECT sent_at FROM outbox_event WHERE envelope->>'subject' = $1",
      [visit.id],
    );
    expect(sent.rows[0].sent_at).not.toBeNull();
  });

  it('d. moves a poison event to the dead letters after N deliveries, and replays it', async () => {
    const db = p.env.databases.reporting.pool;
    // Break the projection: its table is gone, so every delivery fails.
    await db.query('ALTER TABLE visit_tally RENAME TO visit_tally_parked');
    const res = await recordVisit('2af7651916cd43dd8448eb211c80319c');
    expect(res.status).toBe(201);
    const letter = await eventually(async () => {
      const { rows } = await db.query('SELECT id, deliveries, error, replayed_at FROM dead_letter');
      return rows[0];
    });
    expect(letter.deliveries).toBe(3);
    expect(letter.error).toMatch(/visit_tally/);
    expect(letter.replayed_at).toBeNull();

    // The operator mends the table and replays.
    await db.query('ALTER TABLE visit_tally_parked RENAME TO visit_tally');
    // Run asynchronously: a synchronous spawn would block this process's event loop for seconds,
    // the reporting server would close the idle keep-alive socket meanwhile unnoticed, and the next
    // fetch would reuse the dead socket ("other side closed").
    const replay = await new Promise<{ stdout: string; status: number | null }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          '-r',
          join(ROOT, 'tools/runtime/ts-register.js'),
          join(ROOT, 'services/reporting/src/dead-letters.cli.ts'),
          'replay',
          'reporting-visits',
        ],
        { cwd: ROOT, env: { PATH: process.env.PATH, ...p.reportingEnv } },
      );
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.resume(); // drained, so a chatty child cannot block on a full pipe
      child.on('error', reject);
      child.on('close', (status) => resolve({ stdout, status }));
    });
    expect(replay.stdout).toContain('replayed 1, still failing 0');
    expect(replay.status).toBe(0);
    expect(await visitsInReport()).toBe(3);
    const after = await db.query('SELECT replayed_at FROM dead_letter WHERE id = $1', [letter.id]);
    expect(after.rows[0].replayed_at).not.toBeNull();
  });

  // Idle processes; SIGTERM during a burst of requests is a fault of `npm run test:faults`.
  it('exits 0 on SIGTERM when idle (both services)', async () => {
    expect(await p.cases.stop()).toBe(0);
    expect(await p.reporting.stop()).toBe(0);
  });
});
