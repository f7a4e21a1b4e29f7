import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';

export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** Removes every stream a run created (their names start with the run's upper-cased prefix). */
export async function deleteTestStreams(prefix: string, url = TEST_NATS_URL): Promise<void> {
  const nc = await connect({ servers: url });
  try {
    const jsm = await jetstreamManager(nc);
    const mine = `${prefix.toUpperCase()}_`;
    for await (const info of jsm.streams.list()) {
      if (info.config.name.startsWith(mine)) await jsm.streams.delete(info.config.name);
    }
  } finally {
    await nc.close();
  }
}
