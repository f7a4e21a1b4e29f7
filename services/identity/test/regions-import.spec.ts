import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { regionsImportedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { DomainError } from '@wushe/platform';
import { createTestDatabase, newRunId, TestDatabase } from '@wushe/testing';
import { ImportRegions } from '../src/regions/import/import-regions.use-case';
import { RegionImportRepository } from '../src/regions/import/region-import.repository';
import { readRegionFile } from '../src/regions/import/region-source';
import { RegionRepository } from '../src/regions/region.repository';

// Import semantics against a real PostgreSQL schema of this run, with small province files written
// to a temp dir: a made-up slice of Hunan (43) over three years.

const ROOT = join(__dirname, '..', '..', '..');
const HEADER = 'code,name';

const Y2019 = [
  '43,湖南省',
  '4307,常德市',
  '430703,鼎城区',
  '430703100,灌溪镇',
  '430703101,石门桥镇',
  '430703102,周家店镇',
  '430703100001,灌溪村',
  '430703100002,岗市村',
  '430703101001,石门桥村',
  '430703102001,周家店村',
  // A city without counties: its township hangs under the city while the file has no 430900 row.
  '4309,益阳市',
  '430900001,会龙山街道',
];
// 2023: a town becomes a street (renamed), 周家店镇 is merged away (ended with its village), a new
// town with a village appears (added), and the county-level row 430900 is introduced, so
// 430900001 moves under it.
const Y2023 = [
  ...Y2019.filter((l) => !l.startsWith('430703102') && !l.startsWith('430703101,')),
  '430703101,石门桥街道',
  '430703103,新设镇',
  '430703103001,新设村',
  '430900,益阳市辖区',
];
// 2024: 周家店镇 comes back (reopened, with its village).
const Y2024 = [...Y2023, '430703102,周家店镇', '430703102001,周家店村'];

describe('region import', () => {
  let db: TestDatabase;
  let dir: string;
  let importer: ImportRegions;
  let regions: RegionRepository;

  const file = (name: string, lines: string[], header = HEADER) => {
    const path = join(dir, name);
    writeFileSync(path, [header, ...lines].join('\n') + '\n');
    return path;
  };
  const importFile = async (lines: string[], effectiveDate: string, name = `f-${effectiveDate}.csv`) =>
    importer.execute(await readRegionFile(file(name, lines)), { effectiveDate });
  const count = async (table: string) =>
    (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  const snapshot = async () => ({
    region: await count('region'),
    versions: await count('region_version'),
    imports: await count('region_import'),
    outbox: await count('outbox_event'),
  });
  const versionsOf = async (code: string) =>
    (
      await db.pool.query(
        `SELECT name, parent_code AS "parentCode", to_char(valid_from, 'YYYY-MM-DD') AS "from",
                to_char(valid_to, 'YYYY-MM-DD') AS "to"
           FROM region_version WHERE code = $1 ORDER BY valid_from, valid_to NULLS LAST`,
        [code],
      )
    ).rows;
  const rejection = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError & { details: { problems: Array<{ at: string; message: string }> } };
  };

  beforeAll(async () => {
    db = await createTestDatabase('identity', newRunId());
    dir = mkdtempSync(join(tmpdir(), 'regions-import-'));
    importer = new ImportRegions(new RegionImportRepository(db.pool), new OutboxWriter());
    regions = new RegionRepository(db.pool);
  });

  afterAll(async () => {
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('bad files are rejected, naming the line, before anything is written', () => {
    it.each<[string, string[], string, RegExp, string]>([
      ['wrong header', ['43,湖南省'], 'bad.csv:1', /header must be "code,name"/, 'id,name'],
      [
        'a non-numeric code',
        ['43,湖南省', '4307,常德市', '43070A,鼎城区'],
        'bad.csv:4',
        /"43070A" is not numeric/,
        HEADER,
      ],
      ['a code of the wrong length', ['43,湖南省', '43071,常德市'], 'bad.csv:3', /5 digits/, HEADER],
      [
        'a code whose parent is missing',
        ['43,湖南省', '4307,常德市', '430703,鼎城区', '430703199001,孤村'],
        'bad.csv:5',
        /parent 430703199 of 430703199001 is not in the file/,
        HEADER,
      ],
      [
        'a duplicate code',
        ['43,湖南省', '4307,常德市', '4307,常德'],
        'bad.csv:4',
        /duplicate code 4307 \(first at bad.csv:3\)/,
        HEADER,
      ],
      ['a second province', ['43,湖南省', '44,广东省'], 'bad.csv:3', /outside province 43/, HEADER],
      ['an empty name', ['43,湖南省', '4307,""'], 'bad.csv:3', /has no name/, HEADER],
      ['a broken quote', ['43,"湖南省'], 'bad.csv:2', /quoted field is not closed/, HEADER],
      ['too few fields', ['43,湖南省,43'], 'bad.csv:2', /expected 2 fields/, HEADER],
      [
        'a parent column that contradicts the code',
        ['43,湖南省,', '4307,常德市,44'],
        'bad.csv:3',
        /provinceCode 44 does not match code 4307/,
        'code,name,provinceCode',
      ],
      ['no rows at all', [], 'file:', /no divisions/, HEADER],
    ])('%s', async (_name, lines, at, message, header) => {
      // (every row gives all five values: Jest reads a longer parameter list as a done callback)
      const before = await snapshot();
      const error = await rejection(
        (async () => importer.execute(await readRegionFile(file('bad.csv', lines, header))))(),
      );
      expect(error.code).toBe('IDENTITY.REGION_FILE_INVALID');
      expect(error.details.problems).toEqual(
        expect.arrayContaining([
          { at: expect.stringContaining(at), message: expect.stringMatching(message) },
        ]),
      );
      expect(await snapshot()).toEqual(before);
    });

    it('lists every problem of a file, not just the first', async () => {
      const error = await rejection(
        readRegionFile(file('bad.csv', ['43,湖南省', 'x,一', '4307,常德市', '4307,常德', '43079,二'])),
      );
      expect(error.details.problems.map((p) => p.at)).toEqual(['bad.csv:3', 'bad.csv:5', 'bad.csv:6']);
    });

    it('a file without its province row needs the province in the database', async () => {
      const before = await snapshot();
      const error = await rejection(importFile(['4307,常德市'], '2018-01-01', 'no-province.csv'));
      expect(error.details.problems).toEqual([
        {
          at: 'no-province.csv:2',
          message: expect.stringMatching(/parent 43 of 4307 is neither in the file/),
        },
      ]);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('three years of one province', () => {
    it('a first import adds every unit, with one version each, and announces it', async () => {
      const result = await importFile(Y2019, '2019-01-01');
      expect(result.counts).toEqual({
        read: 12,
        added: 12,
        renamed: 0,
        moved: 0,
        ended: 0,
        reopened: 0,
        unchanged: 0,
      });
      expect(result.changed).toBe(true);
      expect(await snapshot()).toEqual({ region: 12, versions: 12, imports: 1, outbox: 1 });
      expect(await regions.find('430900001')).toMatchObject({
        level: 'township',
        parentCode: '4309',
        validFrom: '2019-01-01',
        validTo: null,
      });
      const { rows } = await db.pool.query(`SELECT subject, envelope FROM outbox_event`);
      expect(rows[0].subject).toBe(regionsImportedV1.subject);
      expect(rows[0].envelope).toMatchObject({
        type: 'wushe.identity.regions.imported.v1',
        subject: result.importId,
        regioncode: '43',
        data: { importId: result.importId, scope: '43', effectiveDate: '2019-01-01', counts: result.counts },
      });
      const record = await db.pool.query(`SELECT * FROM region_import WHERE id = $1`, [result.importId]);
      expect(record.rows[0]).toMatchObject({ scope: '43', read: 12, added: 12, unchanged: 0 });
      expect(record.rows[0].finished_at).toBeInstanceOf(Date);
    });

    it('re-importing the same file changes nothing', async () => {
      const before = await snapshot();
      const result = await importFile(Y2019, '2019-01-01');
      expect(result.counts).toEqual({
        read: 12,
        added: 0,
        renamed: 0,
        moved: 0,
        ended: 0,
        reopened: 0,
        unchanged: 12,
      });
      expect(result.changed).toBe(false);
      // Only the run itself is recorded: no versions, no event.
      expect(await snapshot()).toEqual({ ...before, imports: before.imports + 1 });
    });

    it('the next year renames, moves, ends and adds, keeping the history', async () => {
      const result = await importFile(Y2023, '2023-01-01');
      expect(result.counts).toEqual({
        read: 13,
        added: 3,
        renamed: 1,
        moved: 1,
        ended: 2,
        reopened: 0,
        unchanged: 8,
      });
      expect(await versionsOf('430703101')).toEqual([
        { name: '石门桥镇', parentCode: '430703', from: '2019-01-01', to: '2023-01-01' },
        { name: '石门桥街道', parentCode: '430703', from: '2023-01-01', to: null },
      ]);
      expect(await regions.find('430703101')).toMatchObject({ name: '石门桥街道', validFrom: '2019-01-01' });
      expect(await versionsOf('430900001')).toEqual([
        { name: '会龙山街道', parentCode: '4309', from: '2019-01-01', to: '2023-01-01' },
        { name: '会龙山街道', parentCode: '430900', from: '2023-01-01', to: null },
      ]);
      for (const code of ['430703102', '430703102001']) {
        expect(await regions.find(code)).toMatchObject({ validFrom: '2019-01-01', validTo: '2023-01-01' });
        expect(await versionsOf(code)).toEqual([expect.objectContaining({ to: '2023-01-01' })]);
      }
      expect(await regions.find('430703103001')).toMatchObject({ parentCode: '430703103', validTo: null });
      expect(await count('outbox_event')).toBe(2);
    });

    it('answers as of a date from the versions', async () => {
      expect(await regions.findOn('430703101', '2022-12-31')).toMatchObject({ name: '石门桥镇' });
      expect(await regions.findOn('430703101', '2023-01-01')).toMatchObject({ name: '石门桥街道' });
      expect(await regions.findOn('430703102', '2022-06-01')).toMatchObject({ name: '周家店镇' });
      expect(await regions.findOn('430703102', '2023-06-01')).toBeNull();
      expect(await regions.findOn('43', '2018-12-31')).toBeNull();
      expect(await regions.lineage('430900', '2023-06-01')).toEqual([
        { code: '43', name: '湖南省' },
        { code: '4309', name: '益阳市' },
        { code: '430900', name: '益阳市辖区' },
      ]);
      expect(await regions.childCount('430703', '2020-01-01')).toBe(3);
      expect(await regions.childCount('430703', '2023-01-01')).toBe(3);
      expect(await regions.childCount('4309', '2020-01-01')).toBe(1);
      expect(await regions.childCount('4309', '2023-01-01')).toBe(1); // 430900, not 430900001
      expect(await regions.childCount('430703')).toBe(3);
    });

    it('an earlier effective date than the last import is refused', async () => {
      const before = await snapshot();
      const error = await rejection(importFile(Y2024, '2022-01-01'));
      expect(error.code).toBe('IDENTITY.REGION_IMPORT_OUT_OF_ORDER');
      expect(error.details).toMatchObject({ lastEffectiveDate: '2023-01-01' });
      expect(await snapshot()).toEqual(before);
    });

    it('a code that comes back is reopened from the new date, its history kept', async () => {
      const result = await importFile(Y2024, '2024-01-01');
      expect(result.counts).toEqual({
        read: 15,
        added: 0,
        renamed: 0,
        moved: 0,
        ended: 0,
        reopened: 2,
        unchanged: 13,
      });
      expect(await regions.find('430703102')).toMatchObject({ validFrom: '2024-01-01', validTo: null });
      expect(await versionsOf('430703102')).toEqual([
        { name: '周家店镇', parentCode: '430703', from: '2019-01-01', to: '2023-01-01' },
        { name: '周家店镇', parentCode: '430703', from: '2024-01-01', to: null },
      ]);
      expect(await regions.findOn('430703102', '2023-06-01')).toBeNull();
      expect(await regions.findOn('430703102', '2024-06-01')).toMatchObject({ validFrom: '2024-01-01' });
    });

    it('the same file again (same date or later) changes nothing', async () => {
      for (const date of ['2024-01-01', '2024-07-01']) {
        const before = await snapshot();
        const result = await importFile(Y2024, date);
        expect(result.counts).toMatchObject({ read: 15, unchanged: 15, added: 0, ended: 0, reopened: 0 });
        expect(await snapshot()).toEqual({ ...before, imports: before.imports + 1 });
      }
    });

    it('a file may leave out its province row when the database has it', async () => {
      const result = await importFile(
        Y2024.filter((l) => !l.startsWith('43,')),
        '2024-07-01',
      );
      expect(result.counts).toMatchObject({ read: 14, unchanged: 14, ended: 0 });
      expect(await regions.find('43')).toMatchObject({ validTo: null });
    });

    it('accepts a BOM, CRLF line ends, quoted names and the package’s parent columns', async () => {
      const lines = Y2024.map((l) => {
        const [code, name] = l.split(',');
        const parents = [2, 4, 6, 9].map((n) => (code.length > n ? code.slice(0, n) : ''));
        return `${code},"${name}",${parents.join(',')}`;
      });
      const path = join(dir, 'bom.csv');
      writeFileSync(
        path,
        `\uFEFFcode,name,provinceCode,cityCode,areaCode,streetCode\r\n${lines.join('\r\n')}\r\n`,
      );
      const result = await importer.execute(await readRegionFile(path), { effectiveDate: '2024-07-01' });
      expect(result.counts).toMatchObject({ read: 15, unchanged: 15 });
    });

    it('a failure while applying leaves nothing behind', async () => {
      const before = await snapshot();
      const failingOutbox = new OutboxWriter();
      failingOutbox.publish = () => Promise.reject(new Error('outbox down'));
      const failing = new ImportRegions(new RegionImportRepository(db.pool), failingOutbox);
      const changed = [...Y2024.filter((l) => !l.startsWith('430703100002')), '430703100,灌溪街道'];
      const set = await readRegionFile(
        file(
          'change.csv',
          changed.filter((l) => l !== '430703100,灌溪镇'),
        ),
      );
      await expect(failing.execute(set, { effectiveDate: '2025-01-01' })).rejects.toThrow('outbox down');
      expect(await snapshot()).toEqual(before);
      expect(await regions.find('430703100')).toMatchObject({ name: '灌溪镇' });
      expect(await regions.find('430703100002')).toMatchObject({ validTo: null });
    });
  });

  describe('the command', () => {
    const cli = (args: string[]) =>
      spawnSync(
        process.execPath,
        [
          '-r',
          join(ROOT, 'tools/runtime/ts-register.js'),
          join(ROOT, 'services/identity/src/regions/import/regions-import.cli.ts'),
          ...args,
        ],
        {
          cwd: ROOT,
          encoding: 'utf8',
          env: {
            PATH: process.env.PATH,
            DATABASE_URL: db.url,
            DATABASE_SCHEMA: db.schema,
            LOG_LEVEL: 'silent',
          },
          timeout: 60_000,
        },
      );

    it('exits 2 on bad arguments', () => {
      for (const args of [
        [],
        ['--province', '4'],
        ['--province', '99'],
        ['--effective', '2024-02-30', '--province', '43'],
        ['--file', join(dir, 'missing.csv')],
        ['--bogus'],
      ]) {
        const run = cli(args);
        expect({ args, status: run.status }).toEqual({ args, status: 2 });
        expect(run.stderr).toMatch(/usage: npm run regions:import/);
      }
    });

    it('exits 1 on a bad file and names the line; 0 with the counts on a good one', async () => {
      const bad = cli(['--file', file('cli-bad.csv', ['43,湖南省', '4307X,常德市'])]);
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/cli-bad\.csv:3: code "4307X" is not numeric/);

      const good = cli(['--file', file('cli-good.csv', Y2024), '--effective', '2024-08-01']);
      expect(good.stderr).toBe('');
      expect(good.status).toBe(0);
      expect(good.stdout).toMatch(/province 43 .*effective 2024-08-01/);
      expect(good.stdout).toMatch(
        /read 15 {2}added 0 {2}renamed 0 {2}moved 0 {2}ended 0 {2}reopened 0 {2}unchanged 15/,
      );
      expect(good.stdout).toMatch(/elapsed \d+\.\d\d s/);
    });
  });
});
