import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { insertRegions } from './support/identity-app';
import { API as base, useIdentityApp } from './support/identity-spec';
import { openPoint as openPointAs, openStation as openStationAs } from './support/stations';

// ───────────── fixture ─────────────

const T1 = '430703100'; // 武陵镇
const T2 = '430703101'; // 玉霞街道
const T3 = '430703103'; // 花岩溪镇
const ENDED_TOWNSHIP = '430703102';
const v = (township: string, n: number) => `${township}${String(n).padStart(3, '0')}`;
const ENDED_VILLAGE = v(T1, 9);

describe('stations and points (社工站 / 社工点)', () => {
  const t = useIdentityApp({ peerStreams: true });
  const { http } = t;
  let admin: string;
  let reader: string;

  beforeAll(async () => {
    await insertRegions(t.db, [
      ['43', '湖南省'],
      ['4307', '常德市'],
      ['430703', '鼎城区'],
      ['430702', '武陵区'],
      [T1, '武陵镇'],
      [T2, '玉霞街道'],
      [T3, '花岩溪镇'],
      [ENDED_TOWNSHIP, '已撤销镇', '2022-12-31'],
      ['430702001', '某街道'],
      ...[1, 2, 3, 4, 5, 6].map((n): [string, string] => [v(T1, n), `武陵镇第${n}村`]),
      [ENDED_VILLAGE, '已撤销村', '2022-12-31'],
      [v(T2, 1), '玉霞第一社区'],
      [v(T2, 2), '玉霞第二社区'],
      ['430702001001', '武陵区某社区'],
    ]);
    admin = await t.as('county_admin', '430703');
    reader = await t.as('station_worker', T1);
  });

  const post = (path: string, body: object, token = admin) => t.post(token, path, body);
  const patch = (path: string, body: object, token = admin) => t.patch(token, path, body);
  const get = (path: string, token = admin) => t.get(token, path);
  const { count } = t;
  const eventsFor = async (subjectId: string) =>
    (
      await t.db.query<{ subject: string; envelope: { data: Record<string, unknown>; regioncode: string } }>(
        `SELECT subject, envelope FROM outbox_event WHERE envelope->>'subject' = $1 ORDER BY created_at, id`,
        [subjectId],
      )
    ).rows;
  /** Rows in every table a write touches: a refused request must leave all of them as they were. */
  const snapshot = async () => ({
    stations: await count('station'),
    points: await count('point'),
    pointVillages: await count('point_village'),
    outbox: await count('outbox_event'),
    audit: await count('audit_entry'),
    versions: (
      await t.db.query('SELECT id, version FROM station UNION ALL SELECT id, version FROM point ORDER BY 1')
    ).rows,
  });

  const openStation = (township: string, extra: object = {}) => openStationAs(t, admin, township, extra);
  const openPoint = (stationId: string, villageCodes: string[], extra: object = {}) =>
    openPointAs(t, admin, stationId, villageCodes, extra);
  const closeStation = (id: string, closedOn = '2024-06-30') =>
    post(`/stations/${id}/close`, { closedOn, reason: '机构调整' });

  describe('stations', () => {
    it('opens a station: 201, the row, and identity.station.opened.v1 without the contact', async () => {
      const res = await post('/stations', {
        townshipCode: T1,
        name: '武陵镇社工站',
        address: '武陵镇人民路1号',
        contactName: '张站长',
        contactPhone: '0736-7654321',
        openedOn: '2023-03-01',
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        townshipCode: T1,
        name: '武陵镇社工站',
        address: '武陵镇人民路1号',
        contactName: '张站长',
        contactPhone: '0736-7654321',
        openedOn: '2023-03-01',
        closedOn: null,
        status: 'open',
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const events = await eventsFor(res.body.id);
      expect(events).toHaveLength(1);
      expect(events[0].subject).toBe('identity.station.opened.v1');
      expect(events[0].envelope).toMatchObject({ type: 'wushe.identity.station.opened.v1', regioncode: T1 });
      expect(events[0].envelope.data).toEqual({
        stationId: res.body.id,
        townshipCode: T1,
        openedOn: '2023-03-01',
        version: 1,
      });
      expect(JSON.stringify(events[0].envelope)).not.toMatch(/张站长|7654321|人民路/);

      const again = await post('/stations', { townshipCode: T1, name: '第二个站', openedOn: '2023-05-01' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'IDENTITY.STATION_EXISTS', stationId: res.body.id });
      expect(await count('station WHERE township_code = $1', [T1])).toBe(1);
    });

    it('honours Idempotency-Key: a retried POST returns the first response and opens nothing more', async () => {
      await insertRegions(t.db, [['430703140', '重试镇']]);
      const body = { townshipCode: '430703140', name: '重试站', openedOn: '2023-03-01' };
      const send = () =>
        http()
          .post(`${base}/stations`)
          .set('authorization', `Bearer ${admin}`)
          .set('idempotency-key', 'station-430703140-first')
          .send(body);
      const first = await send();
      const retry = await send();
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotency-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(await count(`station WHERE township_code = '430703140'`)).toBe(1);
      expect(await eventsFor(first.body.id)).toHaveLength(1);
    });

    it.each([
      ['a 9-digit code no region has', '430703199'],
      ['a township that has ended', ENDED_TOWNSHIP],
    ])('refuses %s with 422 IDENTITY.UNKNOWN_TOWNSHIP and writes nothing', async (_, code) => {
      const before = await snapshot();
      const res = await post('/stations', { townshipCode: code, name: '站', openedOn: '2023-03-01' });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'IDENTITY.UNKNOWN_TOWNSHIP', townshipCode: code });
      expect(await snapshot()).toEqual(before);
    });

    it('reads a station with its open points and their villages (names included)', async () => {
      const station = await openStation(T2, { contactPhone: '+86 736 7000000' });
      const point = await openPoint(station.id, [v(T2, 2), v(T2, 1)], { name: '玉霞社区点' });
      const res = await get(`/stations/${station.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: station.id,
        townshipCode: T2,
        townshipName: '玉霞街道',
        contactPhone: '+86 736 7000000',
        status: 'open',
        points: [
          {
            id: point.id,
            name: '玉霞社区点',
            stationId: station.id,
            townshipCode: T2,
            openedOn: '2023-04-01',
            status: 'open',
            version: 1,
            villages: [
              { code: v(T2, 1), name: '玉霞第一社区' },
              { code: v(T2, 2), name: '玉霞第二社区' },
            ],
          },
        ],
      });
    });

    it('updates name, address and contact with optimistic concurrency on version', async () => {
      const station = await openStation(T3, { address: '旧址', contactName: '李' });
      const missingVersion = await patch(`/stations/${station.id}`, { name: '新名' });
      expect(missingVersion.status).toBe(400);
      expect(missingVersion.body.code).toBe('COMMON.VALIDATION_FAILED');

      const ok = await patch(`/stations/${station.id}`, {
        version: 1,
        name: '新名',
        address: null,
        contactPhone: '0736 1234567',
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({
        name: '新名',
        address: null,
        contactName: '李',
        contactPhone: '0736 1234567',
        version: 2,
      });
      const updated = (await eventsFor(station.id)).filter(
        (e) => e.subject === 'identity.station.updated.v1',
      );
      expect(updated.map((e) => e.envelope.data)).toEqual([
        {
          stationId: station.id,
          townshipCode: T3,
          openedOn: '2023-03-01',
          version: 2,
          changed: ['name', 'address', 'contactPhone'],
        },
      ]);
      expect(JSON.stringify(updated)).not.toMatch(/新名|1234567/);

      const before = await snapshot();
      const stale = await patch(`/stations/${station.id}`, { version: 1, name: '又一个名字' });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'IDENTITY.VERSION_CONFLICT', currentVersion: 2 });
      expect(await snapshot()).toEqual(before);

      // Nothing changes: no new version, no event.
      const same = await patch(`/stations/${station.id}`, { version: 2, name: '新名' });
      expect(same.status).toBe(200);
      expect(same.body.version).toBe(2);
      expect(await snapshot()).toEqual(before);
    });

    it('lists stations by region and status, cursor-paged', async () => {
      const all = await get('/stations?region=430703&status=all&limit=200');
      expect(all.status).toBe(200);
      const townships = all.body.items.map((s: { townshipCode: string }) => s.townshipCode);
      expect(townships).toEqual([...townships].sort());
      expect(townships.every((c: string) => c.startsWith('430703'))).toBe(true);

      const pages: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await get(`/stations?region=43&status=all&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(1);
        pages.push(...res.body.items.map((s: { id: string }) => s.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      // The county admin of 430703 sees only its county, even when asking for the province.
      expect(pages).toEqual(all.body.items.map((s: { id: string }) => s.id));

      const open = await get('/stations?region=430703');
      expect(open.body.items.every((s: { status: string }) => s.status === 'open')).toBe(true);
      expect(open.body.items.find((s: { townshipCode: string }) => s.townshipCode === T2)).toMatchObject({
        openPoints: 1,
      });

      expect((await get('/stations?cursor=not-a-cursor')).body.code).toBe('COMMON.BAD_CURSOR');
    });
  });

  describe('points', () => {
    let stationId: string;

    beforeAll(async () => {
      const res = await get(`/stations?region=${T1}`);
      stationId = res.body.items[0].id;
    });

    it('opens a point covering villages of the township, announced with its villages', async () => {
      const res = await post(`/stations/${stationId}/points`, {
        name: '第一村社工点',
        address: '村委会',
        villageCodes: [v(T1, 2), v(T1, 1)],
        openedOn: '2023-04-01',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        stationId,
        townshipCode: T1,
        name: '第一村社工点',
        villages: [
          { code: v(T1, 1), name: '武陵镇第1村' },
          { code: v(T1, 2), name: '武陵镇第2村' },
        ],
        openedOn: '2023-04-01',
        closedOn: null,
        version: 1,
      });
      const [event] = await eventsFor(res.body.id);
      expect(event.subject).toBe('identity.point.opened.v1');
      expect(event.envelope.regioncode).toBe(T1);
      expect(event.envelope.data).toEqual({
        pointId: res.body.id,
        stationId,
        townshipCode: T1,
        villageCodes: [v(T1, 1), v(T1, 2)],
        openedOn: '2023-04-01',
        version: 1,
      });
    });

    it('refuses villages outside the township (other township, ended, unknown) naming them, 422', async () => {
      const before = await snapshot();
      const res = await post(`/stations/${stationId}/points`, {
        name: '点',
        villageCodes: [v(T1, 3), v(T2, 1), ENDED_VILLAGE, v(T1, 77)],
        openedOn: '2023-04-01',
      });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({
        code: 'IDENTITY.VILLAGE_OUTSIDE_TOWNSHIP',
        townshipCode: T1,
        villageCodes: [ENDED_VILLAGE, v(T1, 77), v(T2, 1)].sort(),
      });
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a village another open point covers, naming it and the point, 409', async () => {
      const before = await snapshot();
      const res = await post(`/stations/${stationId}/points`, {
        name: '点',
        villageCodes: [v(T1, 3), v(T1, 2)],
        openedOn: '2023-04-01',
      });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        code: 'IDENTITY.VILLAGE_ALREADY_COVERED',
        villageCodes: [v(T1, 2)],
        coveredBy: [{ villageCode: v(T1, 2), pointId: expect.any(String) }],
      });
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a point opening before its station (422 IDENTITY.OPENED_BEFORE_STATION)', async () => {
      const res = await post(`/stations/${stationId}/points`, {
        name: '点',
        villageCodes: [v(T1, 3)],
        openedOn: '2023-02-28',
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('IDENTITY.OPENED_BEFORE_STATION');
    });

    it('updates a point: villages with the same checks, version required and checked', async () => {
      const point = await openPoint(stationId, [v(T1, 3)], { name: '三村点' });
      const other = await openPoint(stationId, [v(T1, 4)], { name: '四村点' });

      const taken = await patch(`/points/${point.id}`, { version: 1, villageCodes: [v(T1, 3), v(T1, 4)] });
      expect(taken.status).toBe(409);
      expect(taken.body).toMatchObject({
        code: 'IDENTITY.VILLAGE_ALREADY_COVERED',
        coveredBy: [{ villageCode: v(T1, 4), pointId: other.id }],
      });
      const outside = await patch(`/points/${point.id}`, { version: 1, villageCodes: [v(T2, 2)] });
      expect(outside.status).toBe(422);
      expect(outside.body).toMatchObject({
        code: 'IDENTITY.VILLAGE_OUTSIDE_TOWNSHIP',
        villageCodes: [v(T2, 2)],
      });

      // Keeping its own village and adding a free one is fine.
      const ok = await patch(`/points/${point.id}`, {
        version: 1,
        name: '三五村点',
        villageCodes: [v(T1, 5), v(T1, 3)],
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({
        name: '三五村点',
        version: 2,
        villages: [{ code: v(T1, 3) }, { code: v(T1, 5) }],
      });
      const updated = (await eventsFor(point.id)).filter((e) => e.subject === 'identity.point.updated.v1');
      expect(updated.map((e) => e.envelope.data)).toEqual([
        {
          pointId: point.id,
          stationId,
          townshipCode: T1,
          villageCodes: [v(T1, 3), v(T1, 5)],
          openedOn: '2023-04-01',
          version: 2,
          changed: ['name', 'villageCodes'],
        },
      ]);

      const stale = await patch(`/points/${point.id}`, { version: 1, name: 'x' });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'IDENTITY.VERSION_CONFLICT', currentVersion: 2 });
      expect((await patch(`/points/${point.id}`, { name: 'x' })).status).toBe(400);
    });

    it('closes a point: its villages become free, reason kept in the audit trail', async () => {
      const point = await openPoint(stationId, [v(T1, 6)]);
      const early = await post(`/points/${point.id}/close`, { closedOn: '2023-03-31', reason: '合并' });
      expect(early.status).toBe(422);
      expect(early.body).toMatchObject({ code: 'IDENTITY.CLOSED_BEFORE_OPENED', openedOn: '2023-04-01' });

      const res = await post(`/points/${point.id}/close`, { closedOn: '2024-01-31', reason: '合并到邻村点' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: point.id, status: 'closed', closedOn: '2024-01-31', version: 2 });
      const closed = (await eventsFor(point.id)).find((e) => e.subject === 'identity.point.closed.v1');
      expect(closed?.envelope.data).toEqual({
        pointId: point.id,
        stationId,
        townshipCode: T1,
        villageCodes: [v(T1, 6)],
        openedOn: '2023-04-01',
        closedOn: '2024-01-31',
        version: 2,
      });
      const audit = await t.db.query(
        `SELECT action, target_type, details FROM audit_entry WHERE target_id = $1`,
        [point.id],
      );
      expect(audit.rows).toEqual([
        {
          action: 'point.closed',
          target_type: 'point',
          details: { stationId, closedOn: '2024-01-31', reason: '合并到邻村点' },
        },
      ]);

      expect(
        (await post(`/points/${point.id}/close`, { closedOn: '2024-02-01', reason: 'x' })).body.code,
      ).toBe('IDENTITY.POINT_CLOSED');
      expect((await patch(`/points/${point.id}`, { version: 2, name: 'x' })).body.code).toBe(
        'IDENTITY.POINT_CLOSED',
      );
      // The village is free again.
      await openPoint(stationId, [v(T1, 6)], { openedOn: '2024-02-01' });
    });

    it('a point nobody has is 404', async () => {
      const res = await patch(`/points/${uuidv7()}`, { version: 1, name: 'x' });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('COMMON.NOT_FOUND');
    });
  });

  describe('closing a station', () => {
    it('closes its open points too, in one transaction with all events and the audit record', async () => {
      const res0 = await get(`/stations?region=${T1}`);
      const station = res0.body.items[0];
      const detail = await get(`/stations/${station.id}`);
      const openPointIds = detail.body.points.map((p: { id: string }) => p.id).sort();
      expect(openPointIds.length).toBeGreaterThanOrEqual(2);

      const before = await snapshot();
      const early = await closeStation(station.id, '2023-03-31'); // after the station, before its points
      expect(early.status).toBe(422);
      expect(early.body).toMatchObject({ code: 'IDENTITY.CLOSED_BEFORE_OPENED', openedOn: '2024-02-01' });
      const stale = await post(`/stations/${station.id}/close`, {
        closedOn: '2024-06-30',
        reason: 'x',
        version: 99,
      });
      expect(stale.body.code).toBe('IDENTITY.VERSION_CONFLICT');
      expect(await snapshot()).toEqual(before);

      const res = await closeStation(station.id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: station.id,
        status: 'closed',
        closedOn: '2024-06-30',
        version: 2,
      });
      expect([...res.body.closedPointIds].sort()).toEqual(openPointIds);
      expect(await count('point WHERE station_id = $1 AND closed_on IS NULL', [station.id])).toBe(0);

      const stationEvents = await eventsFor(station.id);
      expect(stationEvents.map((e) => e.subject)).toEqual([
        'identity.station.opened.v1',
        'identity.station.closed.v1',
      ]);
      expect(stationEvents[1].envelope.data).toMatchObject({
        stationId: station.id,
        townshipCode: T1,
        openedOn: '2023-03-01',
        closedOn: '2024-06-30',
        version: 2,
      });
      for (const id of openPointIds) {
        const closed = (await eventsFor(id)).filter((e) => e.subject === 'identity.point.closed.v1');
        expect(closed.map((e) => e.envelope.data.closedOn)).toEqual(['2024-06-30']);
      }
      const audit = await t.db.query(
        `SELECT details FROM audit_entry WHERE action = 'station.closed' AND target_id = $1`,
        [station.id],
      );
      expect(audit.rows[0].details).toMatchObject({ reason: '机构调整', closedOn: '2024-06-30' });

      expect((await closeStation(station.id)).body.code).toBe('IDENTITY.STATION_CLOSED');
      expect((await patch(`/stations/${station.id}`, { version: 2, name: 'x' })).body.code).toBe(
        'IDENTITY.STATION_CLOSED',
      );
      const pointUnderClosed = await post(`/stations/${station.id}/points`, {
        name: '点',
        villageCodes: [v(T1, 1)],
        openedOn: '2024-07-01',
      });
      expect(pointUnderClosed.status).toBe(409);
      expect(pointUnderClosed.body.code).toBe('IDENTITY.STATION_CLOSED');

      // The closed station is read with no open points, listed as closed, and the township may reopen.
      expect((await get(`/stations/${station.id}`)).body).toMatchObject({ status: 'closed', points: [] });
      const closedList = await get(`/stations?region=${T1}&status=closed`);
      expect(closedList.body.items.map((s: { id: string }) => s.id)).toEqual([station.id]);
      const reopened = await openStation(T1, { openedOn: '2024-07-01' });
      expect(reopened.id).not.toBe(station.id);
      await openPoint(reopened.id, [v(T1, 1), v(T1, 2)], { openedOn: '2024-07-01' });
    });
  });

  describe('concurrency', () => {
    const PARALLEL = 6;

    it('of parallel requests opening a station for the same township, exactly one succeeds', async () => {
      await t.db.query(
        `INSERT INTO region (code, name, level, parent_code, valid_from) VALUES ($1, '并发镇', 'township', '430703', '2023-01-01')`,
        ['430703150'],
      );
      const results = await Promise.all(
        Array.from({ length: PARALLEL }, (_, i) =>
          post('/stations', { townshipCode: '430703150', name: `并发站${i}`, openedOn: '2023-03-01' }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(PARALLEL - 1).fill(409)]);
      expect(
        results.filter((r) => r.status === 409).every((r) => r.body.code === 'IDENTITY.STATION_EXISTS'),
      ).toBe(true);
      expect(await count(`station WHERE township_code = '430703150' AND closed_on IS NULL`)).toBe(1);
      expect(await count(`outbox_event WHERE envelope->'data'->>'townshipCode' = '430703150'`)).toBe(1);
    });

    it('of parallel requests covering the same village (new points and a moved one), exactly one succeeds', async () => {
      const township = '430703160';
      await insertRegions(t.db, [
        [township, '并发村镇'],
        [v(township, 1), '甲村'],
        [v(township, 2), '乙村'],
        [v(township, 3), '丙村'],
      ]);
      const station = await openStation(township);
      const mover = await openPoint(station.id, [v(township, 3)]);
      const results = await Promise.all([
        ...Array.from({ length: PARALLEL - 1 }, (_, i) =>
          post(`/stations/${station.id}/points`, {
            name: `点${i}`,
            villageCodes: [v(township, 1 + (i % 2)), v(township, 1)].filter((c, j, a) => a.indexOf(c) === j),
            openedOn: '2023-04-01',
          }),
        ),
        patch(`/points/${mover.id}`, { version: 1, villageCodes: [v(township, 3), v(township, 1)] }),
      ]);
      const ok = results.filter((r) => r.status === 200 || r.status === 201);
      expect(ok.map((r) => r.status)).toHaveLength(1);
      expect(
        results
          .filter((r) => r.status === 409)
          .every((r) => r.body.code === 'IDENTITY.VILLAGE_ALREADY_COVERED'),
      ).toBe(true);
      const owners = await t.db.query(
        `SELECT pv.village_code, count(*)::int AS n FROM point_village pv JOIN point p ON p.id = pv.point_id
         WHERE p.closed_on IS NULL AND pv.village_code LIKE $1 GROUP BY 1`,
        [`${township}%`],
      );
      expect(owners.rows.every((r: { n: number }) => r.n === 1)).toBe(true);
    });
  });

  describe('bad input: 4xx with a stable code, nothing written', () => {
    let stationId: string;
    let pointId: string;

    beforeAll(async () => {
      const res = await get(`/stations?region=${T2}`);
      stationId = res.body.items[0].id;
      pointId = (await get(`/stations/${stationId}`)).body.points[0].id;
    });

    const raw = (method: 'post' | 'patch', path: string, body: string) =>
      (method === 'post' ? http().post(`${base}${path}`) : http().patch(`${base}${path}`))
        .set('authorization', `Bearer ${admin}`)
        .set('content-type', 'application/json')
        .send(body);

    const station = (over: object) => ({
      townshipCode: T3,
      name: '站',
      openedOn: '2023-03-01',
      ...over,
    });
    const point = (over: object) => ({
      name: '点',
      villageCodes: [v(T2, 1)],
      openedOn: '2023-04-01',
      ...over,
    });
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

    const cases: Array<[string, () => request.Test, number, string]> = [
      [
        'malformed JSON',
        () => raw('post', '/stations', '{"townshipCode": "430703103",'),
        400,
        'COMMON.MALFORMED_JSON',
      ],
      [
        'malformed JSON on PATCH',
        () => raw('patch', `/stations/${stationId}`, '{version:1}'),
        400,
        'COMMON.MALFORMED_JSON',
      ],
      [
        'an oversized body',
        () => raw('post', '/stations', JSON.stringify(station({ name: 'x'.repeat(300 * 1024) }))),
        413,
        'COMMON.PAYLOAD_TOO_LARGE',
      ],
      [
        'an unknown field',
        () => post('/stations', station({ stationType: 'A' })),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'an 8-digit township',
        () => post('/stations', station({ townshipCode: '43070310' })),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'a 12-digit township',
        () => post('/stations', station({ townshipCode: v(T2, 1) })),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'a county padded to 9 digits',
        () => post('/stations', station({ townshipCode: '430703000' })),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'a township given as a number',
        () => post('/stations', station({ townshipCode: 430703103 })),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        '30 February',
        () => post('/stations', station({ openedOn: '2023-02-30' })),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        '29 February of a common year',
        () => post('/stations', station({ openedOn: '2023-02-29' })),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'a date with a time',
        () => post('/stations', station({ openedOn: '2023-03-01T00:00:00Z' })),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'a future opening',
        () => post('/stations', station({ openedOn: tomorrow })),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'a phone with letters',
        () => post('/stations', station({ contactPhone: '0736-CALLME' })),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'a phone too short',
        () => post('/stations', station({ contactPhone: '12345' })),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      ['an empty name', () => post('/stations', station({ name: '   ' })), 400, 'COMMON.VALIDATION_FAILED'],
      ['a body that is an array', () => raw('post', '/stations', '[]'), 400, 'COMMON.VALIDATION_FAILED'],
      ['a station id that is no uuid', () => get('/stations/123'), 400, 'COMMON.VALIDATION_FAILED'],
      ['an unknown status', () => get('/stations?status=paused'), 400, 'COMMON.VALIDATION_FAILED'],
      ['an unknown query parameter', () => get('/stations?town=1'), 400, 'COMMON.VALIDATION_FAILED'],
      [
        'a 9-digit village',
        () => post(`/stations/${stationId}/points`, point({ villageCodes: [T2] })),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'no villages',
        () => post(`/stations/${stationId}/points`, point({ villageCodes: [] })),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        '51 villages',
        () =>
          post(
            `/stations/${stationId}/points`,
            point({ villageCodes: Array.from({ length: 51 }, (_, i) => v(T2, i + 1)) }),
          ),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'a repeated village',
        () => post(`/stations/${stationId}/points`, point({ villageCodes: [v(T2, 1), v(T2, 1)] })),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'an unknown point field',
        () => post(`/stations/${stationId}/points`, point({ households: 3 })),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'a PATCH with only a version',
        () => patch(`/stations/${stationId}`, { version: 1 }),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'a PATCH of the township',
        () => patch(`/stations/${stationId}`, { version: 1, townshipCode: T1 }),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'a version as a string',
        () => patch(`/stations/${stationId}`, { version: '1', name: 'x' }),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'a point PATCH with 11-digit villages',
        () => patch(`/points/${pointId}`, { version: 1, villageCodes: ['43070310100'] }),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'closing without a reason',
        () => post(`/stations/${stationId}/close`, { closedOn: '2024-01-01' }),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'closing on 31 April',
        () => post(`/stations/${stationId}/close`, { closedOn: '2024-04-31', reason: 'x' }),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'closing in the future',
        () => post(`/points/${pointId}/close`, { closedOn: tomorrow, reason: 'x' }),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'closing a station before it opened',
        () => post(`/stations/${stationId}/close`, { closedOn: '2023-02-28', reason: 'x' }),
        422,
        'IDENTITY.CLOSED_BEFORE_OPENED',
      ],
      [
        'closing a point before it opened',
        () => post(`/points/${pointId}/close`, { closedOn: '2023-03-31', reason: 'x' }),
        422,
        'IDENTITY.CLOSED_BEFORE_OPENED',
      ],
      [
        'a 1900 opening',
        () => post('/stations', station({ openedOn: '1900-01-01' })),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
    ];

    it.each(cases)('%s', async (_, send, status, code) => {
      const before = await snapshot();
      const res = await send();
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await snapshot()).toEqual(before);
    });

    it('names the offending fields', async () => {
      const res = await post(
        '/stations',
        station({ townshipCode: '43070310', extra: 1, openedOn: '2023-02-30' }),
      );
      const paths = [...new Set(res.body.errors.map((e: { path: string }) => e.path))].sort();
      expect(paths).toEqual(['body', 'body.openedOn', 'body.townshipCode']);
    });

    it('a reader without stations.manage is 403 COMMON.FORBIDDEN, nothing written', async () => {
      const before = await snapshot();
      const res = await post('/stations', station({}), reader);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('COMMON.FORBIDDEN');
      expect(await snapshot()).toEqual(before);
    });
  });
});
