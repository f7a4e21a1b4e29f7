import { v7 as uuidv7 } from 'uuid';
import { seedRegions } from './support/identity-app';
import { useIdentityApp } from './support/identity-spec';
import { DINGCHENG_REGIONS, seedWorkplaces } from './support/workplaces';

// Posts (岗位): opening, filling (also concurrently), vacating, closing; and the talent figures.

const COUNTY = '430703';
const T1 = '430703100'; // station S1; point P1 covers V1
const T2 = '430703101'; // station S2
const NO_STATION = '430703102';
const V1 = '430703100001';
const V2 = '430703100002'; // no point

describe('posts and talent figures', () => {
  const t = useIdentityApp();
  const { post, get, count } = t;
  let ids: { s1: string; s2: string; p1: string };
  let tokens: Record<
    'county' | 'city' | 'station' | 'otherStation' | 'sibling' | 'supervisor' | 'point',
    string
  >;

  beforeAll(async () => {
    const { stations, point } = await seedWorkplaces(t.db, {
      regions: {
        ...DINGCHENG_REGIONS,
        [NO_STATION]: '花岩溪镇',
        [V2]: '另一村',
      },
      stations: [T1, T2],
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
      point: await t.as('point_worker', V1),
    };
  });
  const snapshot = async () => ({
    posts: await count('post'),
    filled: await count('post WHERE staff_id IS NOT NULL'),
    closed: await count('post WHERE closed_on IS NOT NULL'),
    versions: (await t.db.query('SELECT coalesce(sum(version), 0)::int AS v FROM post')).rows[0].v,
    outbox: await count('outbox_event'),
  });
  const events = async (subject: string, entity: string) =>
    (
      await t.db.query(
        `SELECT envelope FROM outbox_event WHERE subject = $1 AND envelope->>'subject' = $2 ORDER BY id`,
        [subject, entity],
      )
    ).rows.map((r) => r.envelope);
  const staff = async (regionCode = T1, postType = 'transactional') => {
    const res = await post(tokens.county, '/staff', {
      displayName: '李四',
      regionCode,
      postType,
      joinedOn: '2024-01-01',
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const openPost = async (regionCode = T1, postType = 'transactional') => {
    const res = await post(tokens.county, '/posts', { regionCode, postType, openedOn: '2024-01-01' });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  describe('opening', () => {
    it('opens vacant posts at a station and at a point', async () => {
      const res = await post(tokens.station, '/posts', {
        regionCode: T1,
        postType: 'transactional',
        openedOn: '2024-01-01',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        regionCode: T1,
        stationId: ids.s1,
        pointId: null,
        postType: 'transactional',
        staffId: null,
        status: 'vacant',
        openedOn: '2024-01-01',
        closedOn: null,
        version: 1,
      });
      const [event] = await events('identity.post.opened.v1', res.body.id);
      expect(event).toMatchObject({
        regioncode: T1,
        data: { postId: res.body.id, postType: 'transactional' },
      });
      const atPoint = await post(tokens.county, '/posts', {
        regionCode: V1,
        postType: 'service',
        openedOn: '2024-01-01',
      });
      expect(atPoint.body).toMatchObject({ regionCode: V1, stationId: ids.s1, pointId: ids.p1 });
    });

    it('refuses bad posts and writes nothing', async () => {
      const before = await snapshot();
      const body = (over: Record<string, unknown> = {}) => ({
        regionCode: T1,
        postType: 'transactional',
        openedOn: '2024-01-01',
        ...over,
      });
      const cases: Array<[string, string, Record<string, unknown>, number, string]> = [
        ['extra', tokens.county, body({ staffId: uuidv7() }), 400, 'COMMON.VALIDATION_FAILED'],
        ['type', tokens.county, body({ postType: 'admin' }), 400, 'COMMON.VALIDATION_FAILED'],
        ['date', tokens.county, body({ openedOn: '01/01/2024' }), 400, 'COMMON.VALIDATION_FAILED'],
        ['county', tokens.county, body({ regionCode: COUNTY }), 400, 'COMMON.VALIDATION_FAILED'],
        ['unknown', tokens.county, body({ regionCode: '430703177' }), 422, 'IDENTITY.UNKNOWN_REGION'],
        ['no station', tokens.county, body({ regionCode: NO_STATION }), 422, 'IDENTITY.NO_STATION_OR_POINT'],
        ['no point', tokens.county, body({ regionCode: V2 }), 422, 'IDENTITY.NO_STATION_OR_POINT'],
        ['mismatch', tokens.county, body({ stationId: ids.s2 }), 422, 'IDENTITY.PLACEMENT_MISMATCH'],
        ['sibling', tokens.sibling, body(), 403, 'COMMON.OUT_OF_SCOPE'],
        ['other town', tokens.otherStation, body(), 403, 'COMMON.OUT_OF_SCOPE'],
        ['read-only', tokens.supervisor, body(), 403, 'COMMON.FORBIDDEN'],
      ];
      for (const [name, token, b, status, code] of cases) {
        const res = await post(token, '/posts', b);
        expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status, code });
      }
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('filling, vacating and closing', () => {
    it('fills a vacant post, vacates it, and closes it', async () => {
      const postId = await openPost();
      const worker = await staff();
      const filled = await post(tokens.station, `/posts/${postId}/fill`, { staffId: worker });
      expect(filled.status).toBe(200);
      expect(filled.body).toMatchObject({ staffId: worker, status: 'filled', version: 2 });
      expect((await events('identity.post.filled.v1', postId))[0].data).toMatchObject({
        staffId: worker,
        version: 2,
      });

      const vacated = await post(tokens.station, `/posts/${postId}/vacate`);
      expect(vacated.body).toMatchObject({ staffId: null, status: 'vacant', version: 3 });
      expect((await events('identity.post.vacated.v1', postId))[0].data).toMatchObject({
        staffId: worker,
        reason: 'vacated',
      });

      await post(tokens.station, `/posts/${postId}/fill`, { staffId: worker });
      const closed = await post(tokens.county, `/posts/${postId}/close`, { closedOn: '2025-06-30' });
      expect(closed.body).toMatchObject({
        staffId: null,
        status: 'closed',
        closedOn: '2025-06-30',
        version: 6,
      });
      const vacatedEvents = await events('identity.post.vacated.v1', postId);
      expect(vacatedEvents.map((e) => e.data.reason)).toEqual(['vacated', 'post-closed']);
      expect((await events('identity.post.closed.v1', postId))[0].data).toMatchObject({
        closedOn: '2025-06-30',
        version: 6,
      });
      // The worker is free again.
      const next = await openPost();
      expect((await post(tokens.county, `/posts/${next}/fill`, { staffId: worker })).status).toBe(200);
    });

    it('closes without a body on today’s date', async () => {
      const postId = await openPost();
      const res = await post(tokens.county, `/posts/${postId}/close`);
      expect(res.status).toBe(200);
      expect(res.body.closedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });

    it('answers each refusal with its code and writes nothing', async () => {
      const filledPost = await openPost();
      const vacantPost = await openPost();
      const closedPost = await openPost();
      const pointPost = await openPost(V1, 'service');
      const holder = await staff();
      const free = await staff();
      const elsewhere = await staff(T2);
      const leaver = await staff();
      await post(tokens.county, `/posts/${filledPost}/fill`, { staffId: holder });
      await post(tokens.county, `/posts/${closedPost}/close`);
      await post(tokens.county, `/staff/${leaver}/leave`, { leftOn: '2024-06-01' });
      const before = await snapshot();
      const cases: Array<[string, string, string, object | undefined, number, string]> = [
        [
          'filled',
          tokens.county,
          `/posts/${filledPost}/fill`,
          { staffId: free },
          409,
          'IDENTITY.POST_FILLED',
        ],
        [
          'holder again',
          tokens.county,
          `/posts/${filledPost}/fill`,
          { staffId: holder },
          409,
          'IDENTITY.POST_FILLED',
        ],
        [
          'posted',
          tokens.county,
          `/posts/${vacantPost}/fill`,
          { staffId: holder },
          409,
          'IDENTITY.STAFF_ALREADY_POSTED',
        ],
        [
          'closed',
          tokens.county,
          `/posts/${closedPost}/fill`,
          { staffId: free },
          409,
          'IDENTITY.POST_CLOSED',
        ],
        [
          'left',
          tokens.county,
          `/posts/${vacantPost}/fill`,
          { staffId: leaver },
          409,
          'IDENTITY.STAFF_NOT_ACTIVE',
        ],
        [
          'region',
          tokens.county,
          `/posts/${vacantPost}/fill`,
          { staffId: elsewhere },
          422,
          'IDENTITY.STAFF_REGION_MISMATCH',
        ],
        [
          'village',
          tokens.county,
          `/posts/${pointPost}/fill`,
          { staffId: free },
          422,
          'IDENTITY.STAFF_REGION_MISMATCH',
        ],
        [
          'unknown staff',
          tokens.county,
          `/posts/${vacantPost}/fill`,
          { staffId: uuidv7() },
          422,
          'IDENTITY.UNKNOWN_STAFF',
        ],
        [
          'staff of other town',
          tokens.station,
          `/posts/${vacantPost}/fill`,
          { staffId: elsewhere },
          422,
          'IDENTITY.UNKNOWN_STAFF',
        ],
        [
          'unknown post',
          tokens.county,
          `/posts/${uuidv7()}/fill`,
          { staffId: free },
          404,
          'IDENTITY.POST_NOT_FOUND',
        ],
        [
          'sibling',
          tokens.sibling,
          `/posts/${vacantPost}/fill`,
          { staffId: free },
          404,
          'IDENTITY.POST_NOT_FOUND',
        ],
        [
          'read-only',
          tokens.supervisor,
          `/posts/${vacantPost}/fill`,
          { staffId: free },
          403,
          'COMMON.FORBIDDEN',
        ],
        ['no staff', tokens.county, `/posts/${vacantPost}/fill`, {}, 400, 'COMMON.VALIDATION_FAILED'],
        [
          'bad id',
          tokens.county,
          `/posts/${vacantPost}/fill`,
          { staffId: 'x' },
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        ['bad post id', tokens.county, `/posts/123/fill`, { staffId: free }, 400, 'COMMON.VALIDATION_FAILED'],
        ['vacant', tokens.county, `/posts/${vacantPost}/vacate`, undefined, 409, 'IDENTITY.POST_VACANT'],
        [
          'vacate closed',
          tokens.county,
          `/posts/${closedPost}/vacate`,
          undefined,
          409,
          'IDENTITY.POST_CLOSED',
        ],
        [
          'vacate body',
          tokens.county,
          `/posts/${filledPost}/vacate`,
          { staffId: holder },
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        [
          'vacate sibling',
          tokens.sibling,
          `/posts/${filledPost}/vacate`,
          undefined,
          404,
          'IDENTITY.POST_NOT_FOUND',
        ],
        ['close closed', tokens.county, `/posts/${closedPost}/close`, undefined, 409, 'IDENTITY.POST_CLOSED'],
        [
          'close early',
          tokens.county,
          `/posts/${vacantPost}/close`,
          { closedOn: '2023-12-31' },
          422,
          'IDENTITY.CLOSED_BEFORE_OPENED',
        ],
        [
          'close future',
          tokens.county,
          `/posts/${vacantPost}/close`,
          { closedOn: '2099-12-31' },
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        [
          'close sibling',
          tokens.sibling,
          `/posts/${vacantPost}/close`,
          undefined,
          404,
          'IDENTITY.POST_NOT_FOUND',
        ],
      ];
      for (const [name, token, path, body, status, code] of cases) {
        const res = await post(token, path, body);
        expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status, code });
      }
      expect(await snapshot()).toEqual(before);
    });

    it('lets exactly one of concurrent fills of one post succeed', async () => {
      const postId = await openPost();
      const workers = await Promise.all([staff(), staff(), staff(), staff(), staff()]);
      const before = await count('outbox_event');
      const results = await Promise.all(
        workers.map((staffId) => post(tokens.county, `/posts/${postId}/fill`, { staffId })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
      expect(
        results.filter((r) => r.status === 409).every((r) => r.body.code === 'IDENTITY.POST_FILLED'),
      ).toBe(true);
      const winner = results.find((r) => r.status === 200)?.body.staffId;
      const { rows } = await t.db.query('SELECT staff_id, version FROM post WHERE id = $1', [postId]);
      expect(rows).toEqual([{ staff_id: winner, version: 2 }]);
      expect((await count('outbox_event')) - before).toBe(1);
      expect(await events('identity.post.filled.v1', postId)).toHaveLength(1);
    });

    it('puts one person into only one of two posts filled at once', async () => {
      const [a, b] = await Promise.all([openPost(), openPost()]);
      const worker = await staff();
      const results = await Promise.all(
        [a, b].map((p) => post(tokens.county, `/posts/${p}/fill`, { staffId: worker })),
      );
      expect(results.map((r) => [r.status, r.body.code ?? null]).sort()).toEqual([
        [200, null],
        [409, 'IDENTITY.STAFF_ALREADY_POSTED'],
      ]);
      expect(await count('post WHERE staff_id = $1', [worker])).toBe(1);
    });
  });

  describe('reading posts', () => {
    it('gets and lists posts within scope, with filters', async () => {
      const atT2 = await post(tokens.county, '/posts', {
        regionCode: T2,
        postType: 'service',
        openedOn: '2024-02-01',
      });
      expect((await get(tokens.otherStation, `/posts/${atT2.body.id}`)).status).toBe(200);
      const hidden = await get(tokens.station, `/posts/${atT2.body.id}`);
      expect([hidden.status, hidden.body.code]).toEqual([404, 'IDENTITY.POST_NOT_FOUND']);
      const own = await get(tokens.otherStation, '/posts?limit=200');
      expect(own.body.items.map((p: { id: string }) => p.id)).toEqual([atT2.body.id]);
      const county = await get(tokens.county, '/posts?limit=200');
      expect(county.body.items).toHaveLength(await count('post'));
      const open = await get(tokens.county, `/posts?status=open&filled=false&region=${T1}&limit=200`);
      expect(open.body.items.length).toBe(
        await count(`post WHERE closed_on IS NULL AND staff_id IS NULL AND region_code LIKE '${T1}%'`),
      );
      expect((await get(tokens.sibling, '/posts')).body.items).toEqual([]);
      expect((await get(tokens.point, '/posts')).status).toBe(403);
      let cursor: string | null = null;
      const paged: string[] = [];
      do {
        const res = await get(tokens.county, `/posts?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        paged.push(...res.body.items.map((p: { id: string }) => p.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(paged).toEqual(county.body.items.map((p: { id: string }) => p.id));
    });
  });

  describe('talent figures', () => {
    it('counts active staff by level and post type, and open posts, per region and child region', async () => {
      // A fresh township keeps the expected figures independent of the tests above.
      const T9 = '430703109';
      const V9 = `${T9}001`;
      await seedRegions(t.db, { [T9]: '新镇', [V9]: '新村', [`${T9}002`]: '空村' });
      const s9 = uuidv7();
      await t.db.query(
        `INSERT INTO station (id, township_code, name, opened_on) VALUES ($1, $2, '新镇社工站', '2023-01-01')`,
        [s9, T9],
      );
      const p9 = uuidv7();
      await t.db.query(
        `INSERT INTO point (id, station_id, name, opened_on) VALUES ($1, $2, '新村社工点', '2023-01-01')`,
        [p9, s9],
      );
      await t.db.query(`INSERT INTO point_village (point_id, village_code) VALUES ($1, $2)`, [p9, V9]);

      const certify = (id: string, level: string) =>
        post(tokens.county, `/staff/${id}/certificates`, { level, number: uuidv7(), issuedOn: '2023-01-01' });
      const a = await staff(T9); // assistant then intermediate → intermediate
      await certify(a, 'assistant');
      await certify(a, 'intermediate');
      const b = await staff(T9); // senior
      await certify(b, 'senior');
      const c = await staff(V9, 'service'); // none
      const d = await staff(V9, 'service'); // assistant
      await certify(d, 'assistant');
      const gone = await staff(V9, 'service'); // left: not counted
      await certify(gone, 'senior');
      await post(tokens.county, `/staff/${gone}/leave`, { leftOn: '2024-06-01' });

      const stationPosts = [await openPost(T9), await openPost(T9), await openPost(T9)];
      const pointPost = await openPost(V9, 'service');
      const closedPost = await openPost(V9, 'service');
      await post(tokens.county, `/posts/${stationPosts[0]}/fill`, { staffId: a });
      await post(tokens.county, `/posts/${pointPost}/fill`, { staffId: c });
      await post(tokens.county, `/posts/${closedPost}/close`);

      const res = await get(tokens.county, `/talent/${T9}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        regionCode: T9,
        name: '新镇',
        staff: 4,
        byLevel: { assistant: 1, intermediate: 1, senior: 1, none: 1 },
        byPostType: { transactional: 2, service: 2 },
        posts: { planned: 4, filled: 2, vacant: 2 },
        children: [
          {
            regionCode: V9,
            name: '新村',
            staff: 2,
            byLevel: { assistant: 1, intermediate: 0, senior: 0, none: 1 },
            byPostType: { transactional: 0, service: 2 },
            posts: { planned: 1, filled: 1, vacant: 0 },
          },
          {
            regionCode: `${T9}002`,
            name: '空村',
            staff: 0,
            byLevel: { assistant: 0, intermediate: 0, senior: 0, none: 0 },
            byPostType: { transactional: 0, service: 0 },
            posts: { planned: 0, filled: 0, vacant: 0 },
          },
        ],
      });

      // The county's figures add up its townships, one child per township.
      const county = await get(tokens.county, `/talent/${COUNTY}`);
      expect(county.status).toBe(200);
      const childCodes = county.body.children.map((ch: { regionCode: string }) => ch.regionCode);
      expect(childCodes).toEqual([T1, T2, NO_STATION, T9]);
      const t9 = county.body.children.find((ch: { regionCode: string }) => ch.regionCode === T9);
      expect(t9).toMatchObject({ staff: 4, posts: { planned: 4, filled: 2, vacant: 2 } });
      const sum = (key: 'staff') =>
        county.body.children.reduce((n: number, ch: Record<string, number>) => n + ch[key], 0);
      expect(county.body.staff).toBe(sum('staff'));
      expect(county.body.staff).toBe(await count(`staff_member WHERE status = 'active'`));
      expect(county.body.posts.planned).toBe(await count('post WHERE closed_on IS NULL'));
      expect(county.body.posts.filled).toBe(
        await count('post WHERE closed_on IS NULL AND staff_id IS NOT NULL'),
      );
      const city = await get(tokens.city, '/talent/4307');
      expect(city.body.children.map((ch: { regionCode: string }) => ch.regionCode)).toEqual([
        '430702',
        COUNTY,
      ]);
      expect(city.body.staff).toBe(county.body.staff);
    });

    it('answers only inside the caller’s staff.read regions', async () => {
      const cases: Array<[string, string, string, number, string | undefined]> = [
        ['own township', tokens.station, T1, 200, undefined],
        ['village of own township', tokens.station, V1, 200, undefined],
        ['parent of own township', tokens.station, COUNTY, 403, 'COMMON.OUT_OF_SCOPE'],
        ['sibling township', tokens.otherStation, T1, 403, 'COMMON.OUT_OF_SCOPE'],
        ['sibling county', tokens.sibling, COUNTY, 403, 'COMMON.OUT_OF_SCOPE'],
        ['child of the city', tokens.city, COUNTY, 200, undefined],
        ['supervisor', tokens.supervisor, COUNTY, 200, undefined],
        ['point worker', tokens.point, V1, 403, 'COMMON.FORBIDDEN'],
        ['not a region', tokens.county, '430703188', 404, 'IDENTITY.REGION_NOT_FOUND'],
        ['bad code', tokens.county, '4307031', 400, 'COMMON.VALIDATION_FAILED'],
      ];
      for (const [name, token, code, status, errorCode] of cases) {
        const res = await get(token, `/talent/${code}`);
        expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status, code: errorCode });
      }
      const village = await get(tokens.station, `/talent/${V1}`);
      expect(village.body.children).toEqual([]);
    });
  });
});
