import { jetstream, jetstreamManager, JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { connect, ConnectionOptions, NatsConnection } from '@nats-io/transport-node';

export interface NatsHandles {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
}

/**
 * `nats://user:pass@host:4222[,nats://host2:4222]` → connect options. nats.js ignores credentials
 * written into a server URL, so they are lifted out and passed as user/pass.
 */
export function natsConnectionOptions(url: string): Pick<ConnectionOptions, 'servers' | 'user' | 'pass'> {
  const servers: string[] = [];
  let user: string | undefined;
  let pass: string | undefined;
  for (const raw of url
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const parsed = new URL(raw.includes('://') ? raw : `nats://${raw}`);
    if (parsed.username && user === undefined) {
      user = decodeURIComponent(parsed.username);
      pass = decodeURIComponent(parsed.password);
    }
    servers.push(`${parsed.hostname}:${parsed.port || '4222'}`);
  }
  return { servers, ...(user !== undefined ? { user, pass } : {}) };
}

/** Connects and keeps reconnecting forever: NATS being down must never lose work, only delay it. */
export async function connectNats(url: string, name: string): Promise<NatsHandles> {
  const nc = await connect({
    ...natsConnectionOptions(url),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    pingInterval: 10_000,
  });
  const js = jetstream(nc, { timeout: 5000 });
  const jsm = await jetstreamManager(nc);
  return { nc, js, jsm };
}
