import { FieldCipher } from '@wushe/platform';
import { residentId, TestGrant, villageCode } from '@wushe/testing';
import type { CasesSpec } from './cases-spec';

// Shared by the roster-import specs, each of which runs `useCasesApp({ worker: true })` on its own
// schema. The counters below are module state: Jest loads this module afresh for every spec file.

export const TOWN_A = '430703100';
export const TOWN_B = '430703101';
export const BASE = '/api/v1/cases/roster-imports';
export const CSV = 'text/csv';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * One counter for tokens and people alike, so every name and household reference is new. Exported
 * as a live binding: a spec that names people after it reads the current value.
 */
export let seq = 0;
// Every test uploads for its own month, so imports and roster entries never meet by accident.
let monthSeq = 0;
export const nextMonth = () => {
  monthSeq += 1;
  return `20${10 + Math.floor(monthSeq / 12)}-${String((monthSeq % 12) + 1).padStart(2, '0')}`;
};

export interface Person {
  name: string;
  residentId: string;
  villageCode: string;
  amount: string;
  householdRef?: string;
  category?: string;
}
export const person = (overrides: Partial<Person> = {}): Person => ({
  name: `张${'三四五六七'[seq++ % 5]}`,
  residentId: residentId({ areaCode: '430703' }),
  villageCode: villageCode(TOWN_A),
  amount: '650.50',
  householdRef: `HH-${seq}`,
  ...overrides,
});
export const people = (n: number) => Array.from({ length: n }, () => person());

export function csvOf(
  rows: Person[],
  category = 'dibao',
  header = 'name,residentId,category,villageCode,householdId,amount',
): Buffer {
  const lines = rows.map((p) =>
    [p.name, p.residentId, p.category ?? category, p.villageCode, p.householdRef ?? '', `"${p.amount}"`].join(
      ',',
    ),
  );
  return Buffer.from(`${header}\n${lines.join('\n')}\n`);
}

/** The parts of GET /roster-imports/:id the tests read. */
export interface ImportView {
  id: string;
  status: string;
  attempts: number;
  errorCount: number;
  progress: { rowsParsed: number; rowsValid: number; rowsInvalid: number; rowsApplied: number };
  result: Record<string, number> | null;
}

/** Tokens, uploads and reads of the roster-import endpoints, made through the apps of `t`. */
export function rosterFixtures(t: CasesSpec) {
  const { http } = t;

  const token = (grants: TestGrant[]) => t.token(grants, `user-${++seq}`);
  const as = (role = 'station_worker', region = TOWN_A) => token([{ role, region }]);

  async function upload(auth: string, file: Buffer, query: Record<string, string>, type = CSV) {
    return http()
      .post(BASE)
      .query(query)
      .set('Authorization', `Bearer ${auth}`)
      .set('Content-Type', type)
      .send(file);
  }

  /** Polls the import until it reaches a final state; returns every view seen on the way. */
  async function settle(auth: string, id: string, timeoutMs = 60_000) {
    const seen: ImportView[] = [];
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const res = await http().get(`${BASE}/${id}`).set('Authorization', `Bearer ${auth}`);
      expect(res.status).toBe(200);
      seen.push(res.body);
      if (['completed', 'rejected', 'failed'].includes(res.body.status)) return { view: res.body, seen };
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`import ${id} did not finish: ${JSON.stringify(seen.at(-1))}`);
  }

  async function importAndSettle(auth: string, file: Buffer, query: Record<string, string>, type = CSV) {
    const res = await upload(auth, file, query, type);
    expect([200, 202]).toContain(res.status);
    return { res, ...(await settle(auth, res.body.id)) };
  }

  async function counts() {
    const q = async (sql: string) => Number((await t.db.query(sql)).rows[0].n);
    return {
      recipient: await q('SELECT count(*)::int AS n FROM recipient'),
      category: await q('SELECT count(*)::int AS n FROM recipient_category'),
      entry: await q('SELECT count(*)::int AS n FROM roster_entry'),
      outbox: await q('SELECT count(*)::int AS n FROM outbox_event'),
      imports: await q('SELECT count(*)::int AS n FROM roster_import'),
      // Stored file chunks: an upload writes them as it reads; a refused or repeated one leaves none.
      chunks: await q('SELECT count(*)::int AS n FROM roster_import_chunk'),
      versions: await q('SELECT coalesce(sum(version), 0)::int AS n FROM recipient'),
    };
  }

  async function report(auth: string, id: string) {
    const res = await http().get(`${BASE}/${id}/errors`).set('Authorization', `Bearer ${auth}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('row,column,code,message');
    return { text: res.text, rows: lines.slice(1).map((l) => l.split(',')) };
  }

  // The test's own FieldCipher would need the keys; comparing with the app's is simpler.
  const lookupHash = (id: string) => t.app.get(FieldCipher).lookupHash(id);
  const hashOf = async (id: string) =>
    (await t.db.query('SELECT id, version FROM recipient WHERE resident_id_hash = $1', [lookupHash(id)]))
      .rows[0];

  return { token, as, upload, settle, importAndSettle, counts, report, lookupHash, hashOf };
}
