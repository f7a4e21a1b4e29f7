import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { buildEvent, EventDefinition } from '@wushe/contracts';
import { ensureStream, prefixedStream, prefixedSubject } from '@wushe/messaging';
import { TEST_NATS_URL } from '@wushe/testing';
import type { CasesTestApp } from './cases-app';

/**
 * Stands in for identity, which owns the stream: creates it on the run's prefix in beforeAll
 * (register this after the app's hooks) and returns a publisher of identity's events.
 */
export function useIdentityEvents(t: Pick<CasesTestApp, 'env'>, regionCode: string) {
  let nc: NatsConnection | undefined;
  beforeAll(async () => {
    nc = await connect({ servers: TEST_NATS_URL });
    await ensureStream(await jetstreamManager(nc), {
      name: prefixedStream(t.env.runId, 'identity'),
      subjects: [prefixedSubject(t.env.runId, 'identity.>')],
      maxAgeDays: 1,
      description: 'test',
    });
  });
  afterAll(async () => {
    await nc?.close();
  });

  return async function publish<D extends EventDefinition>(def: D, data: unknown): Promise<void> {
    if (!nc) throw new Error('not connected to NATS yet');
    const event = buildEvent(def, data as never, { subject: 'x', regionCode, correlationId: 'c' });
    await jetstream(nc).publish(prefixedSubject(t.env.runId, def.subject), JSON.stringify(event), {
      msgID: event.id,
    });
  };
}
