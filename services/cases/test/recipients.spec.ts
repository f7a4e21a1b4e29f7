import { maskMobile, maskResidentId, residentIdCheckChar } from '@wushe/cn-standards';
import { mobile, residentId, TestGrant, villageCode } from '@wushe/testing';
import { v7 as uuidv7 } from 'uuid';
import { useCasesApp } from './support/cases-spec';
import { chinaDay } from './support/china-calendar';
import { anyOf, envelopeTexts, scanSchemaText } from './support/pii-scan';

// The recipients ledger against real PostgreSQL, NATS and Redis: validation, scope, duplicates,
// the reveal audit, status and categories, and the PIPL promise that no plaintext leaves the field.

const TOWN_A = '430703100';
const TOWN_B = '430703101';
const BASE = '/api/v1/cases/recipients';

const t = useCasesApp();
const { token, http } = t;
const worker = (region = TOWN_A, role = 'point_worker') => token([{ role, region }]);

/** A birth date `years` old today (minus a few days), as YYYY-MM-DD. */
function bornYearsAgo(years: number, extraDays = 10): string {
  const d = new Date(Date.now() - extraDays * 86_400_000);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString().slice(0, 10);
}

function body(overrides: Record<string, unknown> = {}) {
  return {
    name: '张三',
    residentId: residentId(),
    phone: mobile(),
    address: `湖南省常德市鼎城区武陵镇${Math.floor(Math.random() * 1e6)}号`,
    villageCode: villageCode(TOWN_A),
    categories: [{ category: 'dibao', validFrom: '2024-01-01' }],
    legalBasis: 'statutory-duty',
    ...overrides,
  };
}

async function register(auth: string, overrides: Record<string, unknown> = {}) {
  const input = body(overrides);
  const res = await http().post(BASE).set('Authorization', `Bearer ${auth}`).send(input);
  return { input, res };
}

async function counts() {
  const q = async (table: string) =>
    Number((await t.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
  return {
    recipient: await q('recipient'),
    category: await q('recipient_category'),
    outbox: await q('outbox_event'),
    member: await q('household_member'),
  };
}

describe('POST /recipients', () => {
  it('registers a recipient: 201, masked view, derived sex/birth date, encrypted row, one event', async () => {
    const auth = await worker();
    const id = residentId({ birthDate: '1950-03-04', sex: 'female' });
    const { input, res } = await register(auth, {
      residentId: id,
      legalBasis: 'consent',
      consentRecordedAt: new Date().toISOString(),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: '张三',
      residentId: maskResidentId(id),
      phone: maskMobile(input.phone as string),
      address: `${Array.from(input.address as string)
        .slice(0, 6)
        .join('')}…`,
      sex: 'female',
      birthDate: '1950-03-04',
      villageCode: input.villageCode,
      status: 'identified',
      version: 1,
      householdId: null,
    });
    expect(res.body.age).toBeGreaterThanOrEqual(75);
    expect(res.body.categories).toEqual([
      expect.objectContaining({
        category: 'dibao',
        validFrom: '2024-01-01',
        validTo: null,
        source: 'manual',
        current: true,
      }),
    ]);

    const row = (await t.db.query('SELECT * FROM recipient WHERE id = $1', [res.body.id])).rows[0];
    expect(row.resident_id_encrypted).not.toContain(id);
    expect(row.resident_id_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.legal_basis).toBe('consent');
    expect(row.consent_recorded_at).not.toBeNull();

    const events = (
      await t.db.query(`SELECT envelope FROM outbox_event WHERE envelope->>'subject' = $1`, [res.body.id])
    ).rows.map((r) => r.envelope);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'wushe.cases.recipient.registered.v1',
      regioncode: input.villageCode,
      data: {
        recipientId: res.body.id,
        villageCode: input.villageCode,
        categories: ['dibao'],
        sex: 'female',
        birthYear: 1950,
        legalBasis: 'consent',
      },
    });
  });

  it('upgrades a 15-digit legacy ID, and the upgraded ID counts as the same person', async () => {
    const auth = await worker();
    // Born 1952-11-27, a day residentId() never draws (months 01–08, days 10–18): a random ID of
    // this file could otherwise be this one upgraded (about 1 run in 100,000) and answer 409.
    const legacy = `430703${'521127'}${String(100 + Math.floor(Math.random() * 800))}`;
    const { res } = await register(auth, { residentId: legacy });
    expect(res.status).toBe(201);
    const first17 = `43070319${legacy.slice(6)}`;
    const upgraded = first17 + residentIdCheckChar(first17);
    expect(res.body.residentId).toBe(maskResidentId(upgraded));
    expect(res.body.birthDate).toBe('1952-11-27');
    const again = await register(auth, { residentId: upgraded });
    expect(again.res.status).toBe(409);
    expect(again.res.body).toMatchObject({ code: 'CASES.RECIPIENT_DUPLICATE_ID', existingId: res.body.id });
  });

  it('links the recipient to a household in scope', async () => {
    const auth = await worker();
    const village = villageCode(TOWN_A);
    const householdId = uuidv7();
    await t.db.query('INSERT INTO household (id, village_code) VALUES ($1, $2)', [householdId, village]);
    const { res } = await register(auth, { villageCode: village, householdId, relation: 'head' });
    expect(res.status).toBe(201);
    expect(res.body.householdId).toBe(householdId);
    const member = await t.db.query('SELECT relation FROM household_member WHERE recipient_id = $1', [
      res.body.id,
    ]);
    expect(member.rows).toEqual([{ relation: 'head' }]);
  });

  it('refuses a household of another village (422) and writes nothing', async () => {
    const householdId = uuidv7();
    await t.db.query('INSERT INTO household (id, village_code) VALUES ($1, $2)', [
      householdId,
      `${TOWN_A}001`,
    ]);
    const before = await counts();
    const { res } = await register(await worker(), {
      villageCode: `${TOWN_A}002`,
      householdId,
      relation: 'child',
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CASES.HOUSEHOLD_VILLAGE_MISMATCH');
    expect(await counts()).toEqual(before);
  });

  describe('rejects bad input with its code and writes nothing', () => {
    const good = residentId();
    const badChecksum = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const badDate = (() => {
      const first17 = '43070319990231123';
      return first17 + residentIdCheckChar(first17);
    })();
    const cases: Array<[string, () => Promise<Record<string, unknown>>, number, string]> = [
      ['wrong checksum', async () => ({ residentId: badChecksum }), 400, 'CASES.INVALID_RESIDENT_ID'],
      ['malformed ID', async () => ({ residentId: '43070319' }), 400, 'CASES.INVALID_RESIDENT_ID'],
      ['impossible birth date', async () => ({ residentId: badDate }), 400, 'CASES.INVALID_BIRTH_DATE'],
      ['bad phone', async () => ({ phone: '12345678901' }), 400, 'CASES.INVALID_PHONE'],
      [
        'left-behind child aged 16',
        async () => ({
          residentId: residentId({ birthDate: bornYearsAgo(16) }),
          categories: [{ category: 'left-behind-child', validFrom: chinaDay() }],
        }),
        422,
        'CASES.CATEGORY_NOT_ALLOWED',
      ],
      [
        'orphan aged 18',
        async () => ({
          residentId: residentId({ birthDate: bornYearsAgo(18) }),
          categories: [{ category: 'orphan', validFrom: chinaDay() }],
        }),
        422,
        'CASES.CATEGORY_NOT_ALLOWED',
      ],
      [
        'child in difficulty aged 30',
        async () => ({ categories: [{ category: 'child-in-difficulty', validFrom: '2024-01-01' }] }),
        422,
        'CASES.CATEGORY_NOT_ALLOWED',
      ],
      [
        'village outside scope',
        async () => ({ villageCode: villageCode(TOWN_B) }),
        403,
        'COMMON.OUT_OF_SCOPE',
      ],
      [
        'unknown category',
        async () => ({ categories: [{ category: 'rich', validFrom: '2024-01-01' }] }),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      ['consent without its time', async () => ({ legalBasis: 'consent' }), 400, 'COMMON.VALIDATION_FAILED'],
      ['relation without household', async () => ({ relation: 'head' }), 400, 'COMMON.VALIDATION_FAILED'],
      ['village code of a township', async () => ({ villageCode: TOWN_A }), 400, 'COMMON.VALIDATION_FAILED'],
      ['unknown field', async () => ({ ethnicity: 'han' }), 400, 'COMMON.VALIDATION_FAILED'],
      [
        'unknown household',
        async () => ({ householdId: uuidv7(), relation: 'head' }),
        404,
        'COMMON.NOT_FOUND',
      ],
    ];
    it.each(cases)('%s', async (_name, overrides, status, code) => {
      const auth = await worker();
      const before = await counts();
      const { res } = await register(auth, await overrides());
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      expect(await counts()).toEqual(before);
    });

    it('a left-behind child of 15 is accepted (the boundary)', async () => {
      const { res } = await register(await worker(), {
        residentId: residentId({ birthDate: bornYearsAgo(15) }),
        categories: [{ category: 'left-behind-child', validFrom: chinaDay() }],
      });
      expect(res.status).toBe(201);
    });

    it('reader-only roles may not register (auditor → 403)', async () => {
      const before = await counts();
      const { res } = await register(await worker(TOWN_A, 'auditor'));
      expect(res.status).toBe(403);
      // Refused at the route: an auditor holds recipients.read, never recipients.manage.
      expect(res.body.code).toBe('COMMON.FORBIDDEN');
      expect(await counts()).toEqual(before);
    });
  });

  describe('duplicate resident IDs', () => {
    it('names the existing record to a caller who can read it', async () => {
      const auth = await worker();
      const { input, res } = await register(auth);
      expect(res.status).toBe(201);
      const before = await counts();
      const again = await register(await worker(TOWN_A, 'station_worker'), { residentId: input.residentId });
      expect(again.res.status).toBe(409);
      expect(again.res.body).toMatchObject({ code: 'CASES.RECIPIENT_DUPLICATE_ID', existingId: res.body.id });
      expect(await counts()).toEqual(before);
    });

    it('says only "registered elsewhere" to a caller outside its scope', async () => {
      const { input, res } = await register(await worker(TOWN_A));
      expect(res.status).toBe(201);
      const again = await register(await worker(TOWN_B), {
        residentId: (input.residentId as string).toLowerCase(),
        villageCode: villageCode(TOWN_B),
      });
      expect(again.res.status).toBe(409);
      expect(again.res.body.code).toBe('CASES.RECIPIENT_DUPLICATE_ID');
      expect(again.res.body.existingId).toBeUndefined();
      expect(again.res.body.registeredElsewhere).toBe(true);
      expect(JSON.stringify(again.res.body)).not.toContain(res.body.id);
      expect(JSON.stringify(again.res.body)).not.toContain(res.body.villageCode);
    });

    it('two concurrent registrations of one ID: exactly one 201, the other 409', async () => {
      const auth = await worker();
      const id = residentId();
      const before = await counts();
      const results = await Promise.all(
        Array.from({ length: 4 }, () =>
          http()
            .post(BASE)
            .set('Authorization', `Bearer ${auth}`)
            .send(body({ residentId: id })),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 409, 409, 409]);
      for (const r of results.filter((x) => x.status === 409)) {
        expect(r.body.code).toBe('CASES.RECIPIENT_DUPLICATE_ID');
      }
      const after = await counts();
      expect(after.recipient - before.recipient).toBe(1);
      expect(after.outbox - before.outbox).toBe(1);
    });
  });
});

describe('reading', () => {
  it('a worker of one township sees nothing of another: get 404, list empty, reveal 404', async () => {
    const { res } = await register(await worker(TOWN_A));
    const outsider = await worker(TOWN_B, 'station_worker');
    const get = await http().get(`${BASE}/${res.body.id}`).set('Authorization', `Bearer ${outsider}`);
    expect(get.status).toBe(404);
    const list = await http().get(BASE).set('Authorization', `Bearer ${outsider}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    const reveal = await http()
      .post(`${BASE}/${res.body.id}/reveal`)
      .set('Authorization', `Bearer ${outsider}`)
      .send({ reason: '核实低保申请材料需要', fields: ['residentId'] });
    expect(reveal.status).toBe(404);
  });

  it('lists masked, cursor-paged, filtered by current category and status', async () => {
    const town = '430703102';
    const auth = await worker(town);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { res } = await register(auth, {
        villageCode: villageCode(town),
        categories: [{ category: i === 0 ? 'disabled' : 'tekun', validFrom: '2024-01-01' }],
      });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const page1 = await http().get(`${BASE}?limit=2`).set('Authorization', `Bearer ${auth}`);
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((r: { id: string }) => r.id)).toEqual([ids[2], ids[1]]);
    expect(page1.body.items[0].residentId).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    const page2 = await http()
      .get(`${BASE}?limit=2&cursor=${page1.body.nextCursor}`)
      .set('Authorization', `Bearer ${auth}`);
    expect(page2.body.items.map((r: { id: string }) => r.id)).toEqual([ids[0]]);
    expect(page2.body.nextCursor).toBeNull();

    const tekun = await http().get(`${BASE}?category=tekun`).set('Authorization', `Bearer ${auth}`);
    expect(tekun.body.items.map((r: { id: string }) => r.id)).toEqual([ids[2], ids[1]]);

    // Ending the category takes the recipient out of the filter.
    const view = (await http().get(`${BASE}/${ids[2]}`).set('Authorization', `Bearer ${auth}`)).body;
    const ended = await http()
      .post(`${BASE}/${ids[2]}/categories/${view.categories[0].id}/end`)
      .set('Authorization', `Bearer ${auth}`)
      .send({ validTo: '2024-06-30' });
    expect(ended.status).toBe(200);
    const tekun2 = await http().get(`${BASE}?category=tekun`).set('Authorization', `Bearer ${auth}`);
    expect(tekun2.body.items.map((r: { id: string }) => r.id)).toEqual([ids[1]]);

    const assessed = await http().get(`${BASE}?status=assessed`).set('Authorization', `Bearer ${auth}`);
    expect(assessed.body.items).toEqual([]);

    // A county admin reads it; an admin of another county does not.
    const county = await token([{ role: 'county_admin', region: '430703' }]);
    const byCounty = await http().get(`${BASE}?region=${town}`).set('Authorization', `Bearer ${county}`);
    expect(byCounty.body.items).toHaveLength(3);
    const other = await token([{ role: 'county_admin', region: '430702' }]);
    const byOther = await http().get(`${BASE}?region=${town}`).set('Authorization', `Bearer ${other}`);
    expect(byOther.body.items).toEqual([]);
  });
});

describe('POST /recipients/:id/reveal', () => {
  it('returns plaintext to a revealer in scope and writes the access record', async () => {
    const { input, res } = await register(await worker());
    const station = await token([{ role: 'station_worker', region: TOWN_A }]);
    const reveal = await http()
      .post(`${BASE}/${res.body.id}/reveal`)
      .set('Authorization', `Bearer ${station}`)
      .send({ reason: '办理临时救助需核对身份', fields: ['residentId', 'phone', 'address'] });
    expect(reveal.status).toBe(200);
    expect(reveal.body).toEqual({
      recipientId: res.body.id,
      residentId: input.residentId,
      phone: input.phone,
      address: input.address,
    });
    const audit = await t.db.query('SELECT * FROM personal_data_access WHERE recipient_id = $1', [
      res.body.id,
    ]);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({
      fields: ['residentId', 'phone', 'address'],
      reason: '办理临时救助需核对身份',
    });
    expect(audit.rows[0].actor_id).toMatch(/^user-/);
    expect(audit.rows[0].ip).toBeTruthy();
  });

  it.each([
    ['auditor', [{ role: 'auditor', region: TOWN_A }]],
    ['point worker', [{ role: 'point_worker', region: TOWN_A }]],
  ])('refuses a %s with 403 and writes no access record', async (_name, grants) => {
    const { res } = await register(await worker());
    const reveal = await http()
      .post(`${BASE}/${res.body.id}/reveal`)
      .set('Authorization', `Bearer ${await token(grants as TestGrant[])}`)
      .send({ reason: '想看看这个人的详细资料', fields: ['phone'] });
    expect(reveal.status).toBe(403);
    expect(reveal.body.code).toBe('COMMON.FORBIDDEN');
    const audit = await t.db.query('SELECT 1 FROM personal_data_access WHERE recipient_id = $1', [
      res.body.id,
    ]);
    expect(audit.rowCount).toBe(0);
  });

  it('never stores a reveal for replay: an Idempotency-Key is ignored and the reveal audited again', async () => {
    const { input, res } = await register(await worker());
    const reveal = await http()
      .post(`${BASE}/${res.body.id}/reveal`)
      .set('Authorization', `Bearer ${await worker(TOWN_A, 'supervisor')}`)
      .set('Idempotency-Key', `reveal-${uuidv7()}`)
      .send({ reason: '入户核查前核对联系方式', fields: ['phone'] });
    expect(reveal.status).toBe(200);
    expect(reveal.headers['idempotency-replayed']).toBeUndefined();
    const audit = await t.db.query('SELECT 1 FROM personal_data_access WHERE recipient_id = $1', [
      res.body.id,
    ]);
    expect(audit.rowCount).toBe(1);
    const stored = await t.db.query(`SELECT 1 FROM idempotency_record WHERE body::text LIKE $1`, [
      `%${input.phone as string}%`,
    ]);
    expect(stored.rowCount).toBe(0);
  });

  it('needs a reason of at least 10 characters', async () => {
    const { res } = await register(await worker());
    const reveal = await http()
      .post(`${BASE}/${res.body.id}/reveal`)
      .set('Authorization', `Bearer ${await worker(TOWN_A, 'supervisor')}`)
      .send({ reason: 'short', fields: ['phone'] });
    expect(reveal.status).toBe(400);
    expect(reveal.body.code).toBe('COMMON.VALIDATION_FAILED');
  });
});

describe('status and categories', () => {
  it('walks identified → assessed → in-service → closed → identified, with events carrying codes only', async () => {
    const auth = await worker();
    const { res } = await register(auth);
    const id = res.body.id as string;
    const post = (b: object) =>
      http().post(`${BASE}/${id}/status`).set('Authorization', `Bearer ${auth}`).send(b);

    const skip = await post({ status: 'in-service', version: 1 });
    expect(skip.status).toBe(409);
    expect(skip.body.code).toBe('CASES.INVALID_STATUS_TRANSITION');

    expect((await post({ status: 'assessed', version: 1 })).status).toBe(200);
    const stale = await post({ status: 'in-service', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CASES.VERSION_CONFLICT');
    expect((await post({ status: 'in-service', version: 2 })).status).toBe(200);

    const noReason = await post({ status: 'closed', version: 3 });
    expect(noReason.status).toBe(400);
    const closed = await post({
      status: 'closed',
      reason: 'moved-away',
      note: '随子女迁往广州居住',
      version: 3,
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', version: 4 });
    const backwards = await post({ status: 'in-service', version: 4 });
    expect(backwards.body.code).toBe('CASES.INVALID_STATUS_TRANSITION');
    const reopened = await post({ status: 'identified', reason: 'new-need', version: 4 });
    expect(reopened.body).toMatchObject({ status: 'identified', version: 5 });

    const events = (
      await t.db.query(
        `SELECT envelope FROM outbox_event WHERE envelope->>'subject' = $1 AND envelope->>'type' = $2 ORDER BY created_at, id`,
        [id, 'wushe.cases.recipient.status-changed.v1'],
      )
    ).rows.map((r) => r.envelope.data);
    expect(events.map((e) => [e.from, e.to])).toEqual([
      ['identified', 'assessed'],
      ['assessed', 'in-service'],
      ['in-service', 'closed'],
      ['closed', 'identified'],
    ]);
    expect(events[2].reasonCode).toBe('moved-away');
    expect(JSON.stringify(events)).not.toContain('广州');
  });

  it('readers who may not write get 403 on status and category changes, and nothing changes', async () => {
    const { res } = await register(await worker());
    const id = res.body.id as string;
    const county = await token([{ role: 'county_admin', region: '430703' }]);
    const before = await counts();
    const status = await http()
      .post(`${BASE}/${id}/status`)
      .set('Authorization', `Bearer ${county}`)
      .send({ status: 'assessed', version: 1 });
    expect(status.status).toBe(403);
    expect(status.body.code).toBe('COMMON.FORBIDDEN');
    const category = await http()
      .post(`${BASE}/${id}/categories`)
      .set('Authorization', `Bearer ${county}`)
      .send({ category: 'tekun', validFrom: chinaDay() });
    expect(category.status).toBe(403);
    expect(await counts()).toEqual(before);
    const view = await http().get(`${BASE}/${id}`).set('Authorization', `Bearer ${county}`);
    expect(view.body).toMatchObject({ status: 'identified', version: 1 });
  });

  it('adds and ends categories, checking age rules, duplicates and dates', async () => {
    // One date for the whole test: read at each use, the dates could straddle midnight (China time).
    const today = chinaDay();
    const auth = await worker();
    const { res } = await register(auth, {
      residentId: residentId({ birthDate: bornYearsAgo(10) }),
      categories: [],
    });
    const id = res.body.id as string;
    const add = (b: object) =>
      http().post(`${BASE}/${id}/categories`).set('Authorization', `Bearer ${auth}`).send(b);

    const added = await add({ category: 'left-behind-child', validFrom: today, source: 'visit' });
    expect(added.status).toBe(201);
    expect(added.body.version).toBe(2);
    const again = await add({ category: 'left-behind-child', validFrom: today });
    expect(again.body.code).toBe('CASES.CATEGORY_ALREADY_HELD');
    const tooOld = await add({ category: 'elderly-alone', validFrom: '1990-01-01' });
    expect(tooOld.status).toBe(422);
    expect(tooOld.body.code).toBe('CASES.INVALID_CATEGORY_DATES');

    const categoryId = added.body.categories[0].id as string;
    const end = (b: object) =>
      http()
        .post(`${BASE}/${id}/categories/${categoryId}/end`)
        .set('Authorization', `Bearer ${auth}`)
        .send(b);
    const early = await end({ validTo: '2000-01-01' });
    expect(early.body.code).toBe('CASES.INVALID_CATEGORY_DATES');
    const ended = await end({ validTo: today });
    expect(ended.status).toBe(200);
    expect(ended.body.categories[0]).toMatchObject({ validTo: today, current: false });
    expect((await end({ validTo: today })).body.code).toBe('CASES.CATEGORY_ALREADY_ENDED');

    const events = (
      await t.db.query(
        `SELECT envelope FROM outbox_event WHERE envelope->>'subject' = $1 AND envelope->>'type' = $2 ORDER BY created_at, id`,
        [id, 'wushe.cases.recipient.categories-changed.v1'],
      )
    ).rows.map((r) => r.envelope.data);
    expect(events.map((e) => [e.change, e.category, e.categories])).toEqual([
      ['added', 'left-behind-child', ['left-behind-child']],
      ['ended', 'left-behind-child', []],
    ]);

    const outsider = await worker(TOWN_B);
    const foreign = await http()
      .post(`${BASE}/${id}/categories`)
      .set('Authorization', `Bearer ${outsider}`)
      .send({ category: 'dibao', validFrom: today });
    expect(foreign.status).toBe(404);
  });
});

describe('PIPL: no plaintext personal data at rest or in events', () => {
  it('scans every text/json column of the schema and every outbox envelope', async () => {
    const auth = await worker();
    const secrets: string[] = [];
    for (let i = 0; i < 3; i++) {
      const input = body();
      // With an Idempotency-Key, so the stored response is scanned too.
      const res = await http()
        .post(BASE)
        .set('Authorization', `Bearer ${auth}`)
        .set('Idempotency-Key', `register-${uuidv7()}`)
        .send(input);
      expect(res.status).toBe(201);
      secrets.push(input.residentId as string, input.phone as string, input.address as string);
      // Reveal and change status too, so the audit and event tables hold something.
      await http()
        .post(`${BASE}/${res.body.id}/reveal`)
        .set('Authorization', `Bearer ${await worker(TOWN_A, 'supervisor')}`)
        .send({ reason: '入户核查前核对联系方式', fields: ['phone', 'address', 'residentId'] });
      await http()
        .post(`${BASE}/${res.body.id}/status`)
        .set('Authorization', `Bearer ${auth}`)
        .send({ status: 'assessed', version: 1 });
    }
    const { columns, scanned } = await scanSchemaText(t, anyOf(secrets));
    expect(columns).toEqual(
      expect.arrayContaining([
        'recipient.resident_id_encrypted',
        'recipient.address_encrypted',
        'outbox_event.envelope',
      ]),
    );
    expect(scanned).toBeGreaterThan(0);
    const idempotent = await t.db.query(
      `SELECT count(*)::int AS n FROM idempotency_record WHERE status = 201`,
    );
    expect(idempotent.rows[0].n).toBeGreaterThanOrEqual(3);
    const audits = await t.db.query(`SELECT count(*)::int AS n FROM personal_data_access`);
    expect(audits.rows[0].n).toBeGreaterThanOrEqual(3);

    const envelopes = await envelopeTexts(t);
    expect(envelopes.length).toBeGreaterThan(0);
    for (const e of envelopes) {
      for (const secret of secrets) expect(e).not.toContain(secret);
      expect(e).not.toContain('张三');
    }
  });
});
