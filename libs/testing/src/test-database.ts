import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Pool } from 'pg';

const DEFAULT_URL = 'postgresql://postgres@127.0.0.1:5432/wushe_test';
const ROOT = join(__dirname, '..', '..', '..');

export interface TestDatabase {
  url: string;
  schema: string;
  pool: Pool;
  drop(): Promise<void>;
}

/** The database tests run in (TEST_DATABASE_URL); refuses one whose name does not say test. */
export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL ?? DEFAULT_URL;
  // Tests create and drop schemas: refuse anything that is not plainly a test database.
  const name = new URL(url).pathname.slice(1);
  if (!/test/.test(name)) throw new Error(`Refusing to run tests against database "${name}"`);
  return url;
}

async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const name = target.pathname.slice(1);
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } catch (error) {
    // Two test files creating it at once: one wins, the other finds it there.
    if (!/already exists/.test((error as Error).message)) throw error;
  } finally {
    await client.end();
  }
}

/** The checked-in migrations of a service, in order, exactly as `migrate deploy` applies them. */
export function migrationScripts(service: string): string[] {
  const dir = join(ROOT, 'services', service, 'prisma', 'migrations');
  return readdirSync(dir)
    .filter((d) => /^\d{14}_/.test(d))
    .sort()
    .map((d) => readFileSync(join(dir, d, 'migration.sql'), 'utf8'));
}

/** A fresh schema with the service's migrations applied, dropped again by drop(). */
export async function createTestDatabase(service: string, runId: string): Promise<TestDatabase> {
  const url = testDatabaseUrl();
  await ensureDatabase(url);
  const schema = `${runId}_${service}`;
  const setup = new Client({ connectionString: url });
  await setup.connect();
  try {
    await setup.query(`CREATE SCHEMA "${schema}"`);
    await setup.query(`SET search_path TO "${schema}"`);
    for (const script of migrationScripts(service)) await setup.query(script);
  } finally {
    await setup.end();
  }
  // Pinned to the run's schema the same way the services' pools are (search_path).
  const pool = new Pool({ connectionString: url, max: 10, options: `-c search_path="${schema}"` });
  return {
    url,
    schema,
    pool,
    drop: async () => {
      await pool.end();
      const client = new Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}
