import { spawn, type ChildProcess } from 'node:child_process';
import type { Client } from 'pg';
import { TOWNSHIP } from './bodies';

const BASELINE_TABLE = 'bench_recipient_baseline';

/** What the baseline run needs of the bench's parameters. */
interface Params {
  seconds: number;
  connections: number;
}

// ---------------------------------------------------------------------------------------------
// Baseline: pgbench, one INSERT per transaction into a recipient-shaped table.

export interface PgbenchResult {
  tps: number;
  latencyAvgMs: number;
  transactions: number;
  failed: number;
}

export async function createBaselineTable(client: Client, schema: string): Promise<string> {
  const table = `"${schema}".${BASELINE_TABLE}`;
  await client.query(`CREATE TABLE ${table} (
    id uuid PRIMARY KEY,
    lookup_hash text NOT NULL,
    payload_encrypted text NOT NULL,
    village_code varchar(12) NOT NULL,
    birth_date date NOT NULL,
    created_at timestamptz(3) NOT NULL DEFAULT now()
  )`);
  await client.query(`CREATE UNIQUE INDEX ${BASELINE_TABLE}_lookup_hash ON ${table} (lookup_hash)`);
  return table;
}

/** ~100 characters of random hex (3 × md5) per text column; the unique column never repeats in practice. */
export function pgbenchScript(table: string): string {
  return [
    '\\set village random(1, 299)',
    '\\set days random(0, 27000)',
    `INSERT INTO ${table} (id, lookup_hash, payload_encrypted, village_code, birth_date, created_at)`,
    `VALUES (gen_random_uuid(),`,
    `  md5(random()::text) || md5(random()::text) || md5(random()::text),`,
    `  md5(random()::text) || md5(random()::text) || md5(random()::text),`,
    `  '${TOWNSHIP}' || lpad(:village::text, 3, '0'),`,
    `  date '1930-01-01' + :days,`,
    `  now());`,
    '',
  ].join('\n');
}

export function runPgbench(
  url: string,
  scriptPath: string,
  params: Params,
  onChild: (child: ChildProcess | undefined) => void,
): Promise<PgbenchResult> {
  const u = new URL(url);
  const args = [
    '-n',
    '-c',
    String(params.connections),
    '-j',
    '2',
    '-T',
    String(params.seconds),
    '-f',
    scriptPath,
    '-h',
    u.hostname,
    '-p',
    u.port || '5432',
    '-U',
    decodeURIComponent(u.username) || 'postgres',
    decodeURIComponent(u.pathname.slice(1)),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('pgbench', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    onChild(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      onChild(undefined);
      const tps = /tps = ([\d.]+)/.exec(out);
      if (code !== 0 || !tps) {
        reject(new Error(`pgbench exited ${code}:\n${out}\n${err}`));
        return;
      }
      resolve({
        tps: Number(tps[1]),
        latencyAvgMs: Number(/latency average = ([\d.]+) ms/.exec(out)?.[1] ?? NaN),
        transactions: Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1] ?? NaN),
        failed: Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0),
      });
    });
  });
}
