import { Client } from 'pg';
import pino from 'pino';
import { createPgPool } from '@wushe/platform';
import { createTestDatabase, newRunId, TestDatabase } from '@wushe/testing';

jest.setTimeout(30_000);

/** Collects what the pool logs, to count the connection losses it heard. */
function recordingLogger() {
  const lines: Array<{ msg: string; err?: { message: string } }> = [];
  const logger = pino(
    { level: 'warn' },
    { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) },
  );
  return { logger, lines };
}

async function until(probe: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('createPgPool when PostgreSQL terminates its connections (what a restart does)', () => {
  const runId = newRunId();
  let db: TestDatabase;
  let admin: Client;

  beforeAll(async () => {
    db = await createTestDatabase('cases', runId);
    admin = new Client({ connectionString: db.url });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    await db?.drop();
  });

  /** pg_terminate_backend on every backend of one pool, found by its application_name. */
  async function terminate(applicationName: string): Promise<number> {
    const { rowCount } = await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = $1 AND pid <> pg_backend_pid()`,
      [applicationName],
    );
    return rowCount ?? 0;
  }

  it('hears the loss of idle and checked-out clients, keeps the process up and reconnects on the next query', async () => {
    const { logger, lines } = recordingLogger();
    const pool = createPgPool({ url: db.url, schema: db.schema, poolSize: 4 }, logger);
    try {
      // Three idle clients in the pool and one held by the caller, as the outbox relay holds one
      // across a JetStream publish.
      await Promise.all([1, 2, 3, 4].map(() => pool.query('SELECT pg_sleep(0.05)')));
      const held = await pool.connect();
      const { rows: before } = await held.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(pool.totalCount).toBe(4);

      expect(await terminate(db.schema)).toBe(4);
      // Every client reports the termination; the idle ones leave the pool at once.
      const terminations = () =>
        lines.filter((l) => l.err?.message === 'terminating connection due to administrator command');
      await until(() => terminations().length === 4 && pool.totalCount === 1, 'four losses heard');

      // The held client is unusable; released, it is discarded rather than reused.
      await expect(held.query('SELECT 1')).rejects.toThrow(/not queryable/);
      held.release();
      expect(pool.totalCount).toBe(0);

      const { rows: after } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(after[0].pid).not.toBe(before[0].pid);
    } finally {
      await pool.end();
    }
  });

  it('survives a termination during a query: the query fails, the next one succeeds', async () => {
    const pool = createPgPool({ url: db.url, schema: db.schema, poolSize: 2 });
    try {
      const running = pool.query('SELECT pg_sleep(10)');
      await until(
        async () =>
          (
            await admin.query(
              `SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND state = 'active'`,
              [db.schema],
            )
          ).rowCount === 1,
        'the query to run',
      );
      expect(await terminate(db.schema)).toBe(1);
      await expect(running).rejects.toMatchObject({ code: '57P01' });
      await expect(pool.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
    } finally {
      await pool.end();
    }
  });
});
