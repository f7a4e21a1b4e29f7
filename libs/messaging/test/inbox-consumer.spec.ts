import { prefixedStream, SqlExecutor } from '@wushe/messaging';
import { createPgPool } from '@wushe/platform';
import { eventually } from './support/pg';
import { InboxFixture, inboxFixture, probeEvent, probeHandler } from './support/inbox-fixture';

jest.setTimeout(30_000);

describe('InboxConsumer (real PostgreSQL and JetStream)', () => {
  let f: InboxFixture;

  beforeAll(async () => {
    f = await inboxFixture();
  });

  afterAll(async () => {
    await f?.teardown();
  });

  const processed = (durable: string) =>
    f.count('SELECT 1 FROM processed_event WHERE consumer = $1', [durable]);
  const letters = async (durable: string) =>
    (
      await f.db.pool.query<{
        event_id: string | null;
        subject: string;
        payload: string;
        error: string;
        deliveries: number;
      }>(
        'SELECT event_id, subject, payload, error, deliveries FROM dead_letter WHERE consumer = $1 ORDER BY dead_at',
        [durable],
      )
    ).rows;
  const settled = async (durable: string) => {
    await eventually(
      async () => {
        const info = await f.nats.jsm.consumers.info(prefixedStream(f.runId, 'cases'), durable);
        return info.num_pending === 0 && info.num_ack_pending === 0 ? info : undefined;
      },
      15_000,
      `${durable} to settle`,
    );
    return f.nats.jsm.consumers.info(prefixedStream(f.runId, 'cases'), durable);
  };

  it('sends contract breakers to the dead letters on the first delivery and goes on with good events', async () => {
    const def = probeEvent('contract');
    const handler = probeHandler(def);
    const consumer = f.consumer({
      durable: 'spec-contract',
      filter: 'cases.contract.>',
      handlers: [handler],
    });
    const good = f.event(def, 1);
    const broken = { ...f.event(def, 2), data: { n: 'two' } };
    const { type: _type, ...untyped } = f.event(def, 3);
    const otherType = { ...f.event(def, 4), type: 'wushe.cases.contract.renamed.v1' };
    await f.publish(def.subject, '{"this is": not json');
    await f.publish(def.subject, broken);
    await f.publish(def.subject, untyped);
    await f.publish('cases.contract.renamed.v1', otherType); // a type this consumer does not handle
    await f.publish(def.subject, good);

    await consumer.start();
    await eventually(async () => ((await processed('spec-contract')) === 1 ? true : undefined));
    const info = await settled('spec-contract');

    // Handled concurrently, so looked up by event rather than by order.
    const dead = new Map((await letters('spec-contract')).map((d) => [d.event_id, d]));
    expect(dead.size).toBe(3);
    expect(dead.get(null)).toMatchObject({
      deliveries: 1,
      subject: def.subject,
      payload: '{"this is": not json',
      error: expect.stringMatching(/not JSON/),
    });
    expect(dead.get(broken.id)).toMatchObject({
      deliveries: 1,
      subject: def.subject,
      error: expect.stringMatching(/Invalid data/),
    });
    expect(dead.get(untyped.id)).toMatchObject({
      deliveries: 1,
      subject: def.subject,
      error: expect.stringMatching(/no CloudEvents type/),
    });
    expect(info.num_ack_pending).toBe(0); // terminated, not left to come back after ack_wait
    expect(handler.attempts).toBe(1);
    expect(await f.count('SELECT 1 FROM probe_effect WHERE event_id = $1', [good.id])).toBe(1);
    // The unhandled type was acknowledged and skipped, not recorded anywhere.
    expect(await f.count('SELECT 1 FROM processed_event WHERE event_id = $1', [otherType.id])).toBe(0);
    // Alerting hears of each dead letter.
    const notices = await f.nats.jsm.streams.info(prefixedStream(f.runId, 'deadletter'), {
      subjects_filter: `${f.runId}.deadletter.spec-contract`,
    });
    expect(notices.state.messages).toBe(3);
  });

  it('processes an event exactly once after it failed twice (maxDeliveries 5)', async () => {
    const def = probeEvent('flaky');
    const handler = probeHandler(def, (attempt) => attempt <= 2);
    const consumer = f.consumer({
      durable: 'spec-flaky',
      filter: 'cases.flaky.>',
      handlers: [handler],
      maxDeliveries: 5,
    });
    const event = f.event(def, 7);
    await f.publish(def.subject, event);
    await consumer.start();
    await eventually(async () => ((await processed('spec-flaky')) === 1 ? true : undefined));
    await settled('spec-flaky');
    await new Promise((r) => setTimeout(r, 300)); // room for any extra redelivery to show
    expect(handler.attempts).toBe(3);
    expect(
      await f.count('SELECT 1 FROM processed_event WHERE consumer = $1 AND event_id = $2', [
        'spec-flaky',
        event.id,
      ]),
    ).toBe(1);
    // The failed attempts' side effects were rolled back with their transaction.
    expect(await f.count('SELECT 1 FROM probe_effect WHERE event_id = $1', [event.id])).toBe(1);
    expect(await letters('spec-flaky')).toEqual([]);
  });

  it('moves an event that keeps failing to the dead letters after maxDeliveries, with the error', async () => {
    const def = probeEvent('doomed');
    const handler = probeHandler(def, () => true);
    const consumer = f.consumer({
      durable: 'spec-doomed',
      filter: 'cases.doomed.>',
      handlers: [handler],
      maxDeliveries: 3,
    });
    const event = f.event(def, 9);
    await f.publish(def.subject, event);
    await consumer.start();
    const [letter] = await eventually(async () => {
      const found = await letters('spec-doomed');
      return found.length ? found : undefined;
    });
    await settled('spec-doomed');
    expect(letter).toMatchObject({
      event_id: event.id,
      deliveries: 3,
      subject: def.subject,
      payload: JSON.stringify(event),
    });
    expect(letter.error).toMatch(/projection table is gone \(attempt 3\)/);
    expect(handler.attempts).toBe(3);
    expect(await processed('spec-doomed')).toBe(0);
    expect(await f.count('SELECT 1 FROM probe_effect WHERE event_id = $1', [event.id])).toBe(0);
  });

  it('an event whose transaction loses its connection (a restart, 57P01) is retried past maxDeliveries, never dead-lettered', async () => {
    // On a pool like a service's: a terminated client is heard and replaced.
    const pool = createPgPool({ url: f.db.url, schema: f.db.schema, poolSize: 4 });
    const def = probeEvent('restart');
    let attempts = 0;
    const handler = {
      definition: def,
      async handle(event: { id: string; data: unknown }, tx: SqlExecutor) {
        attempts++;
        // The first three attempts: PostgreSQL terminates this very session, as a restart does.
        if (attempts <= 3) await tx.$executeRawUnsafe('SELECT pg_terminate_backend(pg_backend_pid())');
        await tx.$executeRawUnsafe(
          'INSERT INTO probe_effect (event_id, n) VALUES ($1::uuid, $2)',
          event.id,
          (event.data as { n: number }).n,
        );
      },
    };
    const consumer = f.consumer({
      durable: 'spec-restart',
      filter: 'cases.restart.>',
      handlers: [handler],
      maxDeliveries: 2,
      pool,
    });
    try {
      const event = f.event(def, 1);
      await f.publish(def.subject, event);
      await consumer.start();
      await eventually(async () => ((await processed('spec-restart')) === 1 ? true : undefined), 20_000);
      expect(attempts).toBe(4);
      expect(await letters('spec-restart')).toEqual([]);
      expect(await f.count('SELECT 1 FROM probe_effect WHERE event_id = $1', [event.id])).toBe(1);
    } finally {
      await consumer.stop();
      await pool.end();
    }
  });

  it('treats a redelivered copy of a processed event as a duplicate', async () => {
    const def = probeEvent('twice');
    const handler = probeHandler(def);
    const consumer = f.consumer({ durable: 'spec-twice', filter: 'cases.twice.>', handlers: [handler] });
    const event = f.event(def, 5);
    await f.publish(def.subject, event);
    await f.publish(def.subject, event); // no Nats-Msg-Id: the stream keeps both copies
    await consumer.start();
    await settled('spec-twice');
    expect(handler.attempts).toBe(1);
    expect(await processed('spec-twice')).toBe(1);
    await expect(consumer.process(JSON.stringify(event))).resolves.toBe('duplicate');
  });

  it('stop() ends the loop; a restarted consumer resumes where the durable left off', async () => {
    const def = probeEvent('resume');
    const first = probeHandler(def);
    const consumer = f.consumer({ durable: 'spec-resume', filter: 'cases.resume.>', handlers: [first] });
    await f.publish(def.subject, f.event(def, 1));
    await consumer.start();
    await settled('spec-resume');
    await consumer.stop();
    await f.publish(def.subject, f.event(def, 2));
    const second = probeHandler(def);
    const again = f.consumer({ durable: 'spec-resume', filter: 'cases.resume.>', handlers: [second] });
    await again.start();
    await eventually(async () => ((await processed('spec-resume')) === 2 ? true : undefined));
    expect([first.attempts, second.attempts]).toEqual([1, 1]);
  });
});
