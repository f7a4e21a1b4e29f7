import { FieldCipher } from '@wushe/platform';
import { mobile, residentId, villageCode } from '@wushe/testing';
import { parse } from 'csv-parse/sync';
import { Workbook } from 'exceljs';
import type { Response } from 'superagent';
import { v7 as uuidv7 } from 'uuid';
import { API, useCasesApp } from './support/cases-spec';

// Ledger exports (台账导出) against real PostgreSQL: CSV and XLSX parsed back, masking checked
// against the plaintext we registered, scope, filters, roles, a few thousand rows across keyset
// pages, and the export_log audit row.

const COUNTY = '430703';
const TOWN_A = '430703120';
const TOWN_B = '430703121';
const TOWN_C = '430703122';
const EXPORT = `${API}/recipients/export`;

const HEADER = [
  '对象编号',
  '姓名',
  '身份证号（脱敏）',
  '性别',
  '出生日期',
  '联系电话（脱敏）',
  '村（居）代码',
  '困难类别',
  '状态',
  '家庭编号',
  '责任社工',
  '更新时间',
];

const t = useCasesApp();
const { as, http } = t;

/** Collects the body as bytes whatever its type, so the BOM and the zip arrive untouched. */
function bytes(res: Response, done: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

async function download(auth: string, query: string) {
  const res = await http()
    .get(`${EXPORT}?${query}`)
    .set('Authorization', `Bearer ${auth}`)
    .buffer(true)
    .parse(bytes);
  const body = res.body as Buffer;
  return { status: res.status, headers: res.headers, body, json: () => JSON.parse(body.toString('utf8')) };
}

function csvRows(body: Buffer): string[][] {
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(body.toString('utf8'), { bom: true, relax_column_count: false }) as string[][];
}

async function xlsxRows(body: Buffer): Promise<string[][]> {
  const workbook = new Workbook();
  await workbook.xlsx.load(body as never);
  const sheet = workbook.getWorksheet('台账');
  expect(sheet).toBeDefined();
  const rows: string[][] = [];
  sheet?.eachRow({ includeEmpty: false }, (row) => {
    const values = (row.values as unknown[]).slice(1);
    rows.push(HEADER.map((_, i) => (values[i] === undefined || values[i] === null ? '' : String(values[i]))));
  });
  return rows;
}

interface Registered {
  id: string;
  residentId: string;
  phone?: string;
  address: string;
}

async function register(town: string, overrides: Record<string, unknown> = {}): Promise<Registered> {
  const input = {
    name: '孙五',
    residentId: residentId(),
    phone: mobile(),
    address: `湖南省常德市鼎城区花岩溪${Math.floor(Math.random() * 1e6)}号`,
    villageCode: villageCode(town),
    categories: [{ category: 'dibao', validFrom: '2024-01-01' }],
    legalBasis: 'statutory-duty',
    ...overrides,
  };
  const res = await t.post(await as('point_worker', town), '/recipients', input);
  expect(res.status).toBe(201);
  return { id: res.body.id, residentId: input.residentId, phone: input.phone, address: input.address };
}

/**
 * The audit row once the export has ended. The row is completed after the last byte is handed to
 * the connection, so the client can hold the whole file a moment before the row says so.
 */
async function exportLog(id: string) {
  // A deadline, not a number of polls: on a busy box the row can take seconds to be completed.
  const end = Date.now() + 15_000;
  for (;;) {
    const row = (await t.db.query('SELECT * FROM export_log WHERE id = $1', [id])).rows[0];
    if (row?.status !== 'started' || Date.now() > end) return row;
    await new Promise((r) => setTimeout(r, 20));
  }
}
const logCount = async () =>
  Number((await t.db.query('SELECT count(*)::int AS n FROM export_log')).rows[0].n);

describe('the exported file', () => {
  let people: Registered[];
  let householdId: string;

  beforeAll(async () => {
    const village = villageCode(TOWN_A);
    householdId = uuidv7();
    await t.db.query('INSERT INTO household (id, village_code) VALUES ($1, $2)', [householdId, village]);
    people = [
      await register(TOWN_A, {
        villageCode: village,
        householdId,
        relation: 'head',
        residentId: residentId({ birthDate: '1948-05-06', sex: 'female' }),
        categories: [
          { category: 'dibao', validFrom: '2024-01-01' },
          { category: 'tekun', validFrom: '2024-02-01' },
        ],
      }),
      await register(TOWN_A, { phone: undefined, name: '=HYPERLINK("http://x","点我")' }),
      await register(TOWN_A, { categories: [] }),
    ];
  });

  it('CSV: BOM, Chinese header, one masked row per recipient, masked exactly as the JSON API masks', async () => {
    const subject = `exporter-${uuidv7()}`;
    const auth = await as('station_worker', TOWN_A, subject);
    const res = await download(auth, `format=csv&region=${TOWN_A}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toMatch(
      new RegExp(
        `^attachment; filename="ledger-${TOWN_A}-\\d{8}-\\d{6}\\.csv"; filename\\*=UTF-8''${encodeURIComponent('台账')}-${TOWN_A}-\\d{8}-\\d{6}\\.csv$`,
      ),
    );
    const rows = csvRows(res.body);
    expect(rows[0]).toEqual(HEADER);
    expect(rows.slice(1).map((r) => r[0])).toEqual([people[2].id, people[1].id, people[0].id]);

    for (const row of rows.slice(1)) {
      const view = (await t.get(auth, `/recipients/${row[0]}`)).body;
      expect(row[2]).toBe(view.residentId);
      expect(row[5]).toBe(view.phone ?? '');
      expect(row[4]).toBe(view.birthDate);
      expect(row[6]).toBe(view.villageCode);
      expect(row[8]).toBe('已识别');
      expect(row[11]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    }
    const head = rows.find((r) => r[0] === people[0].id) as string[];
    expect(head[3]).toBe('女');
    expect(head[4]).toBe('1948-05-06');
    expect(head[7]).toBe('低保、特困');
    expect(head[9]).toBe(householdId);
    expect(head[2]).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    const noPhone = rows.find((r) => r[0] === people[1].id) as string[];
    expect(noPhone[5]).toBe('');
    // CSV injection: the formula arrives as text.
    expect(noPhone[1]).toBe(`'=HYPERLINK("http://x","点我")`);
    expect((rows.find((r) => r[0] === people[2].id) as string[])[7]).toBe('');

    const text = res.body.toString('utf8');
    for (const p of people) {
      expect(text).not.toContain(p.residentId);
      if (p.phone) expect(text).not.toContain(p.phone);
      expect(text).not.toContain(p.address);
      expect(text).not.toContain(p.address.slice(0, 6)); // the address is not exported at all
    }

    const log = await exportLog(res.headers['export-id']);
    expect(log).toMatchObject({
      actor_id: subject,
      format: 'csv',
      filter: { region: TOWN_A },
      scope: [TOWN_A],
      status: 'completed',
      row_count: 3,
    });
    expect(log.finished_at).not.toBeNull();
    expect(log.ip).toBeTruthy();
  });

  it('XLSX: the same rows in a streamed workbook, cells as plain text', async () => {
    const auth = await as('supervisor', TOWN_A);
    const csv = csvRows((await download(auth, `region=${TOWN_A}`)).body);
    const res = await download(auth, `format=xlsx&region=${TOWN_A}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toMatch(/filename="ledger-430703120-\d{8}-\d{6}\.xlsx"/);
    expect([...res.body.subarray(0, 2)]).toEqual([0x50, 0x4b]); // a zip
    const rows = await xlsxRows(res.body);
    // CSV escapes formulas with a quote; the workbook holds the name as a string cell instead.
    const unescape = (r: string[]) => r.map((v) => v.replace(/^'(?==)/, ''));
    expect(rows).toEqual(csv.map(unescape));

    const workbook = new Workbook();
    await workbook.xlsx.load(res.body as never);
    const nameCell = workbook
      .getWorksheet('台账')
      ?.getColumn(2)
      .values.find((v) => typeof v === 'string' && v.startsWith('=HYPERLINK'));
    expect(nameCell).toBe('=HYPERLINK("http://x","点我")');
    const log = await exportLog(res.headers['export-id']);
    expect(log).toMatchObject({ format: 'xlsx', status: 'completed', row_count: 3 });
  });

  it('is not shadowed by GET /recipients/:id, which still answers for a real id', async () => {
    const auth = await as('station_worker', TOWN_A);
    const one = await t.get(auth, `/recipients/${people[0].id}`);
    expect(one.status).toBe(200);
    expect((await download(auth, 'format=csv')).status).toBe(200);
  });
});

describe('scope and filters', () => {
  it('a worker of one township exports nothing of another; a region outside scope gives an empty file', async () => {
    const a = await register(TOWN_C);
    const b = await register(TOWN_B);
    const bWorker = await as('station_worker', TOWN_B);
    const own = csvRows((await download(bWorker, 'format=csv')).body);
    expect(own.slice(1).map((r) => r[0])).toContain(b.id);
    expect(own.slice(1).map((r) => r[0])).not.toContain(a.id);
    expect(own.slice(1).every((r) => r[6].startsWith(TOWN_B))).toBe(true);

    const outside = await download(bWorker, `format=csv&region=${TOWN_C}`);
    expect(outside.status).toBe(200);
    expect(csvRows(outside.body)).toEqual([HEADER]);
    const log = await exportLog(outside.headers['export-id']);
    expect(log).toMatchObject({ status: 'completed', row_count: 0, filter: { region: TOWN_C } });

    const otherCounty = await download(await as('county_admin', '430702'), `format=xlsx&region=${TOWN_B}`);
    expect(await xlsxRows(otherCounty.body)).toEqual([HEADER]);

    const county = csvRows((await download(await as('county_admin', COUNTY), `region=${COUNTY}`)).body);
    const ids = county.slice(1).map((r) => r[0]);
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
  });

  it('filters by current category, status and village as GET /recipients does', async () => {
    const town = '430703123';
    // Three villages fixed apart: random ones could coincide and the village filter would see two.
    const village = `${town}001`;
    const tekun = await register(town, {
      villageCode: village,
      categories: [{ category: 'tekun', validFrom: '2024-01-01' }],
    });
    const dibao = await register(town, { villageCode: `${town}002` });
    const ended = await register(town, {
      villageCode: `${town}003`,
      categories: [{ category: 'tekun', validFrom: '2024-01-01' }],
    });
    const auth = await as('station_worker', town);
    const view = (await t.get(auth, `/recipients/${ended.id}`)).body;
    await http()
      .post(`${API}/recipients/${ended.id}/categories/${view.categories[0].id}/end`)
      .set('Authorization', `Bearer ${auth}`)
      .send({ validTo: '2024-06-30' })
      .expect(200);
    await http()
      .post(`${API}/recipients/${dibao.id}/status`)
      .set('Authorization', `Bearer ${auth}`)
      .send({ status: 'assessed', version: 1 })
      .expect(200);

    const ids = async (query: string) =>
      csvRows((await download(auth, query)).body)
        .slice(1)
        .map((r) => r[0]);
    expect(await ids('category=tekun')).toEqual([tekun.id]);
    expect(await ids('status=assessed')).toEqual([dibao.id]);
    expect(await ids(`region=${village}`)).toEqual([tekun.id]);
    expect(await ids('category=tekun&status=assessed')).toEqual([]);
    const log = (
      await t.db.query(
        `SELECT filter FROM export_log WHERE filter @> '{"category":"tekun","status":"assessed"}'`,
      )
    ).rows;
    expect(log).toHaveLength(1);
  });
});

describe('refusals: a stable code, and nothing exported or logged', () => {
  it.each([
    ['a point worker', 'point_worker'],
    ['an auditor', 'auditor'],
    ['a service account', 'service_account'],
    ['a volunteer coordinator', 'volunteer_coordinator'],
  ])('%s → 403 COMMON.FORBIDDEN', async (_name, role) => {
    const before = await logCount();
    const res = await download(await as(role, TOWN_A), 'format=csv');
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toBe('COMMON.FORBIDDEN');
    expect(await logCount()).toBe(before);
  });

  it.each([
    ['an unknown format', 'format=pdf'],
    ['an upper-case format', 'format=CSV'],
    ['an unknown category', 'category=rich'],
    ['a malformed region', 'region=43x'],
    ['an unknown parameter', 'format=csv&columns=all'],
  ])('%s → 400 COMMON.VALIDATION_FAILED', async (_name, query) => {
    const before = await logCount();
    const res = await download(await as('station_worker', TOWN_A), query);
    expect(res.status).toBe(400);
    expect(res.json().code).toBe('COMMON.VALIDATION_FAILED');
    expect(await logCount()).toBe(before);
  });

  it('no token → 401', async () => {
    const res = await http().get(`${EXPORT}?format=csv`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('COMMON.UNAUTHENTICATED');
  });
});

describe('a few thousand rows', () => {
  const TOWN = '430703130';
  const TOTAL = 3200; // more than six keyset pages of 500
  const plaintext = new Set<string>();
  const ids = new Set<string>();

  /** Inserted in SQL with the service's own cipher: the API would take minutes for this many. */
  beforeAll(async () => {
    const cipher = t.app.get(FieldCipher);
    const columns: unknown[][] = Array.from({ length: 11 }, () => []);
    const categoryRows: unknown[][] = [[], [], []];
    for (let i = 0; i < TOTAL; i++) {
      const id = uuidv7();
      const rid = residentId({ areaCode: '430703' });
      const phone = mobile();
      const address = `湖南省常德市鼎城区${i}号院`;
      plaintext.add(rid);
      plaintext.add(phone);
      ids.add(id);
      const values = [
        id,
        cipher.lookupHash(rid),
        cipher.encrypt(rid),
        `批量${i}`,
        Number(rid[16]) % 2 ? 'male' : 'female',
        `${rid.slice(6, 10)}-${rid.slice(10, 12)}-${rid.slice(12, 14)}`,
        cipher.encrypt(phone),
        cipher.encrypt(address),
        `${TOWN}${String((i % 20) + 1).padStart(3, '0')}`,
        'statutory-duty',
        'bulk-test',
      ];
      values.forEach((v, c) => columns[c].push(v));
      if (i % 2 === 0) {
        categoryRows[0].push(uuidv7());
        categoryRows[1].push(id);
        categoryRows[2].push('dibao');
      }
    }
    await t.db.query(
      `INSERT INTO recipient (id, resident_id_hash, resident_id_encrypted, name, sex, birth_date,
         phone_encrypted, address_encrypted, village_code, legal_basis, created_by)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[],
         $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])`,
      columns,
    );
    await t.db.query(
      `INSERT INTO recipient_category (id, recipient_id, category, valid_from, source)
       SELECT id, rid, cat, DATE '2024-01-01', 'manual' FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS u(id, rid, cat)`,
      categoryRows,
    );
  });

  /** No 18-character ID or 11-digit mobile anywhere in the file is one we registered. */
  function assertNoPlaintext(text: string) {
    const found = [...(text.match(/\d{17}[\dX]|1[3-9]\d{9}/g) ?? [])];
    expect(found.filter((f) => plaintext.has(f))).toEqual([]);
  }

  it('CSV: every row exactly once across keyset pages, masked, counted in the audit row', async () => {
    const res = await download(await as('station_worker', TOWN), 'format=csv');
    expect(res.status).toBe(200);
    const rows = csvRows(res.body).slice(1);
    expect(rows).toHaveLength(TOTAL);
    expect(new Set(rows.map((r) => r[0]))).toEqual(ids);
    expect(rows.every((r) => /^\d{6}\*{8}[\dX]{4}$/.test(r[2]) && /^1\d{2}\*{4}\d{4}$/.test(r[5]))).toBe(
      true,
    );
    assertNoPlaintext(res.body.toString('utf8'));
    expect(await exportLog(res.headers['export-id'])).toMatchObject({
      status: 'completed',
      row_count: TOTAL,
    });

    const dibao = csvRows((await download(await as('station_worker', TOWN), 'category=dibao')).body);
    expect(dibao.slice(1)).toHaveLength(TOTAL / 2);
  });

  it('XLSX: the same rows, masked', async () => {
    const res = await download(await as('county_admin', COUNTY), `format=xlsx&region=${TOWN}`);
    expect(res.status).toBe(200);
    const rows = (await xlsxRows(res.body)).slice(1);
    expect(rows).toHaveLength(TOTAL);
    expect(new Set(rows.map((r) => r[0]))).toEqual(ids);
    assertNoPlaintext(rows.flat().join('\n'));
    expect(await exportLog(res.headers['export-id'])).toMatchObject({
      status: 'completed',
      row_count: TOTAL,
    });
  });
});
