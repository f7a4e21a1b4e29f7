import type { TestGrant } from '@wushe/testing';
import type request from 'supertest';
import { insertRegions } from './support/identity-app';
import { useIdentityApp } from './support/identity-spec';
import { openPoint, openStation } from './support/stations';

// ───────────── the regions and the callers ─────────────
//
//   43 湖南省 ── 4307 常德市 ─┬─ 430703 鼎城区 ─┬─ 430703100 (T1): station ST1, point P1
//                             │                 └─ 430703101 (T2): station ST2
//                             └─ 430702 武陵区 ─── 430702001 (TS): station STS, point PS
//
// Everything below is about ST1/P1 in T1 unless said otherwise.

const T1 = '430703100';
const T2 = '430703101';
const TS = '430702001';
const vil = (township: string, n: number) => `${township}${String(n).padStart(3, '0')}`;

const ACTORS = {
  /** Grandparent and parent regions of the county. */
  province: [{ role: 'province_admin', region: '43' }],
  city: [{ role: 'city_admin', region: '4307' }],
  /** The county the stations are in. */
  county: [{ role: 'county_admin', region: '430703' }],
  /** The neighbouring county. */
  sibling: [{ role: 'county_admin', region: '430702' }],
  /** A reader held in a child region (township T1): sees T1 only, manages nothing. */
  childReader: [{ role: 'supervisor', region: T1 }],
  /** A manager whose grant is held in a child region (T1); grant rules would not issue it, scope still confines it. */
  childAdmin: [{ role: 'county_admin', region: T1 }],
  /** Held in a village of T1: a parent region (the township's station) is not inside a child scope. */
  village: [{ role: 'point_worker', region: vil(T1, 1) }],
  /** Manages the neighbouring county and only reads this one. */
  mixed: [
    { role: 'county_admin', region: '430702' },
    { role: 'supervisor', region: '430703' },
  ],
  /** Reads stations in T1 but holds no role that may read coverage. */
  coordinator: [{ role: 'volunteer_coordinator', region: T1 }],
} satisfies Record<string, TestGrant[]>;
type Actor = keyof typeof ACTORS;
const ALL = Object.keys(ACTORS) as Actor[];

/** Expected status per actor; a string adds the problem code. */
type Expect = Record<Actor, number | [number, string]>;
const NF: [number, string] = [404, 'COMMON.NOT_FOUND'];
const OUT: [number, string] = [403, 'COMMON.OUT_OF_SCOPE'];
const DENIED: [number, string] = [403, 'COMMON.FORBIDDEN'];

describe('stations, points and coverage: the scope matrix', () => {
  const t = useIdentityApp({ peerStreams: true });
  const tokens = {} as Record<Actor, string>;
  const ids = {} as Record<'ST1' | 'ST2' | 'STS' | 'P1' | 'PS', string>;

  const call = (actor: Actor, method: 'get' | 'post' | 'patch', path: string, body?: object) => {
    const req = t.request(method, tokens[actor], path);
    return body ? req.send(body) : req;
  };
  /** Closing a station or a point (`path` is `/stations/:id` or `/points/:id`). */
  const close = (actor: Actor, path: string) =>
    call(actor, 'post', `${path}/close`, { closedOn: '2024-01-01', reason: 'x' });
  const version = async (table: 'station' | 'point', id: string) =>
    (await t.db.query<{ version: number }>(`SELECT version FROM ${table} WHERE id = $1`, [id])).rows[0]
      .version;
  const outboxCount = () => t.count('outbox_event');

  function expectOutcome(res: request.Response, expected: number | [number, string]) {
    const [status, code] = Array.isArray(expected) ? expected : [expected, undefined];
    expect({ status: res.status, code: code ? res.body.code : undefined }).toEqual({ status, code });
    // A refusal never discloses the row it refused (names, contact).
    if (status >= 400) expect(JSON.stringify(res.body)).not.toMatch(/\d社工站|\d社工点|王站长|renamed by/);
  }

  beforeAll(async () => {
    await insertRegions(t.db, [
      ['43', '湖南省'],
      ['4307', '常德市'],
      ['430703', '鼎城区'],
      ['430702', '武陵区'],
      [T1, '武陵镇'],
      [T2, '玉霞街道'],
      [TS, '武陵区某街道'],
      ...Array.from({ length: 12 }, (_, i): [string, string] => [vil(T1, i + 1), `武陵镇${i + 1}村`]),
      [vil(T2, 1), '玉霞社区'],
      [vil(TS, 1), '某社区'],
      [vil(TS, 2), '某社区二'],
      ...Array.from({ length: 9 }, (_, i): [string, string] => [`4307031${20 + i}`, `新镇${i}`]),
    ]);
    for (const actor of ALL) tokens[actor] = await t.token(ACTORS[actor]);
    const open = async (township: string) =>
      (await openStation(t, tokens.province, township, { contactName: '王站长', openedOn: '2023-01-10' })).id;
    const point = async (stationId: string, village: string) =>
      (
        await openPoint(t, tokens.province, stationId, [village], {
          name: `${village}社工点`,
          openedOn: '2023-02-01',
        })
      ).id;
    ids.ST1 = await open(T1);
    ids.ST2 = await open(T2);
    ids.STS = await open(TS);
    ids.P1 = await point(ids.ST1, vil(T1, 1));
    ids.PS = await point(ids.STS, vil(TS, 1));
  });

  describe('GET /stations/:id', () => {
    const st1: Expect = {
      province: 200,
      city: 200,
      county: 200,
      sibling: NF,
      childReader: 200,
      childAdmin: 200,
      village: NF,
      mixed: 200,
      coordinator: 200,
    };
    it.each(ALL)('a station in T1, read by %s', async (actor) => {
      const res = await call(actor, 'get', `/stations/${ids.ST1}`);
      expectOutcome(res, st1[actor]);
      if (res.status === 200) expect(res.body.points.map((p: { id: string }) => p.id)).toEqual([ids.P1]);
    });

    const st2: Expect = { ...st1, childReader: NF, childAdmin: NF, coordinator: NF };
    it.each(ALL)('a station in the sibling township T2, read by %s', async (actor) => {
      expectOutcome(await call(actor, 'get', `/stations/${ids.ST2}`), st2[actor]);
    });
  });

  describe('GET /stations lists only what the scope reaches, whatever region is asked for', () => {
    const visible: Record<Actor, Array<'ST1' | 'ST2' | 'STS'>> = {
      province: ['ST1', 'ST2', 'STS'],
      city: ['ST1', 'ST2', 'STS'],
      county: ['ST1', 'ST2'],
      sibling: ['STS'],
      childReader: ['ST1'],
      childAdmin: ['ST1'],
      village: [],
      mixed: ['ST1', 'ST2', 'STS'],
      coordinator: ['ST1'],
    };
    const listed = async (actor: Actor, query: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await call(
          actor,
          'get',
          `/stations?status=all&limit=1&${query}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((s: { id: string }) => s.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      return seen.sort();
    };
    const named = (keys: Array<'ST1' | 'ST2' | 'STS'>) => keys.map((k) => ids[k]).sort();

    it.each(ALL)('%s: no filter, the province, the county, the sibling county', async (actor) => {
      expect(await listed(actor, '')).toEqual(named(visible[actor]));
      expect(await listed(actor, 'region=43')).toEqual(named(visible[actor]));
      expect(await listed(actor, 'region=430703')).toEqual(named(visible[actor].filter((k) => k !== 'STS')));
      expect(await listed(actor, 'region=430702')).toEqual(named(visible[actor].filter((k) => k === 'STS')));
    });
  });

  describe('PATCH /stations/:id', () => {
    const expected: Expect = {
      province: 200,
      city: 200,
      county: 200,
      sibling: NF,
      childReader: DENIED,
      childAdmin: 200,
      village: DENIED,
      mixed: DENIED,
      coordinator: DENIED,
    };
    it.each(ALL)('%s renames ST1', async (actor) => {
      const before = await outboxCount();
      const res = await call(actor, 'patch', `/stations/${ids.ST1}`, {
        version: await version('station', ids.ST1),
        name: `社工站 renamed by ${actor}`,
      });
      expectOutcome(res, expected[actor]);
      expect(await outboxCount()).toBe(before + (res.status === 200 ? 1 : 0));
    });
  });

  describe('POST /stations', () => {
    const cases: Array<[Actor, string, number | [number, string]]> = [
      ['province', '430703120', 201],
      ['city', '430703121', 201],
      ['county', '430703122', 201],
      ['sibling', '430703123', OUT],
      ['childReader', '430703123', DENIED],
      ['childAdmin', '430703123', OUT],
      ['village', '430703123', DENIED],
      ['mixed', '430703123', OUT],
      ['coordinator', '430703123', DENIED],
      // Out of scope is said before anything about the township (an unknown one, or one with a station).
      ['sibling', T1, OUT],
      ['sibling', '430703199', OUT],
      ['childAdmin', T2, OUT],
      ['childAdmin', T1, [409, 'IDENTITY.STATION_EXISTS']],
    ];
    it.each(cases)('%s opens a station in %s', async (actor, township, outcome) => {
      const before = await outboxCount();
      const res = await call(actor, 'post', '/stations', {
        townshipCode: township,
        name: '站',
        openedOn: '2023-05-01',
      });
      expectOutcome(res, outcome);
      expect(await outboxCount()).toBe(before + (res.status === 201 ? 1 : 0));
    });
  });

  describe('POST /stations/:id/points', () => {
    const expected: Expect = {
      province: 201,
      city: 201,
      county: 201,
      sibling: NF,
      childReader: DENIED,
      childAdmin: 201,
      village: DENIED,
      mixed: DENIED,
      coordinator: DENIED,
    };
    it.each(ALL.map((a, i) => [a, i] as const))('%s opens a point under ST1', async (actor, i) => {
      const res = await call(actor, 'post', `/stations/${ids.ST1}/points`, {
        name: '点',
        villageCodes: [vil(T1, 2 + i)],
        openedOn: '2023-05-01',
      });
      expectOutcome(res, expected[actor]);
    });

    it('the sibling county admin opens one under its own station', async () => {
      const res = await call('sibling', 'post', `/stations/${ids.STS}/points`, {
        name: '点',
        villageCodes: [vil(TS, 2)],
        openedOn: '2023-05-01',
      });
      expect(res.status).toBe(201);
    });
  });

  describe('PATCH /points/:id and POST /points/:id/close', () => {
    const expected: Expect = {
      province: 200,
      city: 200,
      county: 200,
      sibling: NF,
      childReader: DENIED,
      childAdmin: 200,
      village: DENIED,
      mixed: DENIED,
      coordinator: DENIED,
    };
    it.each(ALL)('%s renames P1', async (actor) => {
      const res = await call(actor, 'patch', `/points/${ids.P1}`, {
        version: await version('point', ids.P1),
        name: `点 renamed by ${actor}`,
      });
      expectOutcome(res, expected[actor]);
    });

    it.each(ALL.filter((a) => expected[a] !== 200))('%s may not close P1', async (actor) => {
      const before = await outboxCount();
      expectOutcome(await close(actor, `/points/${ids.P1}`), expected[actor]);
      expect(await outboxCount()).toBe(before);
    });

    it('the county admin closes P1; the sibling closes nothing of ours but its own PS', async () => {
      expect((await close('sibling', `/points/${ids.PS}`)).status).toBe(200);
      expect((await close('county', `/points/${ids.PS}`)).status).toBe(404);
      expect((await close('county', `/points/${ids.P1}`)).status).toBe(200);
    });
  });

  describe('POST /stations/:id/close', () => {
    const refused: Partial<Expect> = {
      sibling: NF,
      childReader: DENIED,
      village: DENIED,
      mixed: DENIED,
      coordinator: DENIED,
    };
    it.each(Object.keys(refused) as Actor[])('%s may not close ST2', async (actor) => {
      const before = await outboxCount();
      expectOutcome(await close(actor, `/stations/${ids.ST2}`), refused[actor] as [number, string]);
      expect(await outboxCount()).toBe(before);
    });

    it('the child-region admin of T1 may not close ST2 (T2) but the county admin may', async () => {
      expectOutcome(await close('childAdmin', `/stations/${ids.ST2}`), NF);
      expect((await close('county', `/stations/${ids.ST2}`)).status).toBe(200);
    });
  });

  describe('GET /coverage/:region', () => {
    const county: Expect = {
      province: 200,
      city: 200,
      county: 200,
      sibling: OUT,
      childReader: OUT,
      childAdmin: OUT,
      village: DENIED,
      mixed: 200,
      coordinator: DENIED,
    };
    it.each(ALL)('of the county 430703, asked by %s', async (actor) => {
      const res = await call(actor, 'get', '/coverage/430703');
      expectOutcome(res, county[actor]);
      if (res.status === 200) {
        expect(res.body.region).toEqual({ code: '430703', name: '鼎城区', level: 'county' });
        expect(res.body.children.map((c: { code: string }) => c.code)).toEqual(
          [T1, T2, ...Array.from({ length: 9 }, (_, i) => `4307031${20 + i}`)].sort(),
        );
      }
    });

    const township: Expect = { ...county, childReader: 200, childAdmin: 200 };
    it.each(ALL)('of the township T1, asked by %s', async (actor) => {
      const res = await call(actor, 'get', `/coverage/${T1}`);
      expectOutcome(res, township[actor]);
      if (res.status === 200) {
        expect(res.body).toMatchObject({ townships: 1, stations: 1, stationCoverage: 1, villages: 12 });
        expect(res.body.children).toHaveLength(12);
        expect(res.body.children.every((c: { code: string }) => c.code.startsWith(T1))).toBe(true);
      }
    });

    const city: Expect = { ...county, county: OUT, mixed: OUT };
    it.each(ALL)('of the city 4307, asked by %s', async (actor) => {
      const res = await call(actor, 'get', '/coverage/4307');
      expectOutcome(res, city[actor]);
      if (res.status === 200)
        expect(res.body.children.map((c: { code: string }) => c.code)).toEqual(['430702', '430703']);
    });

    const sibling: Expect = { ...county, sibling: 200, county: OUT };
    it.each(ALL)('of the sibling county 430702, asked by %s', async (actor) => {
      expectOutcome(await call(actor, 'get', '/coverage/430702'), sibling[actor]);
    });

    it('a region that does not exist is 404 inside the scope, 403 outside it', async () => {
      expectOutcome(await call('county', 'get', '/coverage/430703999'), NF);
      expectOutcome(await call('sibling', 'get', '/coverage/430703999'), OUT);
    });
  });
});
