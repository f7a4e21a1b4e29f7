import type { Pool, PoolClient } from 'pg';

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

/**
 * A transaction on one pinned pg connection, for code that writes in SQL of its own (bulk imports,
 * sweeps) and still appends events with the OutboxWriter.
 */
export class PgTransaction implements SqlExecutor {
  private commit = true;

  constructor(readonly client: PoolClient) {}

  async $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number> {
    return (await this.client.query(query, values)).rowCount ?? 0;
  }

  /** Ends the transaction with ROLLBACK instead of COMMIT (e.g. a rejected file's staging). */
  rollbackAtEnd(): void {
    this.commit = false;
  }

  get commits(): boolean {
    return this.commit;
  }
}

/**
 * BEGIN, `fn`, COMMIT on a connection of its own; ROLLBACK when `fn` throws or asked for it, and
 * the connection goes back to the pool either way.
 */
export async function withPgTransaction<R>(pool: Pool, fn: (tx: PgTransaction) => Promise<R>): Promise<R> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const tx = new PgTransaction(client);
    const result = await fn(tx);
    await client.query(tx.commits ? 'COMMIT' : 'ROLLBACK');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The SqlExecutor over one pg client, for code that runs its own BEGIN … COMMIT without Prisma. */
export function pgExecutor(client: PoolClient): SqlExecutor {
  return new PgTransaction(client);
}
