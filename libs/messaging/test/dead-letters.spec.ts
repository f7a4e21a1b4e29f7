import { runDeadLetterCommand } from '@wushe/messaging';
import { eventually } from './support/pg';
import { InboxFixture, inboxFixture, probeEvent, probeHandler } from './support/inbox-fixture';

jest.setTimeout(30_000);

describe('dead letters: replay and the operator command (real PostgreSQL and JetStream)', () => {
  const def = probeEvent('replay');
  let broken = true;
  const handler = probeHandler(def, () => broken);
  let f: InboxFixture;
  let events: ReturnType<InboxFixture['event']>[];
  /** Dead letter ids in the order their events were published. */
  let letterIds: string[];

  beforeAll(async () => {
    f = await inboxFixture();
    // maxDeliveries 1: the first failure is final, so three events make three dead letters.
    const consumer = f.consumer({
      durable: 'spec-replay',
      filter: 'cases.replay.>',
      handlers: [handler],
      maxDeliveries: 1,
    });
    events = [f.event(def, 1), f.event(def, 2), f.event(def, 3)];
    for (const event of events) await f.publish(def.subject, event);
    await consumer.start();
    letterIds = await eventually(async () => {
      const { rows } = await f.db.pool.query<{ id: string; event_id: string }>(
        'SELECT id, event_id FROM dead_letter WHERE consumer = $1',
        ['spec-replay'],
      );
      const byEvent = new Map(rows.map((r) => [r.event_id, r.id]));
      return rows.length === 3 ? events.map((e) => byEvent.get(e.id) ?? '') : undefined;
    });
    await consumer.stop();
  });

  afterAll(async () => {
    await f?.teardown();
  });

  const pendingIds = async () =>
    (
      await f.db.pool.query<{ id: string }>(
        'SELECT id FROM dead_letter WHERE consumer = $1 AND replayed_at IS NULL',
        ['spec-replay'],
      )
    ).rows
      .map((r) => r.id)
      .sort();
  const processedIds = async () =>
    (
      await f.db.pool.query<{ event_id: string }>(
        'SELECT event_id FROM processed_event WHERE consumer = $1',
        ['spec-replay'],
      )
    ).rows
      .map((r) => r.event_id)
      .sort();
  const otherConsumer = () => f.consumer({ durable: 'spec-other', filter: 'cases.other.>', handlers: [] });
  async function command(argv: string[]) {
    const lines: string[] = [];
    const code = await runDeadLetterCommand(
      [
        f.consumer({ durable: 'spec-replay', filter: 'cases.replay.>', handlers: [handler] }),
        otherConsumer(),
      ],
      argv,
      (l) => lines.push(l),
    );
    return { code, lines };
  }

  it('lists what waits, one tab-separated line per letter, and exits 0', async () => {
    const { code, lines } = await command(['list']);
    expect(code).toBe(0);
    expect(lines).toHaveLength(3);
    const rows = lines.map((l) => l.split('\t'));
    expect(rows.map((r) => r[0]).sort()).toEqual([...letterIds].sort());
    for (const r of rows) {
      expect(r.slice(1, 3)).toEqual(['spec-replay', def.subject]);
      expect(events.map((e) => e.id)).toContain(r[3]);
      expect(r[4]).toBe('1');
      expect(r[5]).toMatch(/projection table is gone/);
    }
    expect(await command(['list', 'spec-other'])).toEqual({ code: 0, lines: [] });
  });

  it('refuses an unknown consumer or command with exit code 2', async () => {
    for (const argv of [
      ['list', 'nobody'],
      ['replay', 'nobody'],
    ]) {
      const { code, lines } = await command(argv);
      expect(code).toBe(2);
      expect(lines).toEqual(['unknown consumer nobody; known: spec-replay, spec-other']);
    }
    // A slip in the id list must not turn into "replay everything".
    for (const argv of [
      [],
      ['replay'],
      ['frobnicate'],
      ['replay', 'spec-replay', '--id'],
      ['replay', 'spec-replay', '--ids', letterIds[0]],
      ['replay', 'spec-replay', letterIds[0]],
      ['replay', 'spec-replay', '--id', 'not-a-uuid'],
    ]) {
      const { code, lines } = await command(argv);
      expect(code).toBe(2);
      expect(lines[0]).toMatch(/^usage: /);
    }
    expect(await pendingIds()).toHaveLength(3);
  });

  it('a replay that still fails exits 1 and keeps the letter pending with the new error', async () => {
    broken = true;
    const { code, lines } = await command(['replay', 'spec-replay', '--id', letterIds[1]]);
    expect({ code, lines }).toEqual({ code: 1, lines: ['replayed 0, still failing 1'] });
    expect(await pendingIds()).toHaveLength(3);
    expect(await processedIds()).toEqual([]);
  });

  it('replayDeadLetters with ids replays only those', async () => {
    broken = false;
    const consumer = f.consumer({ durable: 'spec-replay', filter: 'cases.replay.>', handlers: [handler] });
    await expect(consumer.replayDeadLetters([letterIds[0], letterIds[2]])).resolves.toEqual({
      replayed: 2,
      failed: 0,
    });
    expect(await pendingIds()).toEqual([letterIds[1]]);
    expect(await processedIds()).toEqual([events[0].id, events[2].id].sort());
    expect(
      await f.count('SELECT 1 FROM probe_effect WHERE event_id = ANY($1::uuid[])', [
        [events[0].id, events[2].id],
      ]),
    ).toBe(2);
    // Already replayed: nothing left under those ids.
    await expect(consumer.replayDeadLetters([letterIds[0]])).resolves.toEqual({ replayed: 0, failed: 0 });
  });

  it('the command replays the rest, exits 0, and the list is empty afterwards', async () => {
    broken = false;
    expect(await command(['replay', 'spec-replay'])).toEqual({
      code: 0,
      lines: ['replayed 1, still failing 0'],
    });
    expect(await pendingIds()).toEqual([]);
    expect(await processedIds()).toEqual(events.map((e) => e.id).sort());
    expect(await f.count('SELECT 1 FROM probe_effect')).toBe(3); // each event's effect once
    expect(await command(['list'])).toEqual({ code: 0, lines: [] });
  });

  it('replaying an event that was processed meanwhile is a harmless duplicate', async () => {
    const event = f.event(def, 4);
    const consumer = f.consumer({ durable: 'spec-replay', filter: 'cases.replay.>', handlers: [handler] });
    await consumer.process(JSON.stringify(event));
    await consumer.deadLetters.record({
      consumer: 'spec-replay',
      eventId: event.id,
      subject: def.subject,
      payload: JSON.stringify(event),
      error: 'x',
      deliveries: 5,
    });
    const before = handler.attempts;
    await expect(consumer.replayDeadLetters()).resolves.toEqual({ replayed: 1, failed: 0 });
    expect(handler.attempts).toBe(before);
    expect(await f.count('SELECT 1 FROM probe_effect WHERE event_id = $1', [event.id])).toBe(1);
  });
});
