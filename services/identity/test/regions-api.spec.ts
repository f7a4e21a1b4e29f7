import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type request from 'supertest';
import { ImportRegions } from '../src/regions/import/import-regions.use-case';
import { readRegionFile } from '../src/regions/import/region-source';
import { RegionDirectory } from '../src/regions/region-directory';
import { eventually } from './support/events';
import { API, useIdentityApp } from './support/identity-spec';

// The regions API of an identity API process built in-process (its own schema, NATS and Redis
// prefixes), over two imported years of a made-up slice of Hunan.

const Y2019 = [
  '43,湖南省',
  '4307,常德市',
  '430703,鼎城区',
  '430703100,灌溪镇',
  '430703101,石门桥镇',
  '430703102,周家店镇',
  '430703100001,灌溪村',
  '430703100002,岗市村',
  '430703100003,灌溪社区居委会',
  '430703101001,石门桥村',
  '430703102001,周家店村',
];
// 2023: 石门桥镇 becomes a street, 周家店镇 is merged away, a new town appears.
const Y2023 = [
  ...Y2019.filter((l) => !l.startsWith('430703102') && !l.startsWith('430703101,')),
  '430703101,石门桥街道',
  '430703103,新设镇',
];

describe('regions API', () => {
  const t = useIdentityApp();
  let dir: string;
  let token: string;

  const get = (path: string, auth = true) => (auth ? t.get(token, path) : t.http().get(`${API}${path}`));

  beforeAll(async () => {
    // Any valid token reads regions, whatever its scope.
    token = await t.as('point_worker', '440103001001', 'u-regions');
    dir = mkdtempSync(join(tmpdir(), 'regions-api-'));
    const importer = t.app.get(ImportRegions);
    for (const [year, lines] of [
      ['2019', Y2019],
      ['2023', Y2023],
    ] as const) {
      const path = join(dir, `${year}.csv`);
      writeFileSync(path, ['code,name', ...lines].join('\n'));
      await importer.execute(await readRegionFile(path), { effectiveDate: `${year}-01-01` });
    }
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('needs a valid token', async () => {
    const res = await get('/regions/43', false);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('COMMON.UNAUTHENTICATED');
  });

  describe('GET /regions/:code', () => {
    it('gives the region with its ancestors and child count', async () => {
      const res = await get('/regions/430703101');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        code: '430703101',
        name: '石门桥街道',
        level: 'township',
        parentCode: '430703',
        validFrom: '2019-01-01',
        validTo: null,
        ancestors: [
          { code: '43', name: '湖南省', level: 'province' },
          { code: '4307', name: '常德市', level: 'city' },
          { code: '430703', name: '鼎城区', level: 'county' },
        ],
        childCount: 1,
      });
      expect((await get('/regions/43')).body).toMatchObject({
        parentCode: null,
        ancestors: [],
        childCount: 1,
      });
      expect((await get('/regions/430703')).body.childCount).toBe(3);
    });

    it('answers as of a date from the history', async () => {
      const then = await get('/regions/430703101?on=2020-06-01');
      expect(then.status).toBe(200);
      expect(then.body).toMatchObject({
        name: '石门桥镇',
        on: '2020-06-01',
        validFrom: '2019-01-01',
        validTo: '2023-01-01',
        ancestors: [{ code: '43' }, { code: '4307' }, { code: '430703' }],
      });
      expect((await get('/regions/430703?on=2020-06-01')).body.childCount).toBe(3);
      expect((await get('/regions/430703101?on=2023-01-01')).body.name).toBe('石门桥街道');
    });

    it('shows an ended region with its end date, and not as of a date after it', async () => {
      expect((await get('/regions/430703102')).body).toMatchObject({
        name: '周家店镇',
        validFrom: '2019-01-01',
        validTo: '2023-01-01',
        childCount: 0,
      });
      expect((await get('/regions/430703102?on=2022-12-31')).body.childCount).toBe(1);
      const after = await get('/regions/430703102?on=2023-01-01');
      expect(after.status).toBe(404);
      expect(after.body).toMatchObject({ code: 'IDENTITY.REGION_NOT_FOUND', on: '2023-01-01' });
      expect((await get('/regions/430703103?on=2020-01-01')).status).toBe(404);
    });

    it('404 for an unknown code, 400 for a malformed one or a bad date', async () => {
      const unknown = await get('/regions/430703999');
      expect(unknown.status).toBe(404);
      expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(unknown.body).toMatchObject({
        code: 'IDENTITY.REGION_NOT_FOUND',
        status: 404,
        titleZh: '区划代码不存在',
      });
      for (const path of [
        '/regions/43070',
        '/regions/abc',
        '/regions/4307031010011',
        '/regions/43?on=2023-02-30',
        '/regions/43?on=yesterday',
        '/regions/43?x=1',
      ]) {
        const res = await get(path);
        expect({ path, status: res.status, code: res.body.code }).toEqual({
          path,
          status: 400,
          code: 'COMMON.VALIDATION_FAILED',
        });
      }
    });
  });

  describe('GET /regions/:code/children', () => {
    it('lists current children by code, cursor-paged', async () => {
      const all = await get('/regions/430703/children');
      expect(all.status).toBe(200);
      expect(all.body.items.map((r: { code: string }) => r.code)).toEqual([
        '430703100',
        '430703101',
        '430703103',
      ]);
      expect(all.body.nextCursor).toBeNull();

      const first = await get('/regions/430703100/children?limit=2');
      expect(first.body.items.map((r: { name: string }) => r.name)).toEqual(['灌溪村', '岗市村']);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await get(`/regions/430703100/children?limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body).toEqual({
        items: [expect.objectContaining({ code: '430703100003', level: 'village', parentCode: '430703100' })],
        nextCursor: null,
      });
    });

    it('includes ended children when asked', async () => {
      const res = await get('/regions/430703/children?includeEnded=true');
      expect(res.body.items).toHaveLength(4);
      expect(res.body.items[2]).toMatchObject({ code: '430703102', validTo: '2023-01-01' });
    });

    it('404 for an unknown parent, 400 for a bad cursor or flag', async () => {
      expect((await get('/regions/430703999/children')).body.code).toBe('IDENTITY.REGION_NOT_FOUND');
      expect((await get('/regions/430703/children?cursor=xyz')).body.code).toBe('COMMON.BAD_CURSOR');
      expect((await get('/regions/430703/children?includeEnded=yes')).status).toBe(400);
    });
  });

  describe('GET /regions', () => {
    const codes = (res: request.Response) => res.body.items.map((r: { code: string }) => r.code);

    it('finds by name fragment, current ones unless asked', async () => {
      expect(codes(await get(`/regions?q=${encodeURIComponent('镇')}`))).toEqual(['430703100', '430703103']);
      expect(codes(await get(`/regions?q=${encodeURIComponent('镇')}&includeEnded=true`))).toEqual([
        '430703100',
        '430703102',
        '430703103',
      ]);
      expect(codes(await get(`/regions?q=${encodeURIComponent('灌溪')}&level=village`))).toEqual([
        '430703100001',
        '430703100003',
      ]);
    });

    it('finds by code prefix and level, cursor-paged', async () => {
      expect(codes(await get('/regions?q=4307031&level=township'))).toEqual([
        '430703100',
        '430703101',
        '430703103',
      ]);
      const first = await get('/regions?level=province&limit=1');
      expect(codes(first)).toEqual(['43']);
      expect(first.body.nextCursor).toBeNull();
      const page = await get('/regions?q=430703100&limit=2');
      expect(codes(page)).toEqual(['430703100', '430703100001']);
      expect(codes(await get(`/regions?q=430703100&limit=2&cursor=${page.body.nextCursor}`))).toEqual([
        '430703100002',
        '430703100003',
      ]);
    });

    it('takes wildcards literally and refuses fragments too short to mean anything', async () => {
      expect(codes(await get(`/regions?q=${encodeURIComponent('%镇')}`))).toEqual([]);
      expect(codes(await get('/regions?q=ab'))).toEqual([]);
      for (const q of ['a', '%', '_', ' ', '1a']) {
        expect((await get(`/regions?q=${encodeURIComponent(q)}`)).status).toBe(400);
      }
      expect((await get('/regions?limit=201')).status).toBe(400);
      expect((await get('/regions?level=town')).status).toBe(400);
    });
  });

  it('the relay has published both imports’ events', async () => {
    // The relay polls on its own schedule: wait for it rather than for a fixed time.
    const unsent = await eventually(async () => {
      const [row] = await t.rows<{ unsent: number; total: number }>(
        `SELECT count(*) FILTER (WHERE sent_at IS NULL)::int AS unsent, count(*)::int AS total
           FROM outbox_event WHERE subject = 'identity.regions.imported.v1'`,
      );
      expect(row.total).toBe(2);
      return row.unsent === 0 ? row.unsent : undefined;
    });
    expect(unsent).toBe(0);
  });

  it('the RegionDirectory answers the other identity modules', async () => {
    const directory = t.app.get(RegionDirectory);
    expect(await directory.get('430703101')).toMatchObject({ name: '石门桥街道', validTo: null });
    expect(await directory.get('999999')).toBeNull();
    expect(await directory.get('bogus')).toBeNull();
    expect(await directory.isCurrent('430703101')).toBe(true);
    expect(await directory.isCurrent('430703102')).toBe(false);
    expect(await directory.isCurrent('430703999')).toBe(false);
    expect((await directory.villagesOfTownship('430703100')).map((v) => v.code)).toEqual([
      '430703100001',
      '430703100002',
      '430703100003',
    ]);
    expect(await directory.villagesOfTownship('430703102')).toEqual([]); // its village ended with it
    expect(await directory.villagesOfTownship('430703')).toEqual([]);
    expect(directory.levelOf('430703100')).toBe('township');
    expect(directory.levelOf('441900')).toBe('county');
    expect(directory.levelOf('4307031')).toBeUndefined();
  });
});
