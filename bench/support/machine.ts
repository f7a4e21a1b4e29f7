import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import type { Client, Pool } from 'pg';
import { round } from './stats';

/** The 1-minute load average now: the servers are shared, and a high one means noisy figures. */
export const loadAverage = () => round(loadavg()[0], 2);

export interface Machine {
  node: string;
  cores: number;
  cpu: string;
  memoryGb: number;
  postgres: string;
  loadAvg1mAtStart: number;
}

/** The machine a run measured on, for BENCH_RESULT; `extra` (versions, pool sizes) before the load. */
export async function describeMachine<E extends Record<string, string | number>>(
  db: Pool | Client,
  loadAvg1mAtStart: number,
  extra: E = {} as E,
): Promise<Machine & E> {
  const { rows } = await db.query<{ v: string }>("SELECT current_setting('server_version') AS v");
  return {
    node: process.version,
    cores: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: round(totalmem() / 2 ** 30, 1),
    postgres: rows[0].v,
    ...extra,
    loadAvg1mAtStart,
  };
}

/** The report's machine line; `extra` (e.g. `nats-server 2.11`) goes before the load. */
export function machineLine(m: Machine, extra?: string): string {
  return `node ${m.node}, ${m.cores} cores (${m.cpu}), ${m.memoryGb} GB, PostgreSQL ${m.postgres}, ${extra ? `${extra}, ` : ''}load ${m.loadAvg1mAtStart} at start`;
}
