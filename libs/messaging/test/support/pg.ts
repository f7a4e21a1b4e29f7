import type { Pool } from 'pg';
import { pgExecutor, type SqlExecutor, type TransactionRunner, withPgTransaction } from '@wushe/messaging';

export { pgExecutor };

/** A TransactionRunner over pg: BEGIN, the function, COMMIT; ROLLBACK if it throws. */
export function pgTransactions(pool: Pool): TransactionRunner<SqlExecutor> {
  return { $transaction: (fn) => withPgTransaction(pool, fn) };
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
