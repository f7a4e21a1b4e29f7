import { maskResidentId } from '@wushe/cn-standards';
import { residentId, villageCode } from '@wushe/testing';
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
  TOWN_B,
} from './support/roster-fixtures';

// Roster imports that fail: a bad row rejects the whole file, a crash while applying rolls back and
// the retried job completes, an import whose every attempt fails is retried by hand. The crash tests
// install triggers on roster_entry, so they stay in this one file, which Jest runs serially.

const t = useCasesApp({ worker: true });
const { http } = t;
const { as, upload, settle, importAndSettle, counts, report } = rosterFixtures(t);

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
