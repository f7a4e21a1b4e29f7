// Applies a service's checked-in migrations with plain pg, recording them in Prisma's own
// `_prisma_migrations` table (same columns, same sha256 checksum) so `prisma migrate status` agrees.
// Why not `prisma migrate deploy`: offline it runs through the pg driver adapter, which splits a
// migration on every ";" — a trigger or function body (audit append-only, …) cannot be applied.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

function migrationsOf(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((d) => /^\d{14}_/.test(d))
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });
}

/** Applies what is not applied yet; refuses when an applied migration's file has changed. */
async function applyMigrations({ url, schema, dir, log = console.log }) {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Bad schema name ${schema}`);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // One migrator per schema at a time (several migration Jobs or replicas may start together).
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`wushe.migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`SET search_path TO "${schema}"`);
    await client.query(MIGRATIONS_TABLE);
    const { rows } = await client.query(
      'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    let count = 0;
    for (const m of migrationsOf(dir)) {
      if (applied.has(m.name)) {
        if (applied.get(m.name) !== m.checksum) {
          throw new Error(`${schema}: migration ${m.name} was changed after it was applied`);
        }
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [crypto.randomUUID(), m.checksum, m.name],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`${schema}: migration ${m.name} failed: ${error.message}`);
      }
      log(`${schema}: applied ${m.name}`);
      count++;
    }
    if (count === 0) log(`${schema}: up to date`);
    return count;
  } finally {
    await client.end();
  }
}

module.exports = { applyMigrations, migrationsOf };
