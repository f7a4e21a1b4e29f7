import { maskResidentId } from '@wushe/cn-standards';
import {
  parseEvent,
  recipientCategoriesChangedV1,
  recipientRegisteredV1,
  rosterImportedV1,
} from '@wushe/contracts';
import { residentId, villageCode } from '@wushe/testing';
import ExcelJS from 'exceljs';
import { useCasesApp } from './support/cases-spec';
import {
  BASE,
  csvOf,
  nextMonth,
  people,
  Person,
  person,
  rosterFixtures,
  TOWN_A,
  XLSX,
} from './support/roster-fixtures';

// The monthly 低保/特困 roster import against real PostgreSQL, NATS and Redis, with the job run by
// a worker process (a second Nest app with role 'worker') on the same schema and Redis prefix:
// valid CSV and XLSX files, repeated files and people, several imports at once, progress.

const t = useCasesApp({ worker: true });
const { http } = t;
const { as, upload, settle, importAndSettle, counts, report, lookupHash, hashOf } = rosterFixtures(t);

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
      villageDifferences: 0,
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
      villageDifferences: 0,
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

  it('lists the people it places in another village than the ledger does; the ledger keeps its village', async () => {
    const auth = await as();
    const month = nextMonth();
    const [ledgerVillage, rosterVillage] = [`${TOWN_A}001`, `${TOWN_A}002`];
    const moved = person({ villageCode: ledgerVillage });
    const stayed = person({ villageCode: ledgerVillage });
    for (const p of [moved, stayed]) {
      const res = await http().post('/api/v1/cases/recipients').set('Authorization', `Bearer ${auth}`).send({
        name: p.name,
        residentId: p.residentId,
        villageCode: p.villageCode,
        legalBasis: 'statutory-duty',
      });
      expect(res.status).toBe(201);
    }
    const rows = [stayed, { ...moved, villageCode: rosterVillage }, person()];
    const { view } = await importAndSettle(auth, csvOf(rows), { month, category: 'dibao' });
    expect(view.result).toMatchObject({ registered: 1, categoriesAdded: 2, villageDifferences: 1 });

    const { id } = await hashOf(moved.residentId);
    const csv = await http()
      .get(`${BASE}/${view.id}/village-differences`)
      .set('Authorization', `Bearer ${auth}`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain('village-differences.csv');
    // Row 1 is the header: the moved person is the file's second data row, row 3.
    expect(
      csv.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\n'),
    ).toEqual(['row,recipientId,ledgerVillage,rosterVillage', `3,${id},${ledgerVillage},${rosterVillage}`]);
    const ledger = await t.get(auth, `/recipients/${id}`);
    expect(ledger.body.villageCode).toBe(ledgerVillage);
    const entry = await t.db.query(
      'SELECT village_code FROM roster_entry WHERE recipient_id = $1 AND month = $2',
      [id, month],
    );
    expect(entry.rows).toEqual([{ village_code: rosterVillage }]);

    const outsider = await as('station_worker', '430703101');
    expect(
      (await http().get(`${BASE}/${view.id}/village-differences`).set('Authorization', `Bearer ${outsider}`))
        .status,
    ).toBe(404);
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
