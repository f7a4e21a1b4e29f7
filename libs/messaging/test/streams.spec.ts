import { nanos } from '@nats-io/transport-node';
import {
  connectNats,
  ensureStream,
  NatsHandles,
  prefixedStream,
  prefixedSubject,
  StreamSpec,
} from '@wushe/messaging';
import { deleteTestStreams, newRunId, TEST_NATS_URL } from '@wushe/testing';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('ensureStream (real JetStream)', () => {
  const runId = newRunId();
  let nats: NatsHandles;

  beforeAll(async () => {
    nats = await connectNats(TEST_NATS_URL, `streams-spec-${runId}`);
  });

  afterAll(async () => {
    await nats?.nc.close();
    await deleteTestStreams(runId);
  });

  const spec = (overrides: Partial<StreamSpec> = {}): StreamSpec => ({
    name: prefixedStream(runId, 'cases'),
    subjects: [prefixedSubject(runId, 'cases.>')],
    maxAgeDays: 365,
    description: 'Events owned by the cases service',
    ...overrides,
  });
  const myStreams = async () => {
    const names: string[] = [];
    for await (const info of nats.jsm.streams.list()) {
      if (info.config.name.startsWith(`${runId.toUpperCase()}_`)) names.push(info.config.name);
    }
    return names;
  };

  it('creates one stream however many replicas ensure it at once', async () => {
    await Promise.all([
      ensureStream(nats.jsm, spec()),
      ensureStream(nats.jsm, spec()),
      ensureStream(nats.jsm, spec()),
    ]);
    expect(await myStreams()).toEqual([`${runId.toUpperCase()}_CASES`]);
    const { config } = await nats.jsm.streams.info(spec().name);
    expect(config).toMatchObject({
      name: `${runId.toUpperCase()}_CASES`,
      subjects: [`${runId}.cases.>`],
      max_age: nanos(365 * DAY_MS),
      storage: 'file',
      retention: 'limits',
      duplicate_window: nanos(2 * 60 * 1000),
      description: 'Events owned by the cases service',
    });
  });

  it('changes nothing when run again with the same spec', async () => {
    const before = await nats.jsm.streams.info(spec().name);
    await ensureStream(nats.jsm, spec());
    await Promise.all([ensureStream(nats.jsm, spec()), ensureStream(nats.jsm, spec())]);
    const after = await nats.jsm.streams.info(spec().name);
    expect(after.created).toEqual(before.created);
    expect(after.config).toEqual(before.config);
  });

  it('deduplicates publishes by Nats-Msg-Id within the window', async () => {
    const subject = prefixedSubject(runId, 'cases.visit.recorded.v1');
    const first = await nats.js.publish(subject, '{"n":1}', { msgID: 'event-1' });
    const again = await nats.js.publish(subject, '{"n":1}', { msgID: 'event-1' });
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    expect(again.seq).toBe(first.seq);
  });

  it('updates max_age when it changes, keeping the stream and its messages', async () => {
    const before = await nats.jsm.streams.info(spec().name);
    expect(before.state.messages).toBe(1);
    await Promise.all([
      ensureStream(nats.jsm, spec({ maxAgeDays: 30 })),
      ensureStream(nats.jsm, spec({ maxAgeDays: 30 })),
    ]);
    const after = await nats.jsm.streams.info(spec().name);
    expect(after.config.max_age).toBe(nanos(30 * DAY_MS));
    expect(after.created).toEqual(before.created);
    expect(after.state.messages).toBe(1);
    expect(after.config.duplicate_window).toBe(nanos(2 * 60 * 1000));
  });

  it('updates the subjects when they change', async () => {
    const subjects = [prefixedSubject(runId, 'cases.>'), prefixedSubject(runId, 'legacy-cases.>')];
    await ensureStream(nats.jsm, spec({ maxAgeDays: 30, subjects }));
    expect((await nats.jsm.streams.info(spec().name)).config.subjects.sort()).toEqual([...subjects].sort());
    await ensureStream(nats.jsm, spec({ maxAgeDays: 30 }));
    expect((await nats.jsm.streams.info(spec().name)).config.subjects).toEqual([`${runId}.cases.>`]);
  });

  it('keeps streams of different services apart', async () => {
    await ensureStream(
      nats.jsm,
      spec({ name: prefixedStream(runId, 'deadletter'), subjects: [prefixedSubject(runId, 'deadletter.>')] }),
    );
    expect((await myStreams()).sort()).toEqual([
      `${runId.toUpperCase()}_CASES`,
      `${runId.toUpperCase()}_DEADLETTER`,
    ]);
  });

  it('fails loudly when the subjects overlap another stream', async () => {
    await expect(
      ensureStream(
        nats.jsm,
        spec({ name: `${runId.toUpperCase()}_OVERLAP`, subjects: [prefixedSubject(runId, 'cases.visit.>')] }),
      ),
    ).rejects.toThrow(/overlap/i);
  });
});
