import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL } from '@wushe/platform';
import type { Pool } from 'pg';
import { prefixRange, RegionLevel } from './region-code';

/** A region as stored, or (as of a date) as its version on that date; dates are YYYY-MM-DD. */
export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  validFrom: string;
  validTo: string | null;
}

export interface RegionSearch {
  /** Name substring (matched literally). */
  name?: string;
  /** Code prefix (digits). */
  codePrefix?: string;
  level?: RegionLevel;
  includeEnded: boolean;
}

const COLUMNS = `code, name, level, parent_code AS "parentCode",
  to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo"`;
// A version holds from valid_from (inclusive) to valid_to (exclusive).
const VALID_ON = (alias: string, param: string) =>
  `${alias}.valid_from <= ${param}::date AND (${alias}.valid_to IS NULL OR ${alias}.valid_to > ${param}::date)`;

/**
 * Reads of the region tables. Regions are public statistical data, not region-owned records, so
 * no RegionScope applies; raw SQL on the pool because the history and ancestor queries are
 * recursive or date-bounded, and plain SELECTs need no transaction.
 */
@Injectable()
export class RegionRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async find(code: string): Promise<RegionRow | null> {
    const { rows } = await this.pool.query<RegionRow>(`SELECT ${COLUMNS} FROM region WHERE code = $1`, [
      code,
    ]);
    return rows[0] ?? null;
  }

  /** The code's name and parent on a date, with the period that version held. */
  async findOn(code: string, on: string): Promise<RegionRow | null> {
    const { rows } = await this.pool.query<RegionRow>(
      `SELECT v.code, v.name, r.level, v.parent_code AS "parentCode",
              to_char(v.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(v.valid_to, 'YYYY-MM-DD') AS "validTo"
         FROM region_version v JOIN region r ON r.code = v.code
        WHERE v.code = $1 AND ${VALID_ON('v', '$2')}
        ORDER BY v.valid_from DESC LIMIT 1`,
      [code, on],
    );
    return rows[0] ?? null;
  }

  /** `code` and the units above it, top-down (province first), by stored parent links. */
  async lineage(code: string, on?: string): Promise<Array<{ code: string; name: string }>> {
    const source = on
      ? { table: 'region_version', valid: (a: string) => VALID_ON(a, '$2'), values: [code, on] }
      : { table: 'region', valid: () => 'true', values: [code] };
    const { rows } = await this.pool.query<{ code: string; name: string }>(
      `WITH RECURSIVE up AS (
         SELECT t.code, t.name, t.parent_code, 1 AS depth FROM ${source.table} t
          WHERE t.code = $1 AND ${source.valid('t')}
         UNION ALL
         SELECT t.code, t.name, t.parent_code, up.depth + 1 FROM ${source.table} t JOIN up ON t.code = up.parent_code
          WHERE ${source.valid('t')} AND up.depth < 5
       )
       SELECT code, name FROM up ORDER BY depth DESC`,
      source.values,
    );
    return rows;
  }

  /** Units directly under `code`: current ones, or those under it on a date. */
  async childCount(code: string, on?: string): Promise<number> {
    if (!on) {
      const { rows } = await this.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM region WHERE parent_code = $1 AND valid_to IS NULL`,
        [code],
      );
      return rows[0].n;
    }
    // Children's codes start with the parent's, so the (code, valid_from) index bounds the scan.
    const range = prefixRange(code);
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT count(DISTINCT v.code)::int AS n FROM region_version v
        WHERE v.code > $1 AND ($2::varchar IS NULL OR v.code < $2::varchar)
          AND v.parent_code = $1 AND ${VALID_ON('v', '$3')}`,
      [code, range.to, on],
    );
    return rows[0].n;
  }

  /** Children ordered by code, keyset-paged after `after`. */
  async children(
    code: string,
    options: { includeEnded: boolean; after?: string; take: number },
  ): Promise<RegionRow[]> {
    const { rows } = await this.pool.query<RegionRow>(
      `SELECT ${COLUMNS} FROM region
        WHERE parent_code = $1 ${options.includeEnded ? '' : 'AND valid_to IS NULL'}
          AND ($2::varchar IS NULL OR code > $2::varchar)
        ORDER BY code LIMIT $3`,
      [code, options.after ?? null, options.take],
    );
    return rows;
  }

  /** Regions by name substring and/or code prefix and level, ordered by code, keyset-paged. */
  async search(filter: RegionSearch, after: string | undefined, take: number): Promise<RegionRow[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    const param = (value: unknown) => `$${values.push(value)}`;
    if (filter.name !== undefined) {
      where.push(`name LIKE ${param(`%${filter.name.replace(/[\\%_]/g, '\\$&')}%`)} ESCAPE '\\'`);
    }
    if (filter.codePrefix !== undefined) {
      const range = prefixRange(filter.codePrefix);
      where.push(`code >= ${param(range.from)}`, `starts_with(code, ${param(filter.codePrefix)})`);
      if (range.to !== null) where.push(`code < ${param(range.to)}`);
    }
    if (filter.level) where.push(`level = ${param(filter.level)}`);
    if (!filter.includeEnded) where.push('valid_to IS NULL');
    if (after !== undefined) where.push(`code > ${param(after)}`);
    const { rows } = await this.pool.query<RegionRow>(
      `SELECT ${COLUMNS} FROM region ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY code LIMIT ${param(take)}`,
      values,
    );
    return rows;
  }
}
