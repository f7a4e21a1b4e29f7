import type { Accounting } from './ledger';
import type { Tally } from './load';

export interface FaultRow {
  fault: string;
  accounting: Accounting;
  tally: Tally;
  /** From the fault's end until every replica was ready and every accepted write projected. */
  recoveryMs: number | undefined;
  /** Replicas that died or exited non-zero (other than one the suite SIGKILLed on purpose). */
  badProcesses: string[];
  /** "3/3": job schedulers found in Redis after the fault, of those registered at start. */
  schedulers?: { found: number; expected: number };
  notes: string[];
}

/** Why a row breaks the suite's criteria; empty when it passes. */
export function failures(row: FaultRow): string[] {
  const out: string[] = [];
  if (row.accounting.lost) out.push(`${row.accounting.lost} accepted writes lost`);
  if (row.accounting.duplicates) out.push(`${row.accounting.duplicates} duplicates`);
  if (row.tally.serverErrors) out.push(`${row.tally.serverErrors} non-503 5xx`);
  if (row.tally.resets) out.push(`${row.tally.resets} connection resets`);
  if (row.tally.hangs) out.push(`${row.tally.hangs} requests without an answer`);
  if (row.tally.rejected) out.push(`${row.tally.rejected} 4xx (the suite's requests are valid)`);
  if (row.accounting.accepted === 0) out.push('no write accepted at all');
  if (row.recoveryMs === undefined) out.push('did not recover');
  if (row.badProcesses.length) out.push(`processes: ${row.badProcesses.join(', ')}`);
  if (row.schedulers && row.schedulers.found < row.schedulers.expected)
    out.push(`schedulers ${row.schedulers.found}/${row.schedulers.expected}`);
  return out;
}

const seconds = (ms: number | undefined) => (ms === undefined ? 'never' : `${(ms / 1000).toFixed(1)} s`);

/** The suite's table, one row per fault, in plain text for a CI log. */
export function renderTable(rows: FaultRow[]): string {
  const header = [
    'fault',
    'accepted',
    'events',
    'dup',
    'lost',
    '503',
    '5xx',
    'resets',
    'hangs',
    'recovery',
    'processes',
    'schedulers',
    'result',
  ];
  const body = rows.map((r) => [
    r.fault,
    String(r.accounting.accepted),
    String(r.accounting.events),
    String(r.accounting.duplicates),
    String(r.accounting.lost),
    String(r.tally.unavailable),
    String(r.tally.serverErrors),
    String(r.tally.resets),
    String(r.tally.hangs),
    seconds(r.recoveryMs),
    r.badProcesses.length ? `${r.badProcesses.length} bad` : 'ok',
    r.schedulers ? `${r.schedulers.found}/${r.schedulers.expected}` : '-',
    failures(r).length ? 'FAIL' : 'ok',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  for (const r of rows) {
    const why = failures(r);
    const notes = [...why, ...r.notes, ...r.tally.samples.map((s) => `e.g. ${s}`)];
    if (notes.length) out.push(`  ${r.fault}: ${notes.join('; ')}`);
  }
  return out.join('\n');
}
