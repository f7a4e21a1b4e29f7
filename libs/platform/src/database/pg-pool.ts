import { Pool } from 'pg';
import type { Logger } from 'pino';

export interface DatabaseOptions {
  url: string;
  schema: string;
  poolSize: number;
}

/**
 * How long a query waits for a connection (a free one from the pool, or a new one) before it
 * fails. Without it, pg waits forever when the server is unreachable without refusing (a network
 * partition); with it, the request fails as 503 instead of hanging. It matches Prisma's maxWait
 * (PRISMA_TRANSACTION_OPTIONS), so a busy pool is not given up on sooner than Prisma would.
 */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * One pg pool per process, pinned to the service's schema through search_path. Prisma (via
 * @prisma/adapter-pg) and the raw SQL of the outbox, inbox and idempotency store share it, so the
 * checked-in migrations stay schema-agnostic and a test can run them in a schema of its own.
 *
 * A PostgreSQL restart terminates every backend, and pg reports it as an `error` event: on the
 * client, and on the pool as well when the client was idle. An event nobody listens to ends the
 * process, so every client gets a listener for its whole life (idle or checked out, held by a
 * relay across a JetStream publish or by Prisma in a transaction) and the pool gets one too. A
 * broken client is discarded (by the pool when idle, on release when checked out) and the next
 * query opens a new connection: the process reconnects by itself.
 */
export function createPgPool(options: DatabaseOptions, logger?: Logger): Pool {
  if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error(`Bad schema name ${options.schema}`);
  const pool = new Pool({
    connectionString: options.url,
    max: options.poolSize,
    options: `-c search_path="${options.schema}"`,
    application_name: options.schema,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // Notices a peer that vanished without closing (a failover, a dropped NAT entry).
    keepAlive: true,
  });
  pool.on('connect', (client) => {
    client.on('error', (error) =>
      logger?.warn({ err: error }, 'Database connection lost; it is discarded and replaced on next use'),
    );
  });
  // The client's own listener above has logged it; the pool needs a listener only so that an idle
  // client's error is not an unhandled event.
  pool.on('error', () => undefined);
  return pool;
}
