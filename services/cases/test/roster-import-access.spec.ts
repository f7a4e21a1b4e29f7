import { findEventDefinition, parseEvent } from '@wushe/contracts';
import { villageCode } from '@wushe/testing';
import type request from 'supertest';
import { useCasesApp } from './support/cases-spec';
import { anyOf, scanSchemaText } from './support/pii-scan';
import {
  BASE,
  CSV,
  csvOf,
  nextMonth,
  people,
  person,
  rosterFixtures,
  seq,
  TOWN_A,
  TOWN_B,
  XLSX,
} from './support/roster-fixtures';

// Who may use the roster-import endpoints and what they see: bad requests refused with a stable
// code, the caller's scope, the list, and no plaintext ID numbers or names outside their columns.

const t = useCasesApp({ worker: true });
const { http } = t;
const { token, as, upload, settle, importAndSettle, counts } = rosterFixtures(t);

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
