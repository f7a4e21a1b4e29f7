import { maskResidentId } from '@wushe/cn-standards';
import {
  findEventDefinition,
  parseEvent,
  recipientCategoriesChangedV1,
  recipientRegisteredV1,
  rosterImportedV1,
} from '@wushe/contracts';
import { FieldCipher } from '@wushe/platform';
import { residentId, TestGrant, villageCode } from '@wushe/testing';
import ExcelJS from 'exceljs';
import type request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { useCasesApp } from './support/cases-spec';
import { anyOf, scanSchemaText } from './support/pii-scan';

// The monthly 低保/特困 roster import against real PostgreSQL, NATS and Redis, with the job run by
// a worker process (a second Nest app with role 'worker') on the same schema and Redis prefix.

const TOWN_A = '430703100';
const TOWN_B = '430703101';
const BASE = '/api/v1/cases/roster-imports';
const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const t = useCasesApp({ worker: true });
const { http } = t;
let seq = 0;
// Every test uploads for its own month, so imports and roster entries never meet by accident.
let monthSeq = 0;
const nextMonth = () => {
  monthSeq += 1;
  return `20${10 + Math.floor(monthSeq / 12)}-${String((monthSeq % 12) + 1).padStart(2, '0')}`;
};

// One counter for tokens and people alike, so every name and household reference is new.
const token = (grants: TestGrant[]) => t.token(grants, `user-${++seq}`);
const as = (role = 'station_worker', region = TOWN_A) => token([{ role, region }]);

interface Person {
  name: string;
  residentId: string;
  villageCode: string;
  amount: string;
  householdRef?: string;
  category?: string;
}
const person = (overrides: Partial<Person> = {}): Person => ({
  name: `张${'三四五六七'[seq++ % 5]}`,
  residentId: residentId({ areaCode: '430703' }),
  villageCode: villageCode(TOWN_A),
  amount: '650.50',
  householdRef: `HH-${seq}`,
  ...overrides,
});
const people = (n: number) => Array.from({ length: n }, () => person());

function csvOf(
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

async function upload(auth: string, file: Buffer, query: Record<string, string>, type = CSV) {
  return http()
    .post(BASE)
    .query(query)
    .set('Authorization', `Bearer ${auth}`)
    .set('Content-Type', type)
    .send(file);
}

/** The parts of GET /roster-imports/:id the tests read. */
interface ImportView {
  id: string;
  status: string;
  attempts: number;
  errorCount: number;
  progress: { rowsParsed: number; rowsValid: number; rowsInvalid: number; rowsApplied: number };
  result: Record<string, number> | null;
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

const hashOf = async (id: string) =>
  (await t.db.query('SELECT id, version FROM recipient WHERE resident_id_hash = $1', [lookupHash(id)]))
    .rows[0];
// The test's own FieldCipher would need the keys; comparing with the app's is simpler.
const lookupHash = (id: string) => t.app.get(FieldCipher).lookupHash(id);

describe('POST /roster-imports: a valid CSV', () => {
  it('registers everyone, records the entries in fen and announces it, with progress and a Location', async () => {
    const auth = await as();
    const month = nextMonth();
    const rows = people(5);
    rows[0].amount = '1,234.5';
    rows[1].amount = '800';
    const before = await counts();
    const { res, view } = await importAndSettle(auth, csvOf(rows), { month, category: 'dibao' });
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe(`${BASE}/${res.body.id}`);
    expect(res.body).toMatchObject({ status: 'queued', regionCode: TOWN_A, month, category: 'dibao' });
    expect(view).toMatchObject({
      status: 'completed',
      progress: { rowsParsed: 5, rowsValid: 5, rowsInvalid: 0, rowsApplied: 5 },
      errorCount: 0,
      result: { registered: 5, categoriesAdded: 0, entriesAdded: 5, entriesChanged: 0, entriesUnchanged: 0 },
      attempts: 1,
    });

    const after = await counts();
    expect(after.recipient - before.recipient).toBe(5);
    expect(after.category - before.category).toBe(5);
    expect(after.entry - before.entry).toBe(5);
    expect(after.outbox - before.outbox).toBe(6); // five registrations and one summary

    const recipient = (
      await t.db.query(
        `SELECT r.*, c.category, to_char(c.valid_from, 'YYYY-MM-DD') AS valid_from, c.source
           FROM recipient r JOIN recipient_category c ON c.recipient_id = r.id WHERE r.resident_id_hash = $1`,
        [lookupHash(rows[0].residentId)],
      )
    ).rows[0];
    expect(recipient).toMatchObject({
      name: rows[0].name,
      village_code: rows[0].villageCode,
      legal_basis: 'statutory-duty',
      status: 'identified',
      category: 'dibao',
      valid_from: `${month}-01`,
      source: 'roster-import',
    });
    expect(recipient.resident_id_encrypted).not.toContain(rows[0].residentId);
    const entries = (
      await t.db.query(
        `SELECT e.amount_fen, e.household_ref, e.month FROM roster_entry e
           JOIN recipient r ON r.id = e.recipient_id WHERE r.resident_id_hash = ANY($1) ORDER BY e.amount_fen`,
        [rows.slice(0, 2).map((p) => lookupHash(p.residentId))],
      )
    ).rows;
    expect(entries).toEqual([
      { amount_fen: 80_000, household_ref: rows[1].householdRef, month },
      { amount_fen: 123_450, household_ref: rows[0].householdRef, month },
    ]);

    // The masked view of the ledger shows the new person, as a registration would.
    const ledger = await http()
      .get(`/api/v1/cases/recipients/${recipient.id}`)
      .set('Authorization', `Bearer ${auth}`);
    expect(ledger.status).toBe(200);
    expect(ledger.body).toMatchObject({ residentId: maskResidentId(rows[0].residentId), name: rows[0].name });

    const events = (
      await t.db.query(`SELECT subject, envelope FROM outbox_event WHERE id > $1::uuid ORDER BY id`, [
        res.body.id,
      ])
    ).rows as Array<{ subject: string; envelope: Record<string, unknown> }>;
    const registered = events.filter((e) => e.envelope.type === recipientRegisteredV1.type);
    expect(registered).toHaveLength(5);
    for (const e of registered) {
      expect(e.subject).toBe(recipientRegisteredV1.subject);
      const parsed = parseEvent(recipientRegisteredV1, e.envelope);
      expect(parsed.subject).toBe(parsed.data.recipientId);
      expect(parsed.regioncode).toBe(parsed.data.villageCode);
      expect(parsed.data).toMatchObject({ categories: ['dibao'], legalBasis: 'statutory-duty' });
    }
    const summary = events.filter((e) => e.envelope.type === rosterImportedV1.type);
    expect(summary).toHaveLength(1);
    expect(parseEvent(rosterImportedV1, summary[0].envelope).data).toEqual({
      importId: res.body.id,
      regionCode: TOWN_A,
      month,
      category: 'dibao',
      counts: {
        rows: 5,
        registered: 5,
        categoriesAdded: 0,
        entriesAdded: 5,
        entriesChanged: 0,
        entriesUnchanged: 0,
      },
      totalAmountFen: 123_450 + 80_000 + 3 * 65_050,
    });
    // The stored file is gone once the import ended.
    const chunks = await t.db.query(
      'SELECT count(*)::int AS n FROM roster_import_chunk WHERE import_id = $1',
      [res.body.id],
    );
    expect(chunks.rows[0].n).toBe(0);
  });

  it('the same file twice returns the same import and changes nothing', async () => {
    const auth = await as();
    const month = nextMonth();
    const file = csvOf(people(4), 'tekun');
    const first = await importAndSettle(auth, file, { month, category: 'tekun' });
    expect(first.view.status).toBe('completed');
    const before = await counts();

    const again = await upload(await as(), file, { month, category: 'tekun' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.res.body.id);
    expect(again.body.status).toBe('completed');
    expect(again.headers.location).toBe(`${BASE}/${first.res.body.id}`);
    await new Promise((r) => setTimeout(r, 500));
    expect(await counts()).toEqual(before);
  });

  it('the same people in another file: a new import that registers, adds and announces nothing', async () => {
    const auth = await as();
    const month = nextMonth();
    const rows = people(4);
    await importAndSettle(auth, csvOf(rows), { month, category: 'dibao' });
    const before = await counts();
    const reordered = csvOf([...rows].reverse());
    const { view } = await importAndSettle(auth, reordered, { month, category: 'dibao' });
    expect(view.result).toEqual({
      registered: 0,
      categoriesAdded: 0,
      entriesAdded: 0,
      entriesChanged: 0,
      entriesUnchanged: 4,
    });
    expect(await counts()).toEqual({ ...before, imports: before.imports + 1 });

    // A corrected amount changes that entry only, and the import is announced.
    rows[2].amount = '700.00';
    const { view: corrected } = await importAndSettle(auth, csvOf(rows), { month, category: 'dibao' });
    expect(corrected.result).toMatchObject({ registered: 0, entriesChanged: 1, entriesUnchanged: 3 });
    const amount = await t.db.query(
      `SELECT e.amount_fen FROM roster_entry e JOIN recipient r ON r.id = e.recipient_id
        WHERE r.resident_id_hash = $1 AND e.month = $2`,
      [lookupHash(rows[2].residentId), month],
    );
    expect(amount.rows).toEqual([{ amount_fen: 70_000 }]);
    expect((await counts()).outbox).toBe(before.outbox + 1);
  });

  it('gives people already in the ledger the category (once), with a categories-changed event', async () => {
    const auth = await as();
    const month = nextMonth();
    const known = person();
    const holder = person();
    const register = (p: Person, categories: unknown[]) =>
      http().post('/api/v1/cases/recipients').set('Authorization', `Bearer ${auth}`).send({
        name: p.name,
        residentId: p.residentId,
        villageCode: p.villageCode,
        categories,
        legalBasis: 'statutory-duty',
      });
    expect((await register(known, [{ category: 'disabled', validFrom: '2020-01-01' }])).status).toBe(201);
    expect((await register(holder, [{ category: 'dibao', validFrom: '2020-01-01' }])).status).toBe(201);
    const before = await counts();

    const { res, view } = await importAndSettle(auth, csvOf([known, holder, person()]), {
      month,
      category: 'dibao',
    });
    expect(view.result).toEqual({
      registered: 1,
      categoriesAdded: 1,
      entriesAdded: 3,
      entriesChanged: 0,
      entriesUnchanged: 0,
    });
    const after = await counts();
    expect(after.recipient - before.recipient).toBe(1);
    expect(after.category - before.category).toBe(2);
    expect(after.versions - before.versions).toBe(1 + 1); // the new person's 1, the known one's bump
    const { id, version } = await hashOf(known.residentId);
    expect(version).toBe(2);
    const changed = (
      await t.db.query(`SELECT envelope FROM outbox_event WHERE id > $1::uuid AND envelope->>'type' = $2`, [
        res.body.id,
        recipientCategoriesChangedV1.type,
      ])
    ).rows.map((r) => parseEvent(recipientCategoriesChangedV1, r.envelope));
    expect(changed).toHaveLength(1);
    expect(changed[0].subject).toBe(id);
    expect(changed[0].data).toEqual({
      recipientId: id,
      villageCode: known.villageCode,
      change: 'added',
      category: 'dibao',
      categories: ['dibao', 'disabled'],
      version: 2,
    });
    const categories = (
      await t.db.query(
        `SELECT category, source, to_char(valid_from, 'YYYY-MM-DD') AS valid_from FROM recipient_category
          WHERE recipient_id = $1 ORDER BY category`,
        [id],
      )
    ).rows;
    expect(categories).toEqual([
      { category: 'dibao', source: 'roster-import', valid_from: `${month}-01` },
      { category: 'disabled', source: 'manual', valid_from: '2020-01-01' },
    ]);
  });

  it('reads a GB18030 CSV as Excel on Chinese Windows saves it', async () => {
    const auth = await as();
    const p = person();
    const header = Buffer.from('d0d5c3fb2cc9edb7ddd6a4bac5c2eb2cb4e5b4fac2eb2cbdf0b6ee0a', 'hex'); // 姓名,身份证号码,村代码,金额
    const name = Buffer.from('d5c5c8fd', 'hex'); // 张三
    const file = Buffer.concat([header, name, Buffer.from(`,${p.residentId},${p.villageCode},300\n`)]);
    const { view } = await importAndSettle(auth, file, { month: nextMonth(), category: 'dibao' });
    expect(view).toMatchObject({ status: 'completed', file: { encoding: 'gb18030' } });
    const row = await t.db.query('SELECT name FROM recipient WHERE resident_id_hash = $1', [
      lookupHash(p.residentId),
    ]);
    expect(row.rows[0].name).toBe('张三');
  });
});

describe('POST /roster-imports: XLSX', () => {
  it('imports the first worksheet of a workbook with Chinese headers and numeric amounts', async () => {
    const auth = await as();
    const rows = people(3);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('花名册');
    sheet.addRow(['序号', '姓名', '身份证号码', '类别', '村（居）代码', '户编号', '金额（元）']);
    rows.forEach((p, i) =>
      sheet.addRow([i + 1, p.name, p.residentId, '低保', p.villageCode, p.householdRef, 512.3]),
    );
    workbook.addWorksheet('说明').addRow(['not a roster row', 'x', 'y']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const { view } = await importAndSettle(auth, file, { month: nextMonth(), category: 'dibao' }, XLSX);
    expect(view).toMatchObject({
      status: 'completed',
      file: { format: 'xlsx' },
      progress: { rowsParsed: 3, rowsApplied: 3 },
      result: { registered: 3, entriesAdded: 3 },
    });
    const amounts = await t.db.query(
      `SELECT e.amount_fen FROM roster_entry e JOIN recipient r ON r.id = e.recipient_id WHERE r.resident_id_hash = ANY($1)`,
      [rows.map((p) => lookupHash(p.residentId))],
    );
    expect(amounts.rows).toEqual([{ amount_fen: 51_230 }, { amount_fen: 51_230 }, { amount_fen: 51_230 }]);
  });

  it('rejects a workbook whose rows are wrong, with XLSX row numbers in the report', async () => {
    const auth = await as();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.addRow(['姓名', '身份证号', '村代码', '金额']);
    sheet.addRow(['李四', residentId(), villageCode(TOWN_A), 100]);
    sheet.addRow(['王五', Number('440524188001010014'), villageCode(TOWN_A), 100]); // an ID typed as a number
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const { view } = await importAndSettle(auth, file, { month: nextMonth(), category: 'dibao' }, XLSX);
    expect(view).toMatchObject({ status: 'rejected', errorCount: 1 });
    const { rows } = await report(auth, view.id);
    expect(rows.map((r) => r.slice(0, 3))).toEqual([['3', 'residentId', 'CASES.INVALID_RESIDENT_ID']]);
  });
});

describe('all or nothing: a bad row rejects the whole file', () => {
  it('one bad row among good ones: rejected, listed with its code, nothing in the ledger', async () => {
    const auth = await as();
    const rows = people(6);
    const badId = `${rows[3].residentId.slice(0, 17)}${rows[3].residentId.endsWith('1') ? '2' : '1'}`;
    rows[3].residentId = badId;
    const before = await counts();
    const { view } = await importAndSettle(auth, csvOf(rows), { month: nextMonth(), category: 'dibao' });
    expect(view).toMatchObject({
      status: 'rejected',
      progress: { rowsParsed: 6, rowsValid: 5, rowsInvalid: 1, rowsApplied: 0 },
      errorCount: 1,
      result: null,
    });
    expect(await counts()).toEqual({ ...before, imports: before.imports + 1 });
    const { text, rows: lines } = await report(auth, view.id);
    expect(lines).toHaveLength(1);
    expect(lines[0].slice(0, 3)).toEqual(['5', 'residentId', 'CASES.INVALID_RESIDENT_ID']);
    expect(text).toContain(maskResidentId(badId));
    expect(text).not.toContain(badId);
    for (const p of rows) expect(text).not.toContain(p.name);
  });

  it('lists every kind of bad row, each with a stable code and the right column', async () => {
    const auth = await as();
    const dup = residentId();
    const elsewhere = person({ villageCode: villageCode(TOWN_B) });
    const reg = await http()
      .post('/api/v1/cases/recipients')
      .set('Authorization', `Bearer ${await as('station_worker', TOWN_B)}`)
      .send({
        name: elsewhere.name,
        residentId: elsewhere.residentId,
        villageCode: elsewhere.villageCode,
        legalBasis: 'statutory-duty',
      });
    expect(reg.status).toBe(201);
    const rows: Person[] = [
      person(), // row 2: fine
      person({ residentId: dup }), // row 3: first of a duplicate
      person({ villageCode: villageCode(TOWN_B) }), // row 4: outside the import's region
      person({ residentId: dup }), // row 5: duplicate of row 3
      person({ amount: '12.345' }), // row 6
      person({ amount: '0' }), // row 7
      person({ name: '' }), // row 8
      person({ villageCode: '43070310000' }), // row 9: 11 digits
      person({ category: 'tekun' }), // row 10: another category's roster
      person({ residentId: residentId({ birthDate: '2030-01-01' }) }), // row 11: future birth
      person({ householdRef: 'HH 1/2' }), // row 12
      person({ residentId: elsewhere.residentId, villageCode: villageCode(TOWN_A) }), // row 13
      person({ name: '名'.repeat(51) }), // row 14
    ];
    const before = await counts();
    const { view } = await importAndSettle(auth, csvOf(rows), { month: nextMonth(), category: 'dibao' });
    expect(view.status).toBe('rejected');
    expect(await counts()).toEqual({ ...before, imports: before.imports + 1 });
    const { text, rows: lines } = await report(auth, view.id);
    expect(lines.map((l) => l.slice(0, 3))).toEqual([
      ['4', 'villageCode', 'CASES.ROSTER_ROW_OUT_OF_SCOPE'],
      ['5', 'residentId', 'CASES.ROSTER_DUPLICATE_ID'],
      ['6', 'amount', 'CASES.ROSTER_INVALID_AMOUNT'],
      ['7', 'amount', 'CASES.ROSTER_INVALID_AMOUNT'],
      ['8', 'name', 'CASES.ROSTER_MISSING_VALUE'],
      ['9', 'villageCode', 'CASES.ROSTER_INVALID_VILLAGE_CODE'],
      ['10', 'category', 'CASES.ROSTER_CATEGORY_MISMATCH'],
      ['11', 'residentId', 'CASES.INVALID_BIRTH_DATE'],
      ['12', 'householdRef', 'CASES.ROSTER_INVALID_HOUSEHOLD_REF'],
      ['13', 'residentId', 'CASES.ROSTER_REGISTERED_ELSEWHERE'],
      ['14', 'name', 'CASES.ROSTER_INVALID_NAME'],
    ]);
    expect(text).toContain('first in row 3');
    expect(view).toMatchObject({
      errorCount: 11,
      progress: { rowsParsed: 13, rowsInvalid: 11, rowsValid: 2 },
    });
    for (const p of rows) expect(text).not.toContain(p.residentId);
  });

  it('a file without the required columns, or without rows, is rejected as a whole', async () => {
    const auth = await as();
    const noAmount = Buffer.from(
      `name,residentId,villageCode\n张三,${residentId()},${villageCode(TOWN_A)}\n`,
    );
    const missing = await importAndSettle(auth, noAmount, { month: nextMonth(), category: 'dibao' });
    expect(missing.view.status).toBe('rejected');
    expect((await report(auth, missing.view.id)).rows.map((r) => r.slice(0, 3))).toEqual([
      ['1', 'file', 'CASES.ROSTER_MISSING_COLUMNS'],
    ]);
    const headerOnly = await importAndSettle(auth, Buffer.from('姓名,身份证号,村代码,金额\n'), {
      month: nextMonth(),
      category: 'dibao',
    });
    expect((await report(auth, headerOnly.view.id)).rows.map((r) => r[2])).toEqual(['CASES.ROSTER_NO_ROWS']);
    const broken = await importAndSettle(
      auth,
      Buffer.from('name,residentId,villageCode,amount\n"张三,1,2,3\n'),
      {
        month: nextMonth(),
        category: 'dibao',
      },
    );
    expect((await report(auth, broken.view.id)).rows.map((r) => r[2])).toEqual([
      'CASES.ROSTER_UNREADABLE_FILE',
    ]);
  });

  it('a failure while applying rolls everything back, and the retried job completes cleanly', async () => {
    const auth = await as();
    const rows = people(4);
    rows[2].amount = '999.99';
    // A trigger stands in for a crash half-way through the application (after the recipients). It
    // counts its firings in a sequence, which a rollback does not undo, so the test knows when.
    await t.db.query(`
      CREATE SEQUENCE roster_test_fired;
      CREATE FUNCTION roster_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.amount_fen = 99999 THEN PERFORM nextval('roster_test_fired'); RAISE EXCEPTION 'simulated crash'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER roster_test_fail BEFORE INSERT ON roster_entry FOR EACH ROW EXECUTE FUNCTION roster_test_fail();`);
    const before = await counts();
    const res = await upload(auth, csvOf(rows), { month: nextMonth(), category: 'dibao' });
    expect(res.status).toBe(202);
    const fired = async () =>
      (await t.db.query('SELECT is_called FROM roster_test_fired')).rows[0].is_called as boolean;
    for (let i = 0; i < 200 && !(await fired()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await fired()).toBe(true);
    await new Promise((r) => setTimeout(r, 500)); // the rollback; the retry is 10 s away
    const during = await counts();
    expect(during).toEqual({ ...before, imports: before.imports + 1, chunks: before.chunks + 1 });
    const failed = (await http().get(`${BASE}/${res.body.id}`).set('Authorization', `Bearer ${auth}`)).body;
    expect(failed).toMatchObject({ status: 'applying', attempts: 1, result: null });

    await t.db.query(
      'DROP TRIGGER roster_test_fail ON roster_entry; DROP FUNCTION roster_test_fail(); DROP SEQUENCE roster_test_fired',
    );
    const { view: done } = await settle(auth, res.body.id, 40_000);
    expect(done).toMatchObject({
      status: 'completed',
      attempts: 2,
      result: { registered: 4, entriesAdded: 4 },
    });
    const after = await counts();
    expect(after.recipient - before.recipient).toBe(4);
    expect(after.outbox - before.outbox).toBe(5);
  }, 60_000);
});

describe('an import whose every attempt fails', () => {
  it('ends failed with its file kept; a retry queues it again and it completes', async () => {
    const auth = await as();
    const rows = people(3);
    rows[1].amount = '888.88';
    await t.db.query(`
      CREATE SEQUENCE roster_test_always_fired;
      CREATE FUNCTION roster_test_always() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.amount_fen = 88888 THEN PERFORM nextval('roster_test_always_fired'); RAISE EXCEPTION 'disk full'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER roster_test_always BEFORE INSERT ON roster_entry FOR EACH ROW EXECUTE FUNCTION roster_test_always();`);
    const before = await counts();
    const res = await upload(auth, csvOf(rows), { month: nextMonth(), category: 'dibao' });
    expect(res.status).toBe(202);
    const fired = async () =>
      (await t.db.query('SELECT is_called FROM roster_test_always_fired')).rows[0].is_called as boolean;
    for (let i = 0; i < 200 && !(await fired()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await fired()).toBe(true);
    // Stands in for the attempts before the last, so the test waits for one backoff, not two.
    await t.db.query('UPDATE roster_import SET attempts = $2 WHERE id = $1', [res.body.id, 2]);

    const { view: failed } = await settle(auth, res.body.id, 40_000);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, result: null });
    expect(await counts()).toEqual({ ...before, imports: before.imports + 1, chunks: before.chunks + 1 });
    const chunks = await t.db.query(
      'SELECT count(*)::int AS n FROM roster_import_chunk WHERE import_id = $1',
      [res.body.id],
    );
    expect(chunks.rows[0].n).toBeGreaterThan(0);

    // Another township does not see it; a reader may not retry; only a failed import is retried.
    const retry = async (who: string) =>
      http().post(`${BASE}/${res.body.id}/retry`).set('Authorization', `Bearer ${who}`);
    expect((await retry(await as('station_worker', TOWN_B))).status).toBe(404);
    expect((await retry(await as('auditor', '430703'))).status).toBe(403);

    await t.db.query(
      'DROP TRIGGER roster_test_always ON roster_entry; DROP FUNCTION roster_test_always(); DROP SEQUENCE roster_test_always_fired',
    );
    const queued = await retry(auth);
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ status: 'queued', attempts: 0 });
    const again = await retry(auth);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CASES.ROSTER_IMPORT_NOT_FAILED');

    const { view: done } = await settle(auth, res.body.id, 40_000);
    expect(done).toMatchObject({
      status: 'completed',
      attempts: 1,
      result: { registered: 3, entriesAdded: 3 },
    });
    const afterRetry = await retry(auth);
    expect(afterRetry.status).toBe(409);
  }, 60_000);
});

describe('several imports at once', () => {
  it('all complete, and a person on two rosters of the month is registered once', async () => {
    const auth = await as();
    const month = nextMonth();
    const shared = person();
    const before = await counts();
    const ids: string[] = [];
    for (const category of ['dibao', 'tekun', 'dibao'] as const) {
      const rows = category === 'tekun' ? [shared, ...people(2)] : [...people(2), shared];
      const res = await upload(auth, csvOf(rows, category), { month, category });
      expect(res.status).toBe(202);
      ids.push(res.body.id);
    }
    const views = [];
    for (const id of ids) views.push((await settle(auth, id)).view);
    expect(views.map((v) => v.status)).toEqual(['completed', 'completed', 'completed']);
    const after = await counts();
    expect(after.recipient - before.recipient).toBe(7);
    expect(after.entry - before.entry).toBe(8); // the shared person: one dibao and one tekun entry
    const { id } = await hashOf(shared.residentId);
    const held = await t.db.query(
      'SELECT category FROM recipient_category WHERE recipient_id = $1 ORDER BY 1',
      [id],
    );
    expect(held.rows).toEqual([{ category: 'dibao' }, { category: 'tekun' }]);
  });
});

describe('progress', () => {
  it('shows rows parsed while a large file is being read, then the counts at the end', async () => {
    const auth = await as();
    const n = 40_000;
    const lines = ['姓名,身份证号,村代码,金额'];
    for (let i = 0; i < n; i++) lines.push(`某某,${residentId({ areaCode: '430721' })},${TOWN_A}001,500`);
    const { view, seen } = await importAndSettle(auth, Buffer.from(lines.join('\n')), {
      month: nextMonth(),
      category: 'tekun',
    });
    expect(view).toMatchObject({ status: 'completed', progress: { rowsParsed: n, rowsApplied: n } });
    const midway = seen.filter((v) => !['queued', 'completed'].includes(v.status));
    expect(midway.length).toBeGreaterThan(0);
    expect(midway.some((v) => v.progress.rowsParsed > 0 && v.progress.rowsParsed < n)).toBe(true);
    const parsed = seen.map((v) => v.progress.rowsParsed);
    expect([...parsed].sort((a, b) => a - b)).toEqual(parsed); // never goes backwards
  }, 120_000);
});

describe('bad requests answer 4xx with a stable code and store nothing', () => {
  it('refuses what it cannot take', async () => {
    const auth = await as();
    const file = csvOf(people(1));
    const month = nextMonth();
    const before = await counts();
    const writerOfTwo = await token([
      { role: 'station_worker', region: TOWN_A },
      { role: 'station_worker', region: TOWN_B },
    ]);
    const auditor = await as('auditor', '430703');
    // Thunks: supertest binds the server to a port when a request is built, so build one at a time.
    const cases: Array<[() => Promise<request.Response>, number, string]> = [
      [
        () => upload(auth, file, { month, category: 'dibao' }, 'application/octet-stream'),
        415,
        'COMMON.UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        () => upload(auth, file, { month, category: 'dibao' }, 'text/plain'),
        415,
        'COMMON.UNSUPPORTED_MEDIA_TYPE',
      ],
      [() => upload(auth, file, { month: '2024-13', category: 'dibao' }), 400, 'COMMON.VALIDATION_FAILED'],
      [() => upload(auth, file, { month, category: 'orphan' }), 400, 'COMMON.VALIDATION_FAILED'],
      [() => upload(auth, file, { month, category: 'dibao', extra: '1' }), 400, 'COMMON.VALIDATION_FAILED'],
      [() => upload(auth, Buffer.alloc(0), { month, category: 'dibao' }), 400, 'CASES.ROSTER_EMPTY_FILE'],
      [() => upload(auth, file, { month, category: 'dibao' }, XLSX), 422, 'CASES.ROSTER_UNREADABLE_FILE'],
      [() => upload(auth, file, { month, category: 'dibao', region: TOWN_B }), 403, 'COMMON.OUT_OF_SCOPE'],
      [() => upload(auth, file, { month, category: 'dibao', region: '430703' }), 403, 'COMMON.OUT_OF_SCOPE'],
      [() => upload(auditor, file, { month, category: 'dibao' }), 403, 'COMMON.FORBIDDEN'],
      [() => upload(writerOfTwo, file, { month, category: 'dibao' }), 400, 'CASES.ROSTER_REGION_REQUIRED'],
    ];
    for (const [send, status, code] of cases) {
      const res = await send();
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    }
    const anonymous = await http()
      .post(BASE)
      .query({ month, category: 'dibao' })
      .set('Content-Type', CSV)
      .send(file);
    expect(anonymous.status).toBe(401);
    expect(await counts()).toEqual(before);
  });

  it('stores an upload as it arrives, and clears chunks that a dead upload left a day ago', async () => {
    const stale = uuidv7({ msecs: Date.now() - 25 * 3600_000 });
    const recent = uuidv7(); // an upload still streaming in another pod
    for (const id of [stale, recent]) {
      await t.db.query("INSERT INTO roster_import_chunk (import_id, seq, encrypted) VALUES ($1, 0, 'x')", [
        id,
      ]);
    }
    const res = await upload(await as(), csvOf(people(1)), { month: nextMonth(), category: 'dibao' });
    expect(res.status).toBe(202);
    const left = await t.db.query(
      'SELECT import_id FROM roster_import_chunk WHERE import_id = ANY($1::uuid[])',
      [[stale, recent]],
    );
    expect(left.rows).toEqual([{ import_id: recent }]);
    await t.db.query('DELETE FROM roster_import_chunk WHERE import_id = $1', [recent]);
  });

  it('takes the region from the query when the uploader writes in several', async () => {
    const auth = await token([
      { role: 'station_worker', region: TOWN_A },
      { role: 'station_worker', region: TOWN_B },
    ]);
    const res = await upload(auth, csvOf(people(1)), {
      month: nextMonth(),
      category: 'dibao',
      region: TOWN_A,
    });
    expect(res.status).toBe(202);
    expect(res.body.regionCode).toBe(TOWN_A);
    expect((await settle(auth, res.body.id)).view.status).toBe('completed');
  });
});

describe('scope of the import endpoints', () => {
  it('another township’s worker sees nothing of an import; the county admin sees it', async () => {
    const auth = await as();
    const month = nextMonth();
    const rows = people(2);
    rows[1].amount = 'abc';
    const { view } = await importAndSettle(auth, csvOf(rows), { month, category: 'dibao' });
    expect(view.status).toBe('rejected');

    const outsider = await as('station_worker', TOWN_B);
    for (const path of [`${BASE}/${view.id}`, `${BASE}/${view.id}/errors`]) {
      const res = await http().get(path).set('Authorization', `Bearer ${outsider}`);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'COMMON.NOT_FOUND' });
    }
    const theirs = await http().get(BASE).query({ month }).set('Authorization', `Bearer ${outsider}`);
    expect(theirs.status).toBe(200);
    expect(theirs.body.items).toEqual([]);

    const county = await as('county_admin', '430703');
    const list = await http().get(BASE).query({ month }).set('Authorization', `Bearer ${county}`);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([view.id]);
    expect(
      (await http().get(`${BASE}/${view.id}/errors`).set('Authorization', `Bearer ${county}`)).status,
    ).toBe(200);
  });

  it('lists newest first, cursor-paged, filtered by status', async () => {
    const auth = await as('station_worker', '430703102');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await upload(auth, csvOf([person({ villageCode: villageCode('430703102') })]), {
        month: nextMonth(),
        category: 'dibao',
      });
      ids.push(res.body.id);
      await settle(auth, res.body.id);
    }
    const page1 = await http().get(BASE).query({ limit: 2 }).set('Authorization', `Bearer ${auth}`);
    expect(page1.body.items.map((i: { id: string }) => i.id)).toEqual([ids[2], ids[1]]);
    const page2 = await http()
      .get(BASE)
      .query({ limit: 2, cursor: page1.body.nextCursor })
      .set('Authorization', `Bearer ${auth}`);
    expect(page2.body).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    const rejected = await http()
      .get(BASE)
      .query({ status: 'rejected' })
      .set('Authorization', `Bearer ${auth}`);
    expect(rejected.body.items).toEqual([]);
    const bad = await http().get(BASE).query({ cursor: 'nonsense' }).set('Authorization', `Bearer ${auth}`);
    expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'COMMON.BAD_CURSOR' });
    const badId = await http().get(`${BASE}/not-a-uuid`).set('Authorization', `Bearer ${auth}`);
    expect(badId.status).toBe(400);
  });
});

describe('PIPL: no plaintext ID numbers or names outside their encrypted columns', () => {
  it('scans the roster tables and every outbox envelope', async () => {
    const auth = await as();
    const rows = people(3).map((p, i) => ({ ...p, name: `秘密姓名${i}${seq}` }));
    const ok = await importAndSettle(auth, csvOf(rows), { month: nextMonth(), category: 'dibao' });
    expect(ok.view.status).toBe('completed');
    const bad = [...people(2), person({ amount: 'x' })].map((p, i) => ({ ...p, name: `另一个名${i}${seq}` }));
    // Scanned while queued too: the stored file must be encrypted.
    const queued = await upload(auth, csvOf(bad), { month: nextMonth(), category: 'dibao' });
    const stored = await t.db.query('SELECT encrypted FROM roster_import_chunk WHERE import_id = $1', [
      queued.body.id,
    ]);
    for (const { encrypted } of stored.rows as Array<{ encrypted: string }>) {
      expect(encrypted).toMatch(/^v1\./);
      for (const p of bad) expect(Buffer.from(encrypted).toString()).not.toContain(p.residentId);
    }
    await settle(auth, queued.body.id);

    const secrets = [...rows, ...bad].flatMap((p) => [p.residentId, p.name]);
    const { columns, scanned } = await scanSchemaText(t, anyOf(secrets), {
      tables: (table) => table.startsWith('roster') || table === 'outbox_event',
      arrays: false,
    });
    expect(columns.length).toBeGreaterThan(5);
    expect(scanned).toBeGreaterThan(10);
    // Every envelope the import wrote is a valid event of a registered type.
    const envelopes = (await t.db.query('SELECT envelope FROM outbox_event')).rows as Array<{
      envelope: { type: string };
    }>;
    for (const { envelope } of envelopes) {
      const def = findEventDefinition(envelope.type);
      if (!def) throw new Error(`unregistered event type ${envelope.type}`);
      expect(() => parseEvent(def, envelope)).not.toThrow();
    }
  });
});
