import { jetstream, jetstreamManager, JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';

export interface NatsHandles {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
}

/** Connects and keeps reconnecting forever: NATS being down must never lose work, only delay it. */
export async function connectNats(url: string, name: string): Promise<NatsHandles> {
  const nc = await connect({
    servers: url.split(','),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    pingInterval: 10_000,
  });
  const js = jetstream(nc, { timeout: 5000 });
  const jsm = await jetstreamManager(nc);
  return { nc, js, jsm };
}
