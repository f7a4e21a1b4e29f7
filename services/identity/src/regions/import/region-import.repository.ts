import { Inject, Injectable } from '@nestjs/common';
import { type PgTransaction, withPgTransaction } from '@wushe/messaging';
import { PG_POOL } from '@wushe/platform';
import type { Pool } from 'pg';
import { prefixRange } from '../region-code';
import type { RegionDraft } from './region-source';

/** What one import did; `read` counts the rows of the file, the rest how they compared. */
export interface RegionImportCounts {
  read: number;
  added: number;
  renamed: number;
  moved: number;
  ended: number;
  reopened: number;
  unchanged: number;
}

export interface RegionImportRecord {
  id: string;
  source: string;
  scope: string;
  effectiveDate: string;
  startedAt: Date;
  counts: RegionImportCounts;
}

/** One import's transaction: a pinned connection, also usable by the OutboxWriter. */
export type RegionImportTx = PgTransaction;

const STAGE_BATCH = 5_000;

/**
 * The region import in set-based SQL on the pg pool (Prisma would send ~28,000 statements for a
 * province): the file is loaded into a temporary table in batches of 5,000 rows, compared with
 * `region` in one statement, and applied with a handful of UPDATE … FROM / INSERT … ON CONFLICT.
 */
@Injectable()
export class RegionImportRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Runs `fn` in one transaction: everything it wrote commits together or not at all. */
  transaction<R>(fn: (tx: RegionImportTx) => Promise<R>): Promise<R> {
    return withPgTransaction(this.pool, fn);
  }

  /** Imports of one province (in this schema) run one after the other. */
  async lockScope(tx: RegionImportTx, scope: string): Promise<void> {
    await tx.client.query(
      `SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':region-import:' || $1))`,
      [scope],
    );
  }

  async lastEffectiveDate(tx: RegionImportTx, scope: string): Promise<string | null> {
    const { rows } = await tx.client.query<{ last: string | null }>(
      `SELECT to_char(max(effective_date), 'YYYY-MM-DD') AS last FROM region_import WHERE scope = $1`,
      [scope],
    );
    return rows[0].last;
  }

  async isCurrent(tx: RegionImportTx, code: string): Promise<boolean> {
    const { rowCount } = await tx.client.query(`SELECT 1 FROM region WHERE code = $1 AND valid_to IS NULL`, [
      code,
    ]);
    return rowCount === 1;
  }

  /** Loads the file's rows into a temporary table (dropped at commit). */
  async stage(tx: RegionImportTx, rows: readonly RegionDraft[]): Promise<void> {
    await tx.client.query(
      `CREATE TEMP TABLE region_import_stage (
         code varchar(12) PRIMARY KEY,
         name varchar(100) NOT NULL,
         level varchar(10) NOT NULL,
         parent_code varchar(12)
       ) ON COMMIT DROP`,
    );
    for (let from = 0; from < rows.length; from += STAGE_BATCH) {
      const batch = rows.slice(from, from + STAGE_BATCH);
      await tx.client.query(
        `INSERT INTO region_import_stage (code, name, level, parent_code)
         SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[])`,
        [
          batch.map((r) => r.code),
          batch.map((r) => r.name),
          batch.map((r) => r.level),
          batch.map((r) => r.parentCode),
        ],
      );
    }
    // Temporary tables are never analyzed automatically; the planner needs their size for the joins.
    await tx.client.query('ANALYZE region_import_stage');
  }

  /**
   * Compares the staged province with `region` and applies the difference as of `effectiveDate`:
   * new codes are added, codes missing from the file are ended, renamed or moved codes get a new
   * version (the previous one is closed), ended codes that are back are reopened. History is kept.
   */
  async apply(
    tx: RegionImportTx,
    importId: string,
    scope: string,
    effectiveDate: string,
  ): Promise<RegionImportCounts> {
    const q = (sql: string, values: unknown[] = []) => tx.client.query(sql, values);
    await q(
      `CREATE TEMP TABLE region_import_diff ON COMMIT DROP AS
       SELECT s.code, s.name, s.level, s.parent_code,
              CASE WHEN r.code IS NULL THEN 'added'
                   WHEN r.valid_to IS NOT NULL THEN 'reopened'
                   WHEN r.name = s.name AND r.parent_code IS NOT DISTINCT FROM s.parent_code THEN 'unchanged'
                   ELSE 'changed' END AS kind,
              (r.code IS NOT NULL AND r.valid_to IS NULL AND r.name <> s.name) AS renamed,
              (r.code IS NOT NULL AND r.valid_to IS NULL AND r.parent_code IS DISTINCT FROM s.parent_code) AS moved
         FROM region_import_stage s LEFT JOIN region r ON r.code = s.code`,
    );
    // The province row stays when a file leaves it out (its cities then hang under the stored one).
    const range = prefixRange(scope);
    await q(
      `CREATE TEMP TABLE region_import_ended ON COMMIT DROP AS
       SELECT r.code FROM region r
        WHERE r.code >= $1 AND ($2::varchar IS NULL OR r.code < $2::varchar) AND starts_with(r.code, $3)
          AND r.code <> $3 AND r.valid_to IS NULL
          AND NOT EXISTS (SELECT 1 FROM region_import_stage s WHERE s.code = r.code)`,
      [range.from, range.to, scope],
    );
    await q(
      `UPDATE region_version v SET valid_to = $1::date
         FROM region_import_diff d
        WHERE d.kind = 'changed' AND v.code = d.code AND v.valid_to IS NULL`,
      [effectiveDate],
    );
    await q(
      `UPDATE region_version v SET valid_to = $1::date
         FROM region_import_ended e WHERE v.code = e.code AND v.valid_to IS NULL`,
      [effectiveDate],
    );
    await q(
      `UPDATE region r SET valid_to = $1::date, updated_at = now()
         FROM region_import_ended e WHERE r.code = e.code`,
      [effectiveDate],
    );
    await q(
      `INSERT INTO region_version (code, name, parent_code, valid_from, import_id)
       SELECT code, name, parent_code, $1::date, $2::uuid FROM region_import_diff WHERE kind <> 'unchanged'`,
      [effectiveDate, importId],
    );
    // A reopened code starts a new period of validity; a renamed or moved one keeps its start.
    await q(
      `INSERT INTO region AS r (code, name, level, parent_code, valid_from, valid_to, updated_at)
       SELECT code, name, level, parent_code, $1::date, NULL, now() FROM region_import_diff
        WHERE kind <> 'unchanged'
       ON CONFLICT (code) DO UPDATE
          SET name = EXCLUDED.name, level = EXCLUDED.level, parent_code = EXCLUDED.parent_code,
              valid_from = CASE WHEN r.valid_to IS NULL THEN r.valid_from ELSE EXCLUDED.valid_from END,
              valid_to = NULL, updated_at = now()`,
      [effectiveDate],
    );
    const { rows } = await tx.client.query<RegionImportCounts>(
      `SELECT count(*)::int AS read,
              count(*) FILTER (WHERE kind = 'added')::int AS added,
              count(*) FILTER (WHERE renamed)::int AS renamed,
              count(*) FILTER (WHERE moved)::int AS moved,
              (SELECT count(*) FROM region_import_ended)::int AS ended,
              count(*) FILTER (WHERE kind = 'reopened')::int AS reopened,
              count(*) FILTER (WHERE kind = 'unchanged')::int AS unchanged
         FROM region_import_diff`,
    );
    return rows[0];
  }

  async record(tx: RegionImportTx, run: RegionImportRecord): Promise<void> {
    const c = run.counts;
    await tx.client.query(
      `INSERT INTO region_import (id, source, scope, effective_date, started_at, finished_at,
                                  read, added, renamed, moved, ended, reopened, unchanged)
       VALUES ($1, $2, $3, $4::date, $5, clock_timestamp(), $6, $7, $8, $9, $10, $11, $12)`,
      [
        run.id,
        run.source,
        run.scope,
        run.effectiveDate,
        run.startedAt,
        c.read,
        c.added,
        c.renamed,
        c.moved,
        c.ended,
        c.reopened,
        c.unchanged,
      ],
    );
  }
}
