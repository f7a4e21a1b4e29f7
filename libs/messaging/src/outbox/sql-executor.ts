import type { PoolClient } from 'pg';

/**
 * The part of a Prisma transaction client the outbox and inbox need. Taking this instead of a
 * service's generated client keeps the lib independent of any one service's schema.
 */
export interface SqlExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

export interface TransactionRunner<Tx extends SqlExecutor> {
  $transaction<R>(fn: (tx: Tx) => Promise<R>): Promise<R>;
}

/** The SqlExecutor over one pg client, for code that runs its own BEGIN … COMMIT without Prisma. */
export function pgExecutor(client: PoolClient): SqlExecutor {
  return {
    $executeRawUnsafe: async (query, ...values) => (await client.query(query, values)).rowCount ?? 0,
  };
}
