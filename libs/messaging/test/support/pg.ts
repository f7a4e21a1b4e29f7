import type { Pool, PoolClient } from 'pg';
import type { SqlExecutor, TransactionRunner } from '@wushe/messaging';

/** The Prisma-free SqlExecutor over one pg client (inside the caller's BEGIN … COMMIT/ROLLBACK). */
export function pgExecutor(client: PoolClient): SqlExecutor {
  return {
    $executeRawUnsafe: (query, ...values) => client.query(query, values).then((r) => r.rowCount ?? 0),
  };
}

/** A TransactionRunner over pg: BEGIN, the function, COMMIT; ROLLBACK if it throws. */
export function pgTransactions(pool: Pool): TransactionRunner<SqlExecutor> {
  return {
    async $transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(pgExecutor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

/** Polls until `probe` returns something other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function count(pool: Pool, sql: string, values: unknown[] = []): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) q`, values);
  return rows[0].n;
}
