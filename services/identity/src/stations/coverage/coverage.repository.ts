import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, RegionScope } from '@wushe/platform';
import type { Pool, PoolClient } from 'pg';

export interface RegionRow {
  code: string;
  name: string;
  level: string;
}

export interface CoverageCounts {
  townships: number;
  stations: number;
  villages: number;
  coveredVillages: number;
}

/** Counts per child-level prefix; `name`/`level` are null for a prefix with no current region. */
export interface ChildCoverageRow extends CoverageCounts {
  code: string;
  name: string | null;
  level: string | null;
}

export interface RegionCoverage {
  region: RegionRow;
  rows: ChildCoverageRow[];
}

const CHILD_LENGTH: Record<number, number> = { 2: 4, 4: 6, 6: 9, 9: 12, 12: 12 };

/**
 * The codes under a prefix as a range [lo, hi): `44` → ['44', '45'), `4419` → ['4419', '442').
 * A LIKE 'prefix%' becomes an index range only under the C collation (PostgreSQL 15 does not count
 * C.UTF-8 as C), so the queries state the range themselves; strings of digits compare alike in
 * every collation. Codes are digits only, so 'A' bounds an all-nines prefix.
 */
export function prefixRange(prefix: string): [string, string] {
  const stem = prefix.replace(/9+$/, '');
  if (stem === '') return [prefix, 'A'];
  return [prefix, stem.slice(0, -1) + String(Number(stem.slice(-1)) + 1)];
}

export function coverageParams(code: string): [string, string, number] {
  return [...prefixRange(code), CHILD_LENGTH[code.length]];
}

/**
 * Coverage counts of a region, grouped by its child level, in one statement over current regions
 * (valid_to IS NULL), open stations and open points.
 *
 * The caller's scope is applied before any row is read: the region must lie inside it
 * (OUT_OF_SCOPE otherwise), and the statement reads nothing outside the region's code range, so it
 * needs no per-row scope filter (which would only blur the planner's estimates).
 */
@Injectable()
export class CoverageRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** The region (if it is current) and its counts per child, read in one snapshot. */
  async coverage(scope: RegionScope, code: string): Promise<RegionCoverage | undefined> {
    scope.assertCovers(code);
    return this.readOnly(async (client) => {
      const region = await client.query<RegionRow>(
        'SELECT code, name, level FROM region WHERE code = $1 AND valid_to IS NULL',
        [code],
      );
      if (!region.rows[0]) return undefined;
      const counts = await client.query<ChildCoverageRow>(COVERAGE_SQL, coverageParams(code));
      return { region: region.rows[0], rows: counts.rows };
    });
  }

  /**
   * A read-only transaction without JIT: compiling the plan of a province's counts costs several
   * hundred milliseconds once its estimated cost passes jit_above_cost, far more than running it.
   */
  private async readOnly<R>(fn: (client: PoolClient) => Promise<R>): Promise<R> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN READ ONLY');
      await client.query('SET LOCAL jit = off');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

// [$1, $2) the codes under the region, $3 the length of its children's codes.
//
// Each count is its own grouped aggregate joined to the others by child code (a few dozen rows), so
// no join ever rescans a set per row: the planner either hashes (a province) or probes an index per
// row (a township, where range estimates of short code ranges are poor). Every table is reached
// through its index on the code column (region's primary key, station.township_code,
// point_village.village_code), never scanned whole except `point` when hashing is cheaper.
export const COVERAGE_SQL = `
WITH region_counts AS (
  SELECT left(r.code, $3) AS child,
         count(*) FILTER (WHERE r.level = 'township')::int AS townships,
         count(*) FILTER (WHERE r.level = 'village')::int AS villages
  FROM region r
  WHERE r.code >= $1 AND r.code < $2 AND r.valid_to IS NULL AND r.level IN ('township', 'village')
  GROUP BY 1
),
station_counts AS (
  SELECT left(s.township_code, $3) AS child, count(DISTINCT s.township_code)::int AS stations
  FROM station s
  JOIN region t ON t.code = s.township_code AND t.valid_to IS NULL AND t.level = 'township'
    AND t.code >= $1 AND t.code < $2
  WHERE s.township_code >= $1 AND s.township_code < $2 AND s.closed_on IS NULL
  GROUP BY 1
),
covered_counts AS (
  SELECT left(pv.village_code, $3) AS child, count(DISTINCT pv.village_code)::int AS covered
  FROM point_village pv
  JOIN point p ON p.id = pv.point_id AND p.closed_on IS NULL
  JOIN region v ON v.code = pv.village_code AND v.valid_to IS NULL AND v.level = 'village'
    AND v.code >= $1 AND v.code < $2
  WHERE pv.village_code >= $1 AND pv.village_code < $2
  GROUP BY 1
),
child_region AS (
  SELECT c.code, c.name, c.level
  FROM region c
  WHERE c.code >= $1 AND c.code < $2 AND length(c.code) = $3 AND c.valid_to IS NULL
)
SELECT coalesce(c.code, rc.child) AS code, c.name, c.level,
       coalesce(rc.townships, 0) AS townships,
       coalesce(sc.stations, 0) AS stations,
       coalesce(rc.villages, 0) AS villages,
       coalesce(cc.covered, 0) AS "coveredVillages"
FROM child_region c
FULL JOIN region_counts rc ON rc.child = c.code
LEFT JOIN station_counts sc ON sc.child = coalesce(c.code, rc.child)
LEFT JOIN covered_counts cc ON cc.child = coalesce(c.code, rc.child)
ORDER BY 1`;
