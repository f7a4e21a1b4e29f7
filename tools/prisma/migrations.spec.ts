import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, newRunId, TestDatabase } from '@wushe/testing';

// Drift check without a shadow database (STACK.md): the checked-in migrations and the Prisma
// schema, each applied to an empty schema, must leave identical catalogs.
const root = join(__dirname, '..', '..');
const SERVICES = ['identity', 'cases', 'volunteers', 'funding', 'reporting'];

// The CLI connects through prisma.config.ts's adapter even for a diff from the schema file, so it
// gets the per-run test database: the default `wushe` database need not exist on a fresh machine.
function schemaSql(service: string, databaseUrl: string): string {
  const out = execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/prisma/build/index.js'),
      'migrate',
      'diff',
      '--from-empty',
      '--to-schema-datamodel',
      join(root, 'services', service, 'prisma'),
      '--script',
      '--config',
      join(root, 'services', service, 'prisma.config.ts'),
    ],
    {
      cwd: root,
      env: { ...process.env, CHECKPOINT_DISABLE: '1', DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  ).toString();
  return out.replace(/CREATE SCHEMA IF NOT EXISTS "[^"]+";/g, '');
}

async function catalog(client: Client, schema: string): Promise<string[]> {
  const columns = await client.query(
    `SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS c
     FROM information_schema.columns WHERE table_schema = $1 AND table_name <> '_prisma_migrations'`,
    [schema],
  );
  // Partial indexes (… WHERE …) cannot be modelled in Prisma; they are written by hand in
  // migrations (e.g. one open referral per recipient and policy), so they are not drift.
  const indexes = await client.query(
    `SELECT replace(indexdef, '"' || $1 || '".', '') AS c FROM pg_indexes
     WHERE schemaname = $1 AND indexdef NOT LIKE '% WHERE %'`,
    [schema],
  );
  const constraints = await client.query(
    `SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS c
     FROM pg_constraint WHERE connamespace = $1::regnamespace`,
    [schema],
  );
  const strip = (s: string) => s.replaceAll(`${schema}.`, '').replaceAll(`"${schema}".`, '');
  return [...columns.rows, ...indexes.rows, ...constraints.rows].map((r) => strip(r.c)).sort();
}

describe('Prisma schemas and migrations', () => {
  const runId = newRunId();
  const made: TestDatabase[] = [];
  afterAll(() => Promise.all(made.map((d) => d.drop())));

  it.each(SERVICES)('%s: the migrations build exactly what schema.prisma describes', async (service) => {
    const migrated = await createTestDatabase(service, `${runId}m`);
    made.push(migrated);
    const client = new Client({ connectionString: migrated.url });
    await client.connect();
    const fromSchema = `${runId}s_${service}`;
    try {
      await client.query(`CREATE SCHEMA "${fromSchema}"`);
      await client.query(`SET search_path TO "${fromSchema}"`);
      await client.query(schemaSql(service, migrated.url));
      expect(await catalog(client, migrated.schema)).toEqual(await catalog(client, fromSchema));
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS "${fromSchema}" CASCADE`);
      await client.end();
    }
  });

  it.each(SERVICES)('%s: carries an unmodified copy of tools/prisma/platform.prisma', (service) => {
    const canonical = readFileSync(join(root, 'tools/prisma/platform.prisma'), 'utf8');
    expect(readFileSync(join(root, 'services', service, 'prisma/platform.prisma'), 'utf8')).toBe(canonical);
  });
});
