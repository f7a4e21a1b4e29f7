import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { newRunId } from '@wushe/testing';

// A plain-JS tool (the migration Job runs it without a build).
const { applyMigrations } = require('./apply-migrations') as {
  applyMigrations(o: {
    url: string;
    schema: string;
    dir: string;
    log?: (s: string) => void;
  }): Promise<number>;
};

const url = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/wushe_test';
const root = join(__dirname, '..', '..');
const quiet = () => undefined;

describe('applyMigrations', () => {
  const runId = newRunId();
  const schemas: string[] = [];
  afterAll(async () => {
    const c = new Client({ connectionString: url });
    await c.connect();
    for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await c.end();
  });

  it('applies every service’s migrations, including function bodies, once', async () => {
    for (const service of ['identity', 'cases', 'volunteers', 'funding', 'reporting']) {
      const schema = `${runId}_${service}`;
      schemas.push(schema);
      const dir = join(root, 'services', service, 'prisma', 'migrations');
      expect(await applyMigrations({ url, schema, dir, log: quiet })).toBeGreaterThan(0);
      expect(await applyMigrations({ url, schema, dir, log: quiet })).toBe(0);
    }
    const c = new Client({ connectionString: url });
    await c.connect();
    const trigger = await c.query(
      `SELECT 1 FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid JOIN pg_namespace n ON n.oid = r.relnamespace
       WHERE t.tgname = 'audit_entry_append_only' AND n.nspname = $1`,
      [`${runId}_identity`],
    );
    await c.end();
    expect(trigger.rowCount).toBe(1);
  });

  it('rolls back a failing migration and refuses one changed after it was applied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    const write = (name: string, sql: string) => {
      mkdirSync(join(dir, name), { recursive: true });
      writeFileSync(join(dir, name, 'migration.sql'), sql);
    };
    const schema = `${runId}_probe`;
    schemas.push(schema);
    write('20260101000000_one', 'CREATE TABLE a (id int);');
    expect(await applyMigrations({ url, schema, dir, log: quiet })).toBe(1);
    write('20260101000001_two', 'CREATE TABLE b (id int); SELECT no_such_function();');
    await expect(applyMigrations({ url, schema, dir, log: quiet })).rejects.toThrow(
      /20260101000001_two failed/,
    );
    const c = new Client({ connectionString: url });
    await c.connect();
    const b = await c.query(
      'SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2',
      [schema, 'b'],
    );
    await c.end();
    expect(b.rowCount).toBe(0);
    write('20260101000001_two', 'CREATE TABLE b (id int);');
    write('20260101000000_one', 'CREATE TABLE a (id bigint);');
    await expect(applyMigrations({ url, schema, dir, log: quiet })).rejects.toThrow(
      /changed after it was applied/,
    );
  });
});
