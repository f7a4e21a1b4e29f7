import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Envelope, ServiceName } from '@wushe/contracts';
import { prefixedStream, prefixedSubject } from '@wushe/messaging';
import type { IdentitySpec } from './identity-spec';

// Events crossing the process boundary: the outbox relay publishing identity's, other services'
// arriving at identity's inbox consumers. Tests wait for the thing itself to happen, never for a
// fixed time, so a busy machine only makes them slower.

/** Polls `probe` until it answers something other than undefined, or fails after `ms`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Publishes `event` on `subject` (a contract subject, without the run's prefix) as its service's
 * relay would, with Nats-Msg-Id `msgID`, and answers its sequence in the stream.
 */
export async function publishEvent(
  t: IdentitySpec,
  nc: NatsConnection,
  subject: string,
  event: Envelope,
  msgID: string = event.id,
): Promise<number> {
  const ack = await jetstream(nc).publish(prefixedSubject(t.env.runId, subject), JSON.stringify(event), {
    msgID,
  });
  return ack.seq;
}

/**
 * Waits until identity's durable consumer `durable` on `source`'s stream has acknowledged every
 * message up to `seq`: each was handled (its transaction committed) or found to be a duplicate.
 */
export async function consumedUpTo(
  t: IdentitySpec,
  nc: NatsConnection,
  source: ServiceName,
  durable: string,
  seq: number,
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await eventually(async () => {
    const info = await jsm.consumers
      .info(prefixedStream(t.env.runId, source), durable)
      .catch(() => undefined);
    return info && info.ack_floor.stream_seq >= seq ? true : undefined;
  });
}
