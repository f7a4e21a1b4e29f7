import { Pool } from 'pg';

export interface DatabaseOptions {
  url: string;
  schema: string;
  poolSize: number;
}

/**
 * One pg pool per process, pinned to the service's schema through search_path. Prisma (via
 * @prisma/adapter-pg) and the raw SQL of the outbox, inbox and idempotency store share it, so the
 * checked-in migrations stay schema-agnostic and a test can run them in a schema of its own.
 */
export function createPgPool(options: DatabaseOptions): Pool {
  if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error(`Bad schema name ${options.schema}`);
  return new Pool({
    connectionString: options.url,
    max: options.poolSize,
    options: `-c search_path="${options.schema}"`,
    application_name: options.schema,
  });
}
