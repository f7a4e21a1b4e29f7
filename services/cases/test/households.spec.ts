import { maskResidentId } from '@wushe/cn-standards';
import { mobile, residentId, villageCode } from '@wushe/testing';
import { v7 as uuidv7 } from 'uuid';
import { useCasesApp } from './support/cases-spec';

// Households (一户一条救助链) against real PostgreSQL: creation with a head, members and their
// relations (one head, same village, one household per person), removal, scope, and events that
// carry ids and codes only.

const TOWN_A = '430703100';
const TOWN_B = '430703101';

const t = useCasesApp({ region: TOWN_A });
const { as, get, events } = t;
/** Without a body when none is given: the member removal takes none, and is sent none. */
const post = (auth: string, path: string, body?: object) =>
  body === undefined ? t.request('post', auth, path) : t.post(auth, path, body);

interface Person {
  id: string;
  name: string;
  residentId: string;
  phone: string;
  address: string;
  villageCode: string;
}
/** Every plaintext personal value registered in this file, to scan responses and events for. */
const secrets: string[] = [];

async function person(village: string, name = '李四'): Promise<Person> {
  const input = {
    name,
    residentId: residentId(),
    phone: mobile(),
    address: `湖南省常德市鼎城区${Math.floor(Math.random() * 1e6)}号`,
    villageCode: village,
    legalBasis: 'statutory-duty',
  };
  const res = await post(await as('point_worker', village.slice(0, 9)), '/recipients', input);
  expect(res.status).toBe(201);
  secrets.push(input.residentId, input.phone, input.address);
  return { id: res.body.id, ...input };
}

async function counts() {
  const q = async (sql: string) => Number((await t.db.query(sql)).rows[0].n);
  return {
    household: await q('SELECT count(*)::int AS n FROM household'),
    member: await q('SELECT count(*)::int AS n FROM household_member'),
    linked: await q('SELECT count(*)::int AS n FROM recipient WHERE household_id IS NOT NULL'),
    outbox: await q('SELECT count(*)::int AS n FROM outbox_event'),
  };
}

const recipientHousehold = async (id: string) =>
  (await t.db.query('SELECT household_id FROM recipient WHERE id = $1', [id])).rows[0].household_id;

describe('POST /households', () => {
  it('creates an empty household: 201, and announces it with ids and the village only', async () => {
    const village = villageCode(TOWN_A);
    const res = await post(await as('point_worker'), '/households', { villageCode: village });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      villageCode: village,
      headRecipientId: null,
      memberCount: 0,
      members: [],
    });
    const evts = await events(res.body.id);
    expect(evts).toHaveLength(1);
    expect(evts[0]).toMatchObject({
      type: 'wushe.cases.household.created.v1',
      regioncode: village,
      data: { householdId: res.body.id, villageCode: village },
    });
    expect(Object.keys(evts[0].data).sort()).toEqual(['householdId', 'villageCode']);
  });

  it('creates a household with its head in one transaction: member row, recipient.householdId, two events', async () => {
    const village = villageCode(TOWN_A);
    const head = await person(village, '王大');
    const auth = await as('station_worker');
    const res = await post(auth, '/households', { villageCode: village, headRecipientId: head.id });
    expect(res.status).toBe(201);
    expect(res.body.headRecipientId).toBe(head.id);
    expect(res.body.members).toEqual([
      {
        recipientId: head.id,
        relation: 'head',
        recipient: expect.objectContaining({
          name: '王大',
          residentId: maskResidentId(head.residentId),
          status: 'identified',
        }),
      },
    ]);
    expect(await recipientHousehold(head.id)).toBe(res.body.id);
    const viaLedger = await get(auth, `/recipients/${head.id}`);
    expect(viaLedger.body.householdId).toBe(res.body.id);
    expect((await events(res.body.id)).map((e) => [e.type, e.data])).toEqual([
      ['wushe.cases.household.created.v1', { householdId: res.body.id, villageCode: village }],
      [
        'wushe.cases.household.member-added.v1',
        { householdId: res.body.id, recipientId: head.id, villageCode: village, relation: 'head' },
      ],
    ]);
  });

  it('honours Idempotency-Key: a retried create returns the first household and creates nothing', async () => {
    const auth = await as('point_worker');
    const body = { villageCode: villageCode(TOWN_A) };
    const key = `household-${uuidv7()}`;
    const first = await post(auth, '/households', body).set('Idempotency-Key', key);
    const before = await counts();
    const again = await post(auth, '/households', body).set('Idempotency-Key', key);
    expect(again.status).toBe(201);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(await counts()).toEqual(before);
  });

  describe('refuses and writes nothing', () => {
    const cases: Array<[string, () => Promise<{ auth: string; body: object }>, number, string]> = [
      [
        'a village outside the writer’s scope',
        async () => ({ auth: await as('point_worker'), body: { villageCode: villageCode(TOWN_B) } }),
        403,
        'COMMON.OUT_OF_SCOPE',
      ],
      [
        'a reader who may not write (county admin)',
        async () => ({
          auth: await as('county_admin', '430703'),
          body: { villageCode: villageCode(TOWN_A) },
        }),
        403,
        // Refused at the route: a county admin holds households.read, not households.manage.
        'COMMON.FORBIDDEN',
      ],
      [
        'a township code instead of a village',
        async () => ({ auth: await as('point_worker'), body: { villageCode: TOWN_A } }),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'an unknown field',
        async () => ({
          auth: await as('point_worker'),
          body: { villageCode: villageCode(TOWN_A), name: '王家' },
        }),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'a head id that is not a uuid',
        async () => ({
          auth: await as('point_worker'),
          body: { villageCode: villageCode(TOWN_A), headRecipientId: 'abc' },
        }),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'an unknown head',
        async () => ({
          auth: await as('point_worker'),
          body: { villageCode: villageCode(TOWN_A), headRecipientId: uuidv7() },
        }),
        404,
        'COMMON.NOT_FOUND',
      ],
      [
        'a head of another township (not disclosed)',
        async () => {
          const head = await person(villageCode(TOWN_B));
          return {
            auth: await as('point_worker'),
            body: { villageCode: villageCode(TOWN_A), headRecipientId: head.id },
          };
        },
        404,
        'COMMON.NOT_FOUND',
      ],
      [
        'a head of another village',
        async () => {
          const head = await person(`${TOWN_A}201`);
          return {
            auth: await as('point_worker'),
            body: { villageCode: `${TOWN_A}202`, headRecipientId: head.id },
          };
        },
        422,
        'CASES.HOUSEHOLD_VILLAGE_MISMATCH',
      ],
      [
        'a head who already belongs to a household',
        async () => {
          const village = villageCode(TOWN_A);
          const head = await person(village);
          const auth = await as('point_worker');
          const first = await post(auth, '/households', { villageCode: village, headRecipientId: head.id });
          expect(first.status).toBe(201);
          return { auth, body: { villageCode: village, headRecipientId: head.id } };
        },
        409,
        'CASES.RECIPIENT_IN_HOUSEHOLD',
      ],
    ];
    it.each(cases)('%s', async (_name, setup, status, code) => {
      const { auth, body } = await setup();
      const before = await counts();
      const res = await post(auth, '/households', body);
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      expect(await counts()).toEqual(before);
    });
  });
});

describe('members', () => {
  async function householdWithHead(village = villageCode(TOWN_A)) {
    const head = await person(village, '赵一');
    const auth = await as('point_worker');
    const res = await post(auth, '/households', { villageCode: village, headRecipientId: head.id });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, village, head, auth };
  }

  it('adds members with their relation; the household lists them masked, head first', async () => {
    const h = await householdWithHead();
    const child = await person(h.village, '赵三');
    const spouse = await person(h.village, '钱二');
    const addChild = await post(h.auth, `/households/${h.id}/members`, {
      recipientId: child.id,
      relation: 'child',
    });
    expect(addChild.status).toBe(201);
    const addSpouse = await post(h.auth, `/households/${h.id}/members`, {
      recipientId: spouse.id,
      relation: 'spouse',
    });
    expect(addSpouse.status).toBe(201);
    expect(await recipientHousehold(child.id)).toBe(h.id);

    const view = await get(await as('auditor'), `/households/${h.id}`);
    expect(view.status).toBe(200);
    expect(view.body.memberCount).toBe(3);
    expect(
      view.body.members.map((m: { recipientId: string; relation: string }) => [m.recipientId, m.relation]),
    ).toEqual([
      [h.head.id, 'head'],
      [spouse.id, 'spouse'],
      [child.id, 'child'],
    ]);
    expect(view.body.members[2].recipient).toMatchObject({
      name: '赵三',
      residentId: maskResidentId(child.residentId),
      birthDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    const text = JSON.stringify(view.body);
    for (const p of [h.head, child, spouse]) {
      expect(text).not.toContain(p.residentId);
      expect(text).not.toContain(p.phone);
      expect(text).not.toContain(p.address);
    }

    const added = (await events(h.id)).filter((e) => e.type === 'wushe.cases.household.member-added.v1');
    expect(added.map((e) => e.data)).toEqual([
      { householdId: h.id, recipientId: h.head.id, villageCode: h.village, relation: 'head' },
      { householdId: h.id, recipientId: child.id, villageCode: h.village, relation: 'child' },
      { householdId: h.id, recipientId: spouse.id, villageCode: h.village, relation: 'spouse' },
    ]);
  });

  describe('relation rules: refused with a stable code, nothing written', () => {
    it('a second head → 409 HOUSEHOLD_HAS_HEAD', async () => {
      const h = await householdWithHead();
      const other = await person(h.village);
      const before = await counts();
      const res = await post(h.auth, `/households/${h.id}/members`, {
        recipientId: other.id,
        relation: 'head',
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('CASES.HOUSEHOLD_HAS_HEAD');
      expect(await counts()).toEqual(before);
      expect(await recipientHousehold(other.id)).toBeNull();
    });

    it('a recipient of another village → 422 HOUSEHOLD_VILLAGE_MISMATCH', async () => {
      const h = await householdWithHead(`${TOWN_A}211`);
      const neighbour = await person(`${TOWN_A}212`);
      const before = await counts();
      const res = await post(h.auth, `/households/${h.id}/members`, {
        recipientId: neighbour.id,
        relation: 'sibling',
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('CASES.HOUSEHOLD_VILLAGE_MISMATCH');
      expect(await counts()).toEqual(before);
    });

    it('a recipient already in a household (this or another) → 409 RECIPIENT_IN_HOUSEHOLD', async () => {
      const h = await householdWithHead();
      const other = await post(h.auth, '/households', { villageCode: h.village });
      const before = await counts();
      const elsewhere = await post(h.auth, `/households/${other.body.id}/members`, {
        recipientId: h.head.id,
        relation: 'parent',
      });
      expect(elsewhere.status).toBe(409);
      expect(elsewhere.body).toMatchObject({ code: 'CASES.RECIPIENT_IN_HOUSEHOLD', householdId: h.id });
      const again = await post(h.auth, `/households/${h.id}/members`, {
        recipientId: h.head.id,
        relation: 'other',
      });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('CASES.RECIPIENT_IN_HOUSEHOLD');
      expect(await counts()).toEqual(before);
    });

    it.each([
      ['an unknown relation', { relation: 'cousin' }, 400, 'COMMON.VALIDATION_FAILED'],
      ['no relation', { relation: undefined }, 400, 'COMMON.VALIDATION_FAILED'],
      ['a recipient id that is not a uuid', { recipientId: '42' }, 400, 'COMMON.VALIDATION_FAILED'],
      ['an unknown recipient', { recipientId: uuidv7() }, 404, 'COMMON.NOT_FOUND'],
    ])('%s', async (_name, overrides, status, code) => {
      const h = await householdWithHead();
      const member = await person(h.village);
      const before = await counts();
      const res = await post(h.auth, `/households/${h.id}/members`, {
        recipientId: member.id,
        relation: 'child',
        ...overrides,
      });
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      expect(await counts()).toEqual(before);
    });

    it('an unknown household → 404, a malformed id → 400', async () => {
      const member = await person(villageCode(TOWN_A));
      const auth = await as('point_worker');
      const unknown = await post(auth, `/households/${uuidv7()}/members`, {
        recipientId: member.id,
        relation: 'child',
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('COMMON.NOT_FOUND');
      const malformed = await post(auth, '/households/not-a-uuid/members', {
        recipientId: member.id,
        relation: 'child',
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body.code).toBe('COMMON.VALIDATION_FAILED');
    });
  });

  it('concurrent heads: exactly one wins, the others get 409 HOUSEHOLD_HAS_HEAD (partial unique index)', async () => {
    const village = villageCode(TOWN_A);
    const auth = await as('point_worker');
    const created = await post(auth, '/households', { villageCode: village });
    const candidates = await Promise.all([person(village), person(village), person(village)]);
    const results = await Promise.all(
      candidates.map((c) =>
        post(auth, `/households/${created.body.id}/members`, { recipientId: c.id, relation: 'head' }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    for (const r of results.filter((x) => x.status === 409))
      expect(r.body.code).toBe('CASES.HOUSEHOLD_HAS_HEAD');
    const heads = await t.db.query(
      `SELECT recipient_id FROM household_member WHERE household_id = $1 AND relation = 'head'`,
      [created.body.id],
    );
    expect(heads.rowCount).toBe(1);
    const linked = await t.db.query('SELECT id FROM recipient WHERE household_id = $1', [created.body.id]);
    expect(linked.rows.map((r) => r.id)).toEqual([heads.rows[0].recipient_id]);
  });

  it('one person joining two households at once: one 201, one 409 RECIPIENT_IN_HOUSEHOLD', async () => {
    const village = villageCode(TOWN_A);
    const auth = await as('point_worker');
    const [a, b] = await Promise.all([
      post(auth, '/households', { villageCode: village }),
      post(auth, '/households', { villageCode: village }),
    ]);
    const member = await person(village);
    const results = await Promise.all(
      [a, b].map((h) =>
        post(auth, `/households/${h.body.id}/members`, { recipientId: member.id, relation: 'child' }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)?.body.code).toBe('CASES.RECIPIENT_IN_HOUSEHOLD');
    const rows = await t.db.query('SELECT household_id FROM household_member WHERE recipient_id = $1', [
      member.id,
    ]);
    expect(rows.rowCount).toBe(1);
    expect(await recipientHousehold(member.id)).toBe(rows.rows[0].household_id);
  });

  it('removes a member: row gone, householdId cleared, event with the relation; then they may join another', async () => {
    const h = await householdWithHead();
    const child = await person(h.village);
    await post(h.auth, `/households/${h.id}/members`, { recipientId: child.id, relation: 'child' });
    const removed = await post(h.auth, `/households/${h.id}/members/${child.id}/remove`);
    expect(removed.status).toBe(200);
    expect(removed.body.members.map((m: { recipientId: string }) => m.recipientId)).toEqual([h.head.id]);
    expect(await recipientHousehold(child.id)).toBeNull();
    const last = (await events(h.id)).at(-1);
    expect(last).toMatchObject({
      type: 'wushe.cases.household.member-removed.v1',
      data: { householdId: h.id, recipientId: child.id, villageCode: h.village, relation: 'child' },
    });

    const before = await counts();
    const again = await post(h.auth, `/households/${h.id}/members/${child.id}/remove`);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('COMMON.NOT_FOUND');
    expect(await counts()).toEqual(before);

    const other = await post(h.auth, '/households', { villageCode: h.village, headRecipientId: child.id });
    expect(other.status).toBe(201);
    expect(await recipientHousehold(child.id)).toBe(other.body.id);
  });

  it('removing the head frees the place for a new head', async () => {
    const h = await householdWithHead();
    const next = await person(h.village);
    expect((await post(h.auth, `/households/${h.id}/members/${h.head.id}/remove`)).status).toBe(200);
    const res = await post(h.auth, `/households/${h.id}/members`, { recipientId: next.id, relation: 'head' });
    expect(res.status).toBe(201);
    expect(res.body.headRecipientId).toBe(next.id);
  });
});

describe('scope', () => {
  it('a worker of another township sees nothing and changes nothing: get 404, list empty, add/remove 404', async () => {
    const village = villageCode(TOWN_A);
    const head = await person(village);
    const created = await post(await as('point_worker'), '/households', {
      villageCode: village,
      headRecipientId: head.id,
    });
    const outsider = await as('station_worker', TOWN_B);
    expect((await get(outsider, `/households/${created.body.id}`)).status).toBe(404);
    const list = await get(outsider, `/households?region=${TOWN_A}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    const before = await counts();
    const neighbour = await person(villageCode(TOWN_B));
    const afterRegister = await counts();
    const add = await post(outsider, `/households/${created.body.id}/members`, {
      recipientId: neighbour.id,
      relation: 'child',
    });
    expect(add.status).toBe(404);
    const remove = await post(outsider, `/households/${created.body.id}/members/${head.id}/remove`);
    expect(remove.status).toBe(404);
    expect(await counts()).toEqual(afterRegister);
    expect(afterRegister.household).toBe(before.household);
  });

  it('a reader who may not write gets 403 on member changes; a worker cannot pull in a recipient of another township', async () => {
    const village = villageCode(TOWN_A);
    const auth = await as('point_worker');
    const created = await post(auth, '/households', { villageCode: village });
    const member = await person(village);
    const foreign = await person(villageCode(TOWN_B));
    const county = await as('county_admin', '430703');
    const before = await counts();
    const add = await post(county, `/households/${created.body.id}/members`, {
      recipientId: member.id,
      relation: 'child',
    });
    expect(add.status).toBe(403);
    expect(add.body.code).toBe('COMMON.FORBIDDEN');
    expect((await get(county, `/households/${created.body.id}`)).status).toBe(200);

    const pull = await post(auth, `/households/${created.body.id}/members`, {
      recipientId: foreign.id,
      relation: 'child',
    });
    expect(pull.status).toBe(404);
    expect(await counts()).toEqual(before);
  });
});

describe('GET /households', () => {
  it('lists newest first, cursor-paged, filtered by region, confined to scope', async () => {
    const town = '430703105';
    const auth = await as('point_worker', town);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const village = `${town}00${i + 1}`;
      const head = await person(village);
      const res = await post(auth, '/households', { villageCode: village, headRecipientId: head.id });
      ids.push(res.body.id);
    }
    const page1 = await get(auth, '/households?limit=2');
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((h: { id: string }) => h.id)).toEqual([ids[2], ids[1]]);
    expect(page1.body.items[0].members[0].recipient.residentId).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    const page2 = await get(auth, `/households?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((h: { id: string }) => h.id)).toEqual([ids[0]]);
    expect(page2.body.nextCursor).toBeNull();

    const byVillage = await get(auth, `/households?region=${town}002`);
    expect(byVillage.body.items.map((h: { id: string }) => h.id)).toEqual([ids[1]]);
    const county = await get(await as('county_admin', '430703'), `/households?region=${town}`);
    expect(county.body.items).toHaveLength(3);
    const otherCounty = await get(await as('county_admin', '430702'), `/households?region=${town}`);
    expect(otherCounty.body.items).toEqual([]);

    expect((await get(auth, '/households?cursor=garbage')).body.code).toBe('COMMON.BAD_CURSOR');
    expect((await get(auth, '/households?region=43x')).body.code).toBe('COMMON.VALIDATION_FAILED');
  });
});

describe('PIPL', () => {
  it('household events carry no names, ID numbers, phones or addresses', async () => {
    const { rows } = await t.db.query(
      `SELECT envelope::text AS e FROM outbox_event WHERE envelope->>'type' LIKE 'wushe.cases.household.%'`,
    );
    expect(rows.length).toBeGreaterThan(10);
    expect(secrets.length).toBeGreaterThan(30);
    for (const { e } of rows as Array<{ e: string }>) {
      for (const secret of secrets) expect(e).not.toContain(secret);
      for (const name of ['王大', '赵一', '赵三', '钱二', '李四']) expect(e).not.toContain(name);
    }
  });
});

describe('POST /recipients with householdId and relation', () => {
  const register = async (auth: string, village: string, householdId: string, relation: string) =>
    post(auth, '/recipients', {
      name: '周九',
      residentId: residentId(),
      villageCode: village,
      householdId,
      relation,
      legalBasis: 'statutory-duty',
    });

  it('joins the household as a member would: member row, recipient.householdId and the member-added event', async () => {
    const village = villageCode(TOWN_A);
    const auth = await as('station_worker');
    const household = await post(auth, '/households', { villageCode: village });
    const res = await register(auth, village, household.body.id, 'head');
    expect(res.status).toBe(201);
    expect(res.body.householdId).toBe(household.body.id);
    expect(await recipientHousehold(res.body.id)).toBe(household.body.id);

    const read = await get(auth, `/households/${household.body.id}`);
    expect(read.body).toMatchObject({ headRecipientId: res.body.id, memberCount: 1 });
    expect((await events(household.body.id)).map((e) => [e.type, e.data.relation ?? null])).toEqual([
      ['wushe.cases.household.created.v1', null],
      ['wushe.cases.household.member-added.v1', 'head'],
    ]);
  });

  it('refuses a second head with CASES.HOUSEHOLD_HAS_HEAD and writes nothing', async () => {
    const village = villageCode(TOWN_A);
    const auth = await as('station_worker');
    const household = await post(auth, '/households', { villageCode: village });
    expect((await register(auth, village, household.body.id, 'head')).status).toBe(201);
    const before = await counts();
    const recipientsBefore = (await t.db.query('SELECT count(*)::int AS n FROM recipient')).rows[0].n;

    const second = await register(auth, village, household.body.id, 'head');
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('CASES.HOUSEHOLD_HAS_HEAD');
    expect(await counts()).toEqual(before);
    expect((await t.db.query('SELECT count(*)::int AS n FROM recipient')).rows[0].n).toBe(recipientsBefore);

    // A spouse is welcome.
    expect((await register(auth, village, household.body.id, 'spouse')).status).toBe(201);
  });
});
