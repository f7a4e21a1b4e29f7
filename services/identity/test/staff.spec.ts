import { v7 as uuidv7 } from 'uuid';
import { seedAccount } from './support/identity-app';
import { API as base, useIdentityApp } from './support/identity-spec';
import { DINGCHENG_REGIONS, seedWorkplaces } from './support/workplaces';

// Staff profiles (社工), certificates and leaving, against the real database and outbox.

const COUNTY = '430703';
const T1 = '430703100'; // has station S1, point P1 covering V1
const T2 = '430703101'; // has station S2
const NO_STATION = '430703102';
const ENDED = '430703103';
const V1 = '430703100001';
const V_NO_POINT = '430703100002';
const SIBLING_TOWN = '430702100';

describe('staff profiles and certificates', () => {
  const t = useIdentityApp();
  const { http, post, patch, get, count } = t;
  let ids: { s1: string; s2: string; p1: string };
  let tokens: Record<'county' | 'city' | 'station' | 'otherStation' | 'sibling' | 'supervisor', string>;

  beforeAll(async () => {
    const { stations, point } = await seedWorkplaces(t.db, {
      regions: {
        ...DINGCHENG_REGIONS,
        [NO_STATION]: '花岩溪镇',
        [ENDED]: '撤销镇',
        [V_NO_POINT]: '另一村',
        [SIBLING_TOWN]: '某街道',
      },
      ended: [ENDED],
      stations: [T1, T2, SIBLING_TOWN],
      pointVillage: V1,
    });
    ids = { s1: stations[T1], s2: stations[T2], p1: point };
    tokens = {
      county: await t.as('county_admin', COUNTY),
      city: await t.as('city_admin', '4307'),
      station: await t.as('station_worker', T1),
      otherStation: await t.as('station_worker', T2),
      sibling: await t.as('county_admin', '430702'),
      supervisor: await t.as('supervisor', COUNTY),
    };
  });
  const snapshot = async () => ({
    staff: await count('staff_member'),
    certificates: await count('staff_certificate'),
    posts: await count('post'),
    outbox: await count('outbox_event'),
  });
  const events = async (subject: string) =>
    (
      await t.db.query(`SELECT envelope FROM outbox_event WHERE subject = $1 ORDER BY id`, [subject])
    ).rows.map((r) => r.envelope);
  const staffBody = (over: Record<string, unknown> = {}) => ({
    displayName: '张晓梅',
    regionCode: T1,
    postType: 'transactional',
    joinedOn: '2024-03-01',
    ...over,
  });
  const register = async (over: Record<string, unknown> = {}, token = tokens.county) => {
    const res = await post(token, '/staff', staffBody(over));
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number; regionCode: string };
  };

  describe('registering', () => {
    it('registers a station social worker with the station found from the township, and an event without the name', async () => {
      const res = await post(tokens.county, '/staff', staffBody({ employer: '常德市某社会工作服务中心' }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        displayName: '张晓梅',
        regionCode: T1,
        stationId: ids.s1,
        pointId: null,
        employer: '常德市某社会工作服务中心',
        postType: 'transactional',
        status: 'active',
        level: null,
        joinedOn: '2024-03-01',
        leftOn: null,
        postId: null,
        certificates: [],
        version: 1,
      });
      const [event] = (await events('identity.staff.registered.v1')).filter((e) => e.subject === res.body.id);
      expect(event).toMatchObject({
        type: 'wushe.identity.staff.registered.v1',
        regioncode: T1,
        data: {
          staffId: res.body.id,
          regionCode: T1,
          stationId: ids.s1,
          postType: 'transactional',
          level: null,
        },
      });
      const text = JSON.stringify(event);
      expect(text).not.toContain('张晓梅');
      expect(text).not.toContain('社会工作服务中心');
    });

    it('registers a point social worker with the point and its station found from the village', async () => {
      const res = await post(tokens.station, '/staff', staffBody({ regionCode: V1, postType: 'service' }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        regionCode: V1,
        stationId: ids.s1,
        pointId: ids.p1,
        postType: 'service',
      });
    });

    it('links an account once', async () => {
      const account = await seedAccount(t.db, uuidv7());
      const res = await post(tokens.county, '/staff', staffBody({ accountId: account }));
      expect(res.status).toBe(201);
      expect(res.body.accountId).toBe(account);
      const again = await post(tokens.county, '/staff', staffBody({ accountId: account }));
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('IDENTITY.ACCOUNT_ALREADY_LINKED');
    });

    it('registers once when a field device retries with the same Idempotency-Key', async () => {
      const before = await snapshot();
      const send = () =>
        http()
          .post(`${base}/staff`)
          .set('authorization', `Bearer ${tokens.station}`)
          .set('idempotency-key', 'device-7:staff:0001')
          .send(staffBody({ regionCode: V1, postType: 'service' }));
      const first = await send();
      const retry = await send();
      expect([first.status, retry.status]).toEqual([201, 201]);
      expect(retry.headers['idempotency-replayed']).toBe('true');
      expect(retry.body.id).toBe(first.body.id);
      const after = await snapshot();
      expect([after.staff - before.staff, after.outbox - before.outbox]).toEqual([1, 1]);
    });

    it('answers every bad registration with its code and writes nothing', async () => {
      const linked = await seedAccount(t.db, uuidv7());
      await register({ accountId: linked });
      const before = await snapshot();
      const malformed = await http()
        .post(`${base}/staff`)
        .set('authorization', `Bearer ${tokens.county}`)
        .set('content-type', 'application/json')
        .send('{"displayName": "张');
      expect([malformed.status, malformed.body.code]).toEqual([400, 'COMMON.MALFORMED_JSON']);
      const cases: Array<[string, string, Record<string, unknown>, number, string]> = [
        [
          'unknown field',
          tokens.county,
          staffBody({ idNumber: '11010519491231002X' }),
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        ['no name', tokens.county, staffBody({ displayName: '  ' }), 400, 'COMMON.VALIDATION_FAILED'],
        ['county code', tokens.county, staffBody({ regionCode: COUNTY }), 400, 'COMMON.VALIDATION_FAILED'],
        [
          'letters in code',
          tokens.county,
          staffBody({ regionCode: '43070310x' }),
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        ['post type', tokens.county, staffBody({ postType: 'manager' }), 400, 'COMMON.VALIDATION_FAILED'],
        [
          'no such day',
          tokens.county,
          staffBody({ joinedOn: '2024-02-30' }),
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        ['account id', tokens.county, staffBody({ accountId: 'abc' }), 400, 'COMMON.VALIDATION_FAILED'],
        [
          'unknown township',
          tokens.county,
          staffBody({ regionCode: '430703199' }),
          422,
          'IDENTITY.UNKNOWN_REGION',
        ],
        ['ended township', tokens.county, staffBody({ regionCode: ENDED }), 422, 'IDENTITY.UNKNOWN_REGION'],
        [
          'no station',
          tokens.county,
          staffBody({ regionCode: NO_STATION }),
          422,
          'IDENTITY.NO_STATION_OR_POINT',
        ],
        [
          'no point',
          tokens.county,
          staffBody({ regionCode: V_NO_POINT }),
          422,
          'IDENTITY.NO_STATION_OR_POINT',
        ],
        [
          'other station',
          tokens.county,
          staffBody({ stationId: ids.s2 }),
          422,
          'IDENTITY.PLACEMENT_MISMATCH',
        ],
        [
          'point at township',
          tokens.county,
          staffBody({ pointId: ids.p1 }),
          422,
          'IDENTITY.PLACEMENT_MISMATCH',
        ],
        [
          'unknown station',
          tokens.county,
          staffBody({ stationId: uuidv7() }),
          422,
          'IDENTITY.PLACEMENT_MISMATCH',
        ],
        [
          'unknown account',
          tokens.county,
          staffBody({ accountId: uuidv7() }),
          422,
          'IDENTITY.UNKNOWN_ACCOUNT',
        ],
        [
          'linked account',
          tokens.county,
          staffBody({ accountId: linked }),
          409,
          'IDENTITY.ACCOUNT_ALREADY_LINKED',
        ],
        ['sibling county', tokens.sibling, staffBody(), 403, 'COMMON.OUT_OF_SCOPE'],
        ['other township', tokens.otherStation, staffBody(), 403, 'COMMON.OUT_OF_SCOPE'],
        ['read-only role', tokens.supervisor, staffBody(), 403, 'COMMON.FORBIDDEN'],
      ];
      for (const [name, token, body, status, code] of cases) {
        const res = await post(token, '/staff', body);
        expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status, code });
      }
      const anonymous = await http().post(`${base}/staff`).send(staffBody());
      expect(anonymous.status).toBe(401);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('reading', () => {
    it('gets one staff member in scope, and reports one outside as not found', async () => {
      const staff = await register();
      expect((await get(tokens.supervisor, `/staff/${staff.id}`)).body).toMatchObject({ id: staff.id });
      expect((await get(tokens.city, `/staff/${staff.id}`)).status).toBe(200);
      for (const token of [tokens.sibling, tokens.otherStation]) {
        const res = await get(token, `/staff/${staff.id}`);
        expect([res.status, res.body.code]).toEqual([404, 'IDENTITY.STAFF_NOT_FOUND']);
      }
      expect((await get(tokens.county, `/staff/${uuidv7()}`)).status).toBe(404);
      const bad = await get(tokens.county, '/staff/not-a-uuid');
      expect([bad.status, bad.body.code]).toEqual([400, 'COMMON.VALIDATION_FAILED']);
    });

    it('lists with filters and cursors, within scope only', async () => {
      await register({ regionCode: T2, postType: 'service' });
      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await get(tokens.county, `/staff?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        all.push(...res.body.items.map((s: { id: string }) => s.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      const { rows } = await t.db.query(`SELECT id FROM staff_member ORDER BY id`);
      expect(all).toEqual(rows.map((r) => r.id));

      const t2 = await get(tokens.county, `/staff?region=${T2}&postType=service&status=active`);
      expect(t2.body.items.length).toBeGreaterThan(0);
      expect(t2.body.items.every((s: { regionCode: string }) => s.regionCode === T2)).toBe(true);
      const own = await get(tokens.otherStation, '/staff?limit=200');
      expect(own.body.items.every((s: { regionCode: string }) => s.regionCode.startsWith(T2))).toBe(true);
      expect((await get(tokens.sibling, `/staff?region=${COUNTY}`)).body.items).toEqual([]);
      expect((await get(tokens.otherStation, `/staff?region=${T1}`)).body.items).toEqual([]);

      for (const query of ['?cursor=zzz', '?region=4307031', '?status=gone', '?limit=0', '?name=张']) {
        const res = await get(tokens.county, `/staff${query}`);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
      }
    });
  });

  describe('changing', () => {
    it('changes a profile with the version it read, and names the changed fields only in the event', async () => {
      const staff = await register();
      const res = await patch(tokens.station, `/staff/${staff.id}`, {
        version: 1,
        displayName: '张晓红',
        employer: '新机构',
        postType: 'service',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        displayName: '张晓红',
        employer: '新机构',
        postType: 'service',
        version: 2,
      });
      const [event] = (await events('identity.staff.changed.v1')).filter((e) => e.subject === staff.id);
      expect(event.data).toMatchObject({ version: 2, changed: ['displayName', 'employer', 'postType'] });
      expect(JSON.stringify(event)).not.toMatch(/张晓红|新机构/);

      const stale = await patch(tokens.station, `/staff/${staff.id}`, { version: 1, displayName: '王' });
      expect([stale.status, stale.body.code]).toEqual([409, 'IDENTITY.VERSION_CONFLICT']);
      const same = await patch(tokens.station, `/staff/${staff.id}`, { version: 2, displayName: '张晓红' });
      expect(same.body.version).toBe(2); // nothing changed: no new version, no event
      expect((await events('identity.staff.changed.v1')).filter((e) => e.subject === staff.id)).toHaveLength(
        1,
      );
    });

    it('moves a staff member to another station within the caller’s regions only', async () => {
      const staff = await register();
      const outside = await patch(tokens.station, `/staff/${staff.id}`, { version: 1, regionCode: T2 });
      expect([outside.status, outside.body.code]).toEqual([403, 'COMMON.OUT_OF_SCOPE']);
      const moved = await patch(tokens.county, `/staff/${staff.id}`, { version: 1, regionCode: T2 });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ regionCode: T2, stationId: ids.s2, pointId: null, version: 2 });
      const [event] = (await events('identity.staff.changed.v1')).filter((e) => e.subject === staff.id);
      expect(event).toMatchObject({
        regioncode: T2,
        data: { regionCode: T2, previousRegionCode: T1, changed: ['regionCode', 'stationId'] },
      });
      const toPoint = await patch(tokens.county, `/staff/${staff.id}`, { version: 2, regionCode: V1 });
      expect(toPoint.body).toMatchObject({ regionCode: V1, stationId: ids.s1, pointId: ids.p1, version: 3 });
    });

    it('refuses bad changes with their codes and writes nothing', async () => {
      const staff = await register();
      const posted = await register();
      const postRes = await post(tokens.county, '/posts', {
        regionCode: T1,
        postType: 'transactional',
        openedOn: '2024-01-01',
      });
      expect(
        (await post(tokens.county, `/posts/${postRes.body.id}/fill`, { staffId: posted.id })).status,
      ).toBe(200);
      const before = await snapshot();
      const cases: Array<[string, string, string, Record<string, unknown>, number, string]> = [
        ['no version', tokens.county, staff.id, { displayName: '李' }, 400, 'COMMON.VALIDATION_FAILED'],
        ['only version', tokens.county, staff.id, { version: 1 }, 400, 'COMMON.VALIDATION_FAILED'],
        [
          'unknown field',
          tokens.county,
          staff.id,
          { version: 1, status: 'left' },
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        [
          'stale',
          tokens.county,
          staff.id,
          { version: 7, displayName: '李' },
          409,
          'IDENTITY.VERSION_CONFLICT',
        ],
        [
          'no station',
          tokens.county,
          staff.id,
          { version: 1, regionCode: NO_STATION },
          422,
          'IDENTITY.NO_STATION_OR_POINT',
        ],
        [
          'unknown account',
          tokens.county,
          staff.id,
          { version: 1, accountId: uuidv7() },
          422,
          'IDENTITY.UNKNOWN_ACCOUNT',
        ],
        [
          'holds a post',
          tokens.county,
          posted.id,
          { version: 1, regionCode: T2 },
          409,
          'IDENTITY.STAFF_IN_POST',
        ],
        [
          'sibling',
          tokens.sibling,
          staff.id,
          { version: 1, displayName: '李' },
          404,
          'IDENTITY.STAFF_NOT_FOUND',
        ],
        [
          'unknown staff',
          tokens.county,
          uuidv7(),
          { version: 1, displayName: '李' },
          404,
          'IDENTITY.STAFF_NOT_FOUND',
        ],
        [
          'read-only',
          tokens.supervisor,
          staff.id,
          { version: 1, displayName: '李' },
          403,
          'COMMON.FORBIDDEN',
        ],
      ];
      for (const [name, token, id, body, status, code] of cases) {
        const res = await patch(token, `/staff/${id}`, body);
        expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status, code });
      }
      expect(await snapshot()).toEqual(before);
      const { rows } = await t.db.query(`SELECT version FROM staff_member WHERE id = ANY($1::uuid[])`, [
        [staff.id, posted.id],
      ]);
      expect(rows.map((r) => r.version)).toEqual([1, 1]);
    });
  });

  describe('certificates', () => {
    it('keeps the history and shows the highest level; the event carries no certificate number', async () => {
      const staff = await register();
      const first = await post(tokens.station, `/staff/${staff.id}/certificates`, {
        level: 'assistant',
        number: 'ZS2019-4307-0001',
        issuedOn: '2019-06-30',
      });
      expect(first.status).toBe(201);
      expect(first.body.level).toBe('assistant');
      const second = await post(tokens.station, `/staff/${staff.id}/certificates`, {
        level: 'intermediate',
        number: 'ZJ2022-4307-0002',
        issuedOn: '2022-06-30',
      });
      expect(second.body.level).toBe('intermediate');
      // A lower certificate recorded later (found in a drawer) does not lower the level.
      const third = await post(tokens.county, `/staff/${staff.id}/certificates`, {
        level: 'assistant',
        number: 'ZS2018-4307-0003',
        issuedOn: '2018-06-30',
      });
      expect(third.body.level).toBe('intermediate');
      expect(third.body.certificates.map((c: { number: string }) => c.number)).toEqual([
        'ZS2018-4307-0003',
        'ZS2019-4307-0001',
        'ZJ2022-4307-0002',
      ]);
      expect((await get(tokens.supervisor, `/staff/${staff.id}`)).body.level).toBe('intermediate');

      const certified = (await events('identity.staff.certified.v1')).filter((e) => e.subject === staff.id);
      expect(certified.map((e) => [e.data.level, e.data.previousLevel])).toEqual([
        ['assistant', null],
        ['intermediate', 'assistant'],
        ['assistant', 'intermediate'],
      ]);
      expect(certified[1]).toMatchObject({
        regioncode: T1,
        data: { staffId: staff.id, issuedOn: '2022-06-30', regionCode: T1 },
      });
      expect(JSON.stringify(certified)).not.toContain('4307-000');
    });

    it('refuses a number already recorded (any level, anyone’s) and bad input, writing nothing', async () => {
      const holder = await register();
      const other = await register();
      await post(tokens.county, `/staff/${holder.id}/certificates`, {
        level: 'senior',
        number: 'GJ2023-0001',
        issuedOn: '2023-12-01',
      });
      const before = await snapshot();
      const cert = (over: Record<string, unknown> = {}) => ({
        level: 'senior',
        number: 'GJ2023-0001',
        issuedOn: '2023-12-01',
        ...over,
      });
      const cases: Array<[string, string, string, Record<string, unknown>, number, string]> = [
        ['same number', tokens.county, other.id, cert(), 409, 'IDENTITY.CERTIFICATE_EXISTS'],
        ['same holder', tokens.county, holder.id, cert(), 409, 'IDENTITY.CERTIFICATE_EXISTS'],
        [
          'other level',
          tokens.county,
          other.id,
          cert({ level: 'assistant' }),
          409,
          'IDENTITY.CERTIFICATE_EXISTS',
        ],
        [
          'level',
          tokens.county,
          other.id,
          cert({ level: 'master', number: 'N-1' }),
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        [
          'future',
          tokens.county,
          other.id,
          cert({ number: 'N-2', issuedOn: '2099-01-01' }),
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        ['empty number', tokens.county, other.id, cert({ number: ' ' }), 400, 'COMMON.VALIDATION_FAILED'],
        [
          'odd number',
          tokens.county,
          other.id,
          cert({ number: 'N 1;DROP' }),
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        [
          'unknown field',
          tokens.county,
          other.id,
          cert({ number: 'N-3', holder: 'x' }),
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        ['unknown staff', tokens.county, uuidv7(), cert({ number: 'N-4' }), 404, 'IDENTITY.STAFF_NOT_FOUND'],
        ['sibling', tokens.sibling, other.id, cert({ number: 'N-5' }), 404, 'IDENTITY.STAFF_NOT_FOUND'],
        ['read-only', tokens.supervisor, other.id, cert({ number: 'N-6' }), 403, 'COMMON.FORBIDDEN'],
      ];
      for (const [name, token, id, body, status, code] of cases) {
        const res = await post(token, `/staff/${id}/certificates`, body);
        expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status, code });
      }
      expect(await snapshot()).toEqual(before);
    });

    it('records concurrent attempts with one number once', async () => {
      const a = await register();
      const b = await register();
      const body = { level: 'assistant', number: 'RACE-0001', issuedOn: '2024-01-02' };
      const results = await Promise.all(
        [a, b, a, b].map((s) => post(tokens.county, `/staff/${s.id}/certificates`, body)),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
      expect(await count(`staff_certificate WHERE number = 'RACE-0001'`)).toBe(1);
    });
  });

  describe('leaving', () => {
    it('vacates the post held, with both events in the same transaction', async () => {
      const staff = await register({ joinedOn: '2024-05-01' });
      const opened = await post(tokens.county, '/posts', {
        regionCode: T1,
        postType: 'transactional',
        openedOn: '2024-01-01',
      });
      await post(tokens.county, `/posts/${opened.body.id}/fill`, { staffId: staff.id });
      expect((await get(tokens.county, `/staff/${staff.id}`)).body.postId).toBe(opened.body.id);

      const early = await post(tokens.station, `/staff/${staff.id}/leave`, { leftOn: '2024-04-30' });
      expect([early.status, early.body.code]).toEqual([422, 'IDENTITY.LEFT_BEFORE_JOINED']);
      const res = await post(tokens.station, `/staff/${staff.id}/leave`, { leftOn: '2025-01-31' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'left', leftOn: '2025-01-31', postId: null, version: 2 });
      expect((await get(tokens.county, `/posts/${opened.body.id}`)).body).toMatchObject({
        status: 'vacant',
        staffId: null,
      });
      const [left] = (await events('identity.staff.left.v1')).filter((e) => e.subject === staff.id);
      expect(left.data).toMatchObject({ leftOn: '2025-01-31', vacatedPostId: opened.body.id });
      const [vacated] = (await events('identity.post.vacated.v1')).filter(
        (e) => e.subject === opened.body.id,
      );
      expect(vacated.data).toMatchObject({ staffId: staff.id, reason: 'staff-left' });

      const before = await snapshot();
      const again = await post(tokens.station, `/staff/${staff.id}/leave`, { leftOn: '2025-02-01' });
      expect([again.status, again.body.code]).toEqual([409, 'IDENTITY.STAFF_NOT_ACTIVE']);
      const change = await patch(tokens.station, `/staff/${staff.id}`, { version: 2, employer: 'x' });
      expect([change.status, change.body.code]).toEqual([409, 'IDENTITY.STAFF_NOT_ACTIVE']);
      const certify = await post(tokens.station, `/staff/${staff.id}/certificates`, {
        level: 'assistant',
        number: 'LEFT-1',
        issuedOn: '2024-01-01',
      });
      expect([certify.status, certify.body.code]).toEqual([409, 'IDENTITY.STAFF_NOT_ACTIVE']);
      const listed = await get(tokens.county, `/staff?status=left&limit=200`);
      expect(listed.body.items.map((s: { id: string }) => s.id)).toContain(staff.id);
      expect(await snapshot()).toEqual(before);
    });

    it('refuses bad leave requests', async () => {
      const staff = await register();
      const before = await snapshot();
      const cases: Array<[string, string, string, object, number, string]> = [
        ['no date', tokens.county, staff.id, {}, 400, 'COMMON.VALIDATION_FAILED'],
        ['future', tokens.county, staff.id, { leftOn: '2099-01-01' }, 400, 'COMMON.VALIDATION_FAILED'],
        [
          'extra',
          tokens.county,
          staff.id,
          { leftOn: '2025-01-01', reason: 'x' },
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        ['sibling', tokens.sibling, staff.id, { leftOn: '2025-01-01' }, 404, 'IDENTITY.STAFF_NOT_FOUND'],
        ['read-only', tokens.supervisor, staff.id, { leftOn: '2025-01-01' }, 403, 'COMMON.FORBIDDEN'],
      ];
      for (const [name, token, id, body, status, code] of cases) {
        const res = await post(token, `/staff/${id}/leave`, body);
        expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status, code });
      }
      expect(await snapshot()).toEqual(before);
    });
  });
});
