#!/usr/bin/env node
// Prisma chores across services. Usage: node tools/prisma/each.js <command> [service ...]
//   sync            copy tools/prisma/platform.prisma into every service's prisma/ folder
//   generate        generate each service's client (offline: JS engine, pg adapter)
//   migrate-deploy  create the database if missing, then apply the checked-in migrations
//                   (tools/prisma/apply-migrations.js; recorded as `prisma migrate deploy` would)
//   migrate-new <service> <name>
//                   write a new migration: the diff from the last committed schema to the
//                   working one (`migrate dev` does not work offline; see shared STACK.md)
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const ALL = ['identity', 'cases', 'volunteers', 'funding', 'reporting'];
const env = { ...process.env, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' };
const prismaBin = path.join(root, 'node_modules', 'prisma', 'build', 'index.js');

function prisma(service, args, opts = {}) {
  const config = path.join(root, 'services', service, 'prisma.config.ts');
  return execFileSync(process.execPath, [prismaBin, ...args, '--config', config], {
    cwd: root,
    env: { ...env, ...opts.env },
    stdio: opts.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
  });
}

function sync(services) {
  const canonical = fs.readFileSync(path.join(__dirname, 'platform.prisma'));
  for (const s of services)
    fs.writeFileSync(path.join(root, 'services', s, 'prisma', 'platform.prisma'), canonical);
}

async function ensureDatabase() {
  const { Client } = require('pg');
  const url = new URL(env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/wushe');
  const database = decodeURIComponent(url.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const a = new Client({ connectionString: admin.toString() });
  await a.connect();
  const exists = await a.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0)
    await a.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`).catch(() => undefined);
  await a.end();
}

function migrateNew(service, name) {
  if (!/^[a-z0-9_]+$/.test(name ?? '')) throw new Error('migrate-new <service> <snake_case_name>');
  const dir = path.join(root, 'services', service, 'prisma');
  const migrations = path.join(dir, 'migrations');
  const hasMigrations =
    fs.existsSync(migrations) && fs.readdirSync(migrations).some((f) => /^\d{14}_/.test(f));
  let from = ['--from-empty'];
  if (hasMigrations) {
    const before = fs.mkdtempSync(path.join(os.tmpdir(), 'prisma-before-'));
    // Every committed .prisma file: a service's schema may be split across several (cases is).
    const listed = execFileSync('git', ['ls-tree', '--name-only', 'HEAD', `services/${service}/prisma/`], {
      cwd: root,
    });
    for (const rel of listed
      .toString()
      .split('\n')
      .filter((f) => f.endsWith('.prisma'))) {
      const file = path.basename(rel);
      fs.writeFileSync(path.join(before, file), execFileSync('git', ['show', `HEAD:${rel}`], { cwd: root }));
    }
    from = ['--from-schema-datamodel', before];
  }
  const sql = prisma(service, ['migrate', 'diff', ...from, '--to-schema-datamodel', dir, '--script'], {
    capture: true,
  })
    .toString()
    // The schema is chosen at deploy time by search_path; never hard-code one in a migration.
    .replace(/-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "[^"]+";\n\n?/g, '');
  if (!/CREATE|ALTER|DROP/.test(sql)) return console.log(`${service}: no schema changes`);
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const target = path.join(migrations, `${stamp}_${name}`);
  fs.mkdirSync(target, { recursive: true });
  fs.writeFileSync(path.join(target, 'migration.sql'), sql);
  fs.writeFileSync(path.join(migrations, 'migration_lock.toml'), 'provider = "postgresql"\n');
  console.log(`wrote ${path.relative(root, target)}/migration.sql`);
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const services = rest.length ? rest : ALL;
  for (const s of services)
    if (!ALL.includes(s) && command !== 'migrate-new') throw new Error(`Unknown service ${s}`);
  if (command === 'sync') return sync(services);
  if (command === 'generate') {
    for (const s of services) prisma(s, ['generate']);
    return;
  }
  if (command === 'migrate-deploy') {
    await ensureDatabase();
    const { applyMigrations } = require('./apply-migrations');
    for (const s of services) {
      await applyMigrations({
        url: env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/wushe',
        schema: env.DATABASE_SCHEMA ?? s,
        dir: path.join(root, 'services', s, 'prisma', 'migrations'),
      });
    }
    return;
  }
  if (command === 'migrate-new') return migrateNew(rest[0], rest[1]);
  throw new Error(`Unknown command ${command}`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
