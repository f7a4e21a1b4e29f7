import { randomUUID } from 'node:crypto';
import type { JsMsg } from '@nats-io/jetstream';
import type { Subscription } from '@nats-io/transport-node';
import pino from 'pino';
import { visitRecordedV1 } from '@wushe/contracts';
import {
  connectNats,
  ensureStream,
  NatsHandles,
  OutboxRelay,
  OutboxRelayOptions,
  OutboxWriter,
  prefixedStream,
  prefixedSubject,
} from '@wushe/messaging';
import { createPgPool } from '@wushe/platform';
import { createTestDatabase, deleteTestStreams, newRunId, TEST_NATS_URL, TestDatabase } from '@wushe/testing';
import { count, eventually, pgExecutor } from './support/pg';

jest.setTimeout(30_000);
const logger = pino({ level: 'silent' });
const visit = {
  visitId: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  kind: 'discovery' as const,
  villageCode: '430703100001',
  workerId: 'w-1',
  visitedAt: new Date().toISOString(),
  needsFound: 1,
};

describe('OutboxRelay (real PostgreSQL and JetStream)', () => {
  const runId = newRunId();
  const stream = prefixedStream(runId, 'cases');
  let db: TestDatabase;
  let nats: NatsHandles;

  beforeAll(async () => {
    db = await createTestDatabase('cases', runId);
    nats = await connectNats(TEST_NATS_URL, `outbox-spec-${runId}`);
    await ensureStream(nats.jsm, {
      name: stream,
      subjects: [prefixedSubject(runId, 'cases.>')],
      maxAgeDays: 1,
      description: 'test',
    });
  });

  afterAll(async () => {
    await nats?.nc.close();
    await db?.drop();
    await deleteTestStreams(runId);
  });

  const relay = (options: Partial<OutboxRelayOptions> = {}, js = nats.js) =>
    new OutboxRelay(
      db.pool,
      js,
      { schema: db.schema, subjectPrefix: runId, batchSize: 50, pollMs: 100, ...options },
      logger,
    );

  /** Inserts outbox rows directly, with explicit creation times; returns them in creation order. */
  async function insertRows(subject: string, n: number, shuffle = false) {
    const base = Date.now() - 60_000;
    const rows = Array.from({ length: n }, (_, i) => ({
      id: randomUUID(),
      createdAt: new Date(base + i),
      envelope: { n: i },
    }));
    const order = shuffle ? [...rows].sort(() => Math.random() - 0.5) : rows;
    for (let i = 0; i < order.length; i += 250) {
      const chunk = order.slice(i, i + 250);
      await db.pool.query(
        `INSERT INTO outbox_event (id, subject, envelope, headers, created_at)
         SELECT u.id, $1, u.env, '{"traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}', u.at
         FROM unnest($2::uuid[], $3::jsonb[], $4::timestamptz[]) AS u(id, env, at)`,
        [
          subject,
          chunk.map((r) => r.id),
          chunk.map((r) => JSON.stringify(r.envelope)),
          chunk.map((r) => r.createdAt),
        ],
      );
    }
    return rows;
  }
  const unsent = () => count(db.pool, 'SELECT 1 FROM outbox_event WHERE sent_at IS NULL');
  const inStream = async (subject: string) => {
    const info = await nats.jsm.streams.info(stream, { subjects_filter: prefixedSubject(runId, subject) });
    return info.state.subjects?.[prefixedSubject(runId, subject)] ?? 0;
  };
  async function readStream(subject: string, n: number): Promise<JsMsg[]> {
    const consumer = await nats.js.consumers.get(stream, {
      filter_subjects: prefixedSubject(runId, subject),
    });
    const out: JsMsg[] = [];
    const messages = await consumer.fetch({ max_messages: n, expires: 3000 });
    for await (const m of messages) out.push(m);
    return out;
  }
  async function drainAll(r: OutboxRelay): Promise<number> {
    let total = 0;
    for (let n = await r.drainOnce(); n > 0; n = await r.drainOnce()) total += n;
    return total;
  }
  /** Every message published on a subject, seen by a core subscription (JetStream dedupe does not hide repeats). */
  function watch(subject: string): { ids: string[]; sub: Subscription } {
    const ids: string[] = [];
    const sub = nats.nc.subscribe(prefixedSubject(runId, subject), {
      callback: (_err, msg) => {
        ids.push(msg.headers?.get('Nats-Msg-Id') ?? '?');
      },
    });
    return { ids, sub };
  }

  it('publishes in creation order, with Nats-Msg-Id = row id and the stored headers, and marks rows sent', async () => {
    const subject = 'cases.order.made.v1';
    const rows = await insertRows(subject, 120, true);
    const r = relay({ batchSize: 50 });
    expect(await r.drainOnce()).toBe(50);
    expect(await drainAll(r)).toBe(70);
    expect(await r.drainOnce()).toBe(0);

    const messages = await readStream(subject, 120);
    expect(messages.map((m) => m.headers?.get('Nats-Msg-Id'))).toEqual(rows.map((r) => r.id));
    expect(messages.map((m) => m.json())).toEqual(rows.map((r) => r.envelope));
    expect(messages[0].subject).toBe(`${runId}.cases.order.made.v1`);
    expect(messages[0].headers?.get('traceparent')).toBe(
      '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    );
    expect(await unsent()).toBe(0);
  });

  it('two relays draining 500 rows at once publish each row exactly once', async () => {
    const subject = 'cases.bulk.made.v1';
    const rows = await insertRows(subject, 500);
    const seen = watch(subject);
    const [a, b] = await Promise.all([
      drainAll(relay({ batchSize: 20 })),
      drainAll(relay({ batchSize: 20 })),
    ]);
    expect(a + b).toBe(500);
    expect(a).toBeGreaterThan(0); // both really took part
    expect(b).toBeGreaterThan(0);
    await nats.nc.flush();
    await eventually(async () => (seen.ids.length >= 500 ? true : undefined), 5000, 'all publishes');
    await new Promise((r) => setTimeout(r, 300)); // time for any stray repeat to arrive
    seen.sub.unsubscribe();
    expect(seen.ids.length).toBe(500);
    expect(new Set(seen.ids)).toEqual(new Set(rows.map((r) => r.id)));
    expect(await inStream(subject)).toBe(500);
    expect(await unsent()).toBe(0);
  });

  it('while NATS is unreachable it throws and keeps every row for later', async () => {
    const subject = 'cases.outage.made.v1';
    const rows = await insertRows(subject, 5);
    const broken = await connectNats(TEST_NATS_URL, `outbox-spec-closed-${runId}`);
    await broken.nc.close();
    await expect(relay({}, broken.js).drainOnce()).rejects.toThrow();
    expect(await unsent()).toBe(5);
    expect(await inStream(subject)).toBe(0);

    // Back online: everything goes out, in order.
    expect(await drainAll(relay())).toBe(5);
    expect((await readStream(subject, 5)).map((m) => m.headers?.get('Nats-Msg-Id'))).toEqual(
      rows.map((r) => r.id),
    );
  });

  it('when no stream takes the subject it throws and keeps every row', async () => {
    const subject = 'cases.nostream.made.v1';
    await insertRows(subject, 3);
    await expect(relay({ subjectPrefix: `${runId}-missing` }).drainOnce()).rejects.toThrow();
    expect(await unsent()).toBe(3);
    expect(await drainAll(relay())).toBe(3);
    expect(await inStream(subject)).toBe(3);
  });

  it('a batch that failed half way is re-published without duplicates in the stream', async () => {
    const subject = 'cases.partial.made.v1';
    const good = await insertRows(subject, 4);
    // A row behind them on a subject no stream takes: the batch fails after the good ones went out.
    const poisonId = randomUUID();
    await db.pool.query(
      `INSERT INTO outbox_event (id, subject, envelope) VALUES ($1, 'unrouted.x.y.v1', '{}')`,
      [poisonId],
    );
    await expect(relay({ batchSize: 10 }).drainOnce()).rejects.toThrow();
    expect(await unsent()).toBe(5);
    expect(await inStream(subject)).toBe(4); // published, but not marked sent

    await db.pool.query('DELETE FROM outbox_event WHERE id = $1', [poisonId]);
    expect(await drainAll(relay())).toBe(4);
    expect(await inStream(subject)).toBe(4); // the server dropped the repeats by Nats-Msg-Id
    expect((await readStream(subject, 4)).map((m) => m.headers?.get('Nats-Msg-Id'))).toEqual(
      good.map((r) => r.id),
    );
  });

  /** Commits one visit event through the OutboxWriter (which notifies the relays). */
  async function commitVisit() {
    const writer = new OutboxWriter();
    const event = writer.build(
      visitRecordedV1,
      { ...visit, visitId: randomUUID() },
      { subject: visit.visitId, regionCode: visit.villageCode },
    );
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await writer.append(pgExecutor(client), [{ subject: visitRecordedV1.subject, event }]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    return event;
  }
  const idle = async () => {
    await eventually(async () => ((await unsent()) === 0 ? true : undefined));
    await new Promise((res) => setTimeout(res, 200)); // past the first pass: asleep for pollMs
  };

  it('a running relay that has long been idle publishes a commit of this process promptly', async () => {
    const r = relay({ pollMs: 30_000 });
    await r.start();
    try {
      await idle();
      await new Promise((res) => setTimeout(res, 3000)); // long idle: its next poll is seconds away
      const t0 = Date.now();
      const event = await commitVisit();
      await eventually(
        async () => {
          const { rows } = await db.pool.query('SELECT sent_at FROM outbox_event WHERE id = $1', [event.id]);
          return rows[0]?.sent_at ?? undefined;
        },
        10_000,
        'the relay to publish',
      );
      // Well under the 30 s poll: the commit woke it. (Not 1 s: a loaded CI box stalls for longer.)
      expect(Date.now() - t0).toBeLessThan(5000);
      const [message] = await readStream(visitRecordedV1.subject, 1);
      expect(message.json()).toEqual(event);
      expect(message.headers?.get('Nats-Msg-Id')).toBe(event.id);
    } finally {
      await r.stop();
    }
  });

  it('stop() during a drain returns without waiting out the poll interval', async () => {
    // The real JetStream client, slowed down so stop() lands while a batch is being published.
    let publishing!: () => void;
    const started = new Promise<void>((res) => (publishing = res));
    const slow = new Proxy(nats.js, {
      get: (target, prop) =>
        prop === 'publish'
          ? async (...args: Parameters<typeof target.publish>) => {
              publishing();
              await new Promise((res) => setTimeout(res, 300));
              return target.publish(...args);
            }
          : Reflect.get(target, prop),
    });
    const r = relay({ pollMs: 60_000 }, slow);
    await r.start();
    await idle();
    await commitVisit();
    await started;
    const t0 = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const stopped = await Promise.race([
      r.stop().then(() => 'stopped'),
      new Promise((res) => (timer = setTimeout(() => res('still waiting'), 5000))),
    ]);
    clearTimeout(timer);
    expect(stopped).toBe('stopped');
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await unsent()).toBe(0); // the batch in flight was finished, not abandoned
  });

  it('PostgreSQL terminating its client mid-publish (a restart): the relay keeps running and publishes every event once', async () => {
    // The relay on a pool like a service's (createPgPool, named by application_name), and the real
    // JetStream client holding the first batch's publishes until the relay's backend has been terminated.
    const pool = createPgPool({ url: db.url, schema: db.schema, poolSize: 2 });
    let publishing!: () => void;
    const reachedPublish = new Promise<void>((res) => (publishing = res));
    let release!: () => void;
    const terminated = new Promise<void>((res) => (release = res));
    let held = true;
    const gated = new Proxy(nats.js, {
      get: (target, prop) =>
        prop === 'publish'
          ? async (...args: Parameters<typeof target.publish>) => {
              if (held) {
                publishing();
                await terminated;
              }
              return target.publish(...args);
            }
          : Reflect.get(target, prop),
    });
    const subject = 'cases.restart.made.v1';
    const seen = watch(subject);
    const rows = await insertRows(subject, 3);
    const r = new OutboxRelay(
      pool,
      gated,
      { schema: db.schema, subjectPrefix: runId, batchSize: 50, pollMs: 100, maxBackoffMs: 200 },
      logger,
    );
    await r.start();
    try {
      await reachedPublish;
      const { rowCount } = await db.pool.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`,
        [db.schema],
      );
      expect(rowCount).toBe(1);
      // Let the termination reach the held client before the publish goes on.
      await new Promise((res) => setTimeout(res, 200));
      held = false;
      release();

      await eventually(async () => ((await unsent()) === 0 ? true : undefined), 10_000, 'rows sent');
      expect(await inStream(subject)).toBe(3); // re-published after the failed batch, deduplicated
      expect((await readStream(subject, 3)).map((m) => m.headers?.get('Nats-Msg-Id'))).toEqual(
        rows.map((row) => row.id),
      );
      expect(seen.ids.length).toBeGreaterThanOrEqual(6); // the first batch went out, then again
    } finally {
      seen.sub.unsubscribe();
      await r.stop();
      await pool.end();
    }
  });

  it('claims a batch from a large backlog in index order, without sorting the backlog', async () => {
    // A provincial roster import leaves 1.5 M unsent rows; a claim that sorts them all takes 0.75 s
    // per batch (bench/README.md, outbox-backlog). The query is the relay's claim (outbox-relay.ts).
    await db.pool.query(
      `INSERT INTO outbox_event (id, subject, envelope, created_at)
       SELECT gen_random_uuid(), 'bench', '{}'::jsonb, now() + make_interval(secs => g) FROM generate_series(1, 20000) g`,
    );
    try {
      await db.pool.query('ANALYZE outbox_event');
      const { rows } = await db.pool.query(
        `EXPLAIN (FORMAT JSON) SELECT id, subject, envelope, headers FROM outbox_event
         WHERE sent_at IS NULL ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [500],
      );
      const plan = JSON.stringify(rows[0]['QUERY PLAN']);
      expect(plan).toContain('"Index Name":"outbox_event_unsent"');
      expect(plan).not.toContain('Sort');
    } finally {
      await db.pool.query(`DELETE FROM outbox_event WHERE subject = 'bench'`);
    }
  });
});
