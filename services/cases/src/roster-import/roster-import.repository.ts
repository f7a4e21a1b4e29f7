import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, RegionScope } from '@wushe/platform';
import { CasesDb } from '../database/cases-db';
import type { Pool } from 'pg';
import type { RowError } from './run-import/roster-row';
import type { RosterCategory, RosterFileFormat, RosterImportStatus } from './roster-import.schemas';

export interface VillageDifference {
  rowNumber: number;
  recipientId: string;
  ledgerVillage: string;
  rosterVillage: string;
}

export interface RosterImportRow {
  id: string;
  regionCode: string;
  month: string;
  category: RosterCategory;
  fileSha256: string;
  fileFormat: RosterFileFormat;
  fileEncoding: 'utf-8' | 'gb18030';
  fileBytes: number;
  status: RosterImportStatus;
  rowsParsed: number;
  rowsValid: number;
  rowsInvalid: number;
  rowsApplied: number;
  errorCount: number;
  registered: number;
  categoriesAdded: number;
  entriesAdded: number;
  entriesChanged: number;
  entriesUnchanged: number;
  villageDifferences: number;
  attempts: number;
  createdBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: Date;
}

const COLUMNS = `id, region_code AS "regionCode", month, category, file_sha256 AS "fileSha256",
  file_format AS "fileFormat", file_encoding AS "fileEncoding", file_bytes AS "fileBytes", status,
  rows_parsed AS "rowsParsed", rows_valid AS "rowsValid", rows_invalid AS "rowsInvalid",
  rows_applied AS "rowsApplied", error_count AS "errorCount", registered,
  categories_added AS "categoriesAdded", entries_added AS "entriesAdded",
  entries_changed AS "entriesChanged", entries_unchanged AS "entriesUnchanged",
  village_differences AS "villageDifferences", attempts,
  created_by AS "createdBy", created_at AS "createdAt", started_at AS "startedAt",
  finished_at AS "finishedAt", updated_at AS "updatedAt"`;

export interface NewRosterImport {
  id: string;
  regionCode: string;
  month: string;
  category: RosterCategory;
  fileSha256: string;
  fileFormat: RosterFileFormat;
  fileEncoding: 'utf-8' | 'gb18030';
  fileBytes: number;
  createdBy: string;
}

export interface Progress {
  status?: RosterImportStatus;
  rowsParsed: number;
  rowsValid: number;
  rowsInvalid: number;
}

/**
 * Imports, their encrypted file chunks and their error reports, in SQL on the pg pool. Reads by a
 * caller name a RegionScope (the import's region must lie inside it); the job reads by id.
 */
@Injectable()
export class RosterImportRepository {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly db: CasesDb,
  ) {}

  /** `region_code` confined to the scope, as CasesDb declares roster imports. */
  private inScope(scope: RegionScope, param: number): { sql: string; values: unknown[] } {
    const { sql, value } = this.db.sqlScope('rosterImport', scope, param);
    return { sql, values: [value] };
  }

  /**
   * Stores a new import with its chunks in one transaction; when the same file was already
   * uploaded for this region, month and category, returns that import instead (created: false).
   */
  /**
   * The import row for a file whose chunks are already stored under `input.id`. The same file for
   * the same region, month and category returns the existing import, and this upload's chunks go.
   */
  async create(input: NewRosterImport): Promise<{ row: RosterImportRow; created: boolean }> {
    // The import holding this file may expire between the conflict and the read: then insert again.
    for (;;) {
      const inserted = await this.insert(input);
      if (inserted) return { row: inserted, created: true };
      const existing = await this.pool.query<RosterImportRow>(
        `SELECT ${COLUMNS} FROM roster_import
          WHERE region_code = $1 AND month = $2 AND category = $3 AND file_sha256 = $4
            AND status <> 'expired'`,
        [input.regionCode, input.month, input.category, input.fileSha256],
      );
      if (existing.rows[0]) {
        await this.discardChunks(input.id);
        return { row: existing.rows[0], created: false };
      }
    }
  }

  private async insert(input: NewRosterImport): Promise<RosterImportRow | undefined> {
    const inserted = await this.pool.query<RosterImportRow>(
      `INSERT INTO roster_import (id, region_code, month, category, file_sha256, file_format,
                                  file_encoding, file_bytes, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (region_code, month, category, file_sha256) WHERE status <> 'expired' DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        input.id,
        input.regionCode,
        input.month,
        input.category,
        input.fileSha256,
        input.fileFormat,
        input.fileEncoding,
        input.fileBytes,
        input.createdBy,
      ],
    );
    return inserted.rows[0];
  }

  /** One encrypted chunk of an upload in progress, stored as it arrives (never the whole file in memory). */
  async appendChunk(importId: string, seq: number, encrypted: string): Promise<void> {
    await this.pool.query('INSERT INTO roster_import_chunk (import_id, seq, encrypted) VALUES ($1, $2, $3)', [
      importId,
      seq,
      encrypted,
    ]);
  }

  /** The chunks of an upload that did not become an import (refused, broken off, or a repeat). */
  async discardChunks(importId: string): Promise<void> {
    await this.pool.query('DELETE FROM roster_import_chunk WHERE import_id = $1', [importId]);
  }

  /**
   * Chunks of uploads whose process died before the import row was written. Import ids are
   * UUIDv7, so the id says when the upload began; `before` is such an id from a while ago. (An
   * import that ends deletes its chunks in the transaction that ends it.)
   */
  async purgeAbandonedChunks(before: string): Promise<number> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM roster_import_chunk c
        WHERE c.import_id < $1::uuid
          AND NOT EXISTS (SELECT 1 FROM roster_import i WHERE i.id = c.import_id)`,
      [before],
    );
    return rowCount ?? 0;
  }

  /**
   * Failed imports nobody retried within `days`: their files are deleted and they end `expired`,
   * which frees the file for a new upload. One statement, so a concurrent retry either wins (the
   * import is queued, its file kept) or finds it expired.
   */
  async expireFailed(days: number): Promise<{ imports: number; chunks: number }> {
    const { rows } = await this.pool.query<{ imports: number; chunks: number }>(
      `WITH expired AS (
         UPDATE roster_import SET status = 'expired', updated_at = now()
          WHERE status = 'failed' AND updated_at < now() - make_interval(days => $1)
          RETURNING id),
       deleted AS (
         DELETE FROM roster_import_chunk c USING expired e WHERE c.import_id = e.id RETURNING 1)
       SELECT (SELECT count(*) FROM expired)::int AS imports, (SELECT count(*) FROM deleted)::int AS chunks`,
      [days],
    );
    return rows[0];
  }

  async findInScope(scope: RegionScope, id: string): Promise<RosterImportRow | null> {
    const { sql, values } = this.inScope(scope, 2);
    const { rows } = await this.pool.query<RosterImportRow>(
      `SELECT ${COLUMNS} FROM roster_import WHERE id = $1 AND ${sql}`,
      [id, ...values],
    );
    return rows[0] ?? null;
  }

  /** Newest first (ids are UUIDv7), keyset-paged on id. */
  async page(
    scope: RegionScope,
    filter: { month?: string; status?: string },
    afterId: string | undefined,
    take: number,
  ): Promise<RosterImportRow[]> {
    const { sql, values } = this.inScope(scope, 5);
    const { rows } = await this.pool.query<RosterImportRow>(
      `SELECT ${COLUMNS} FROM roster_import
        WHERE ($1::uuid IS NULL OR id < $1::uuid) AND ($2::text IS NULL OR month = $2)
          AND ($3::text IS NULL OR status = $3) AND ${sql}
        ORDER BY id DESC LIMIT $4`,
      [afterId ?? null, filter.month ?? null, filter.status ?? null, take, ...values],
    );
    return rows;
  }

  async errors(id: string): Promise<RowError[]> {
    const { rows } = await this.pool.query<RowError>(
      `SELECT row_number AS "rowNumber", "column", code, message FROM roster_import_error
        WHERE import_id = $1 ORDER BY seq`,
      [id],
    );
    return rows;
  }

  async villageDifferences(id: string): Promise<VillageDifference[]> {
    const { rows } = await this.pool.query<VillageDifference>(
      `SELECT row_number AS "rowNumber", recipient_id AS "recipientId", ledger_village AS "ledgerVillage",
              roster_village AS "rosterVillage"
         FROM roster_import_village_difference WHERE import_id = $1 ORDER BY row_number`,
      [id],
    );
    return rows;
  }

  // ── the job's side ──

  async findForRun(id: string): Promise<RosterImportRow | null> {
    const { rows } = await this.pool.query<RosterImportRow>(
      `SELECT ${COLUMNS} FROM roster_import WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Starts (or restarts, after a crash) a run: counters and any earlier report are reset. */
  async start(id: string): Promise<void> {
    await this.pool.query(
      `UPDATE roster_import SET status = 'parsing', attempts = attempts + 1, started_at = now(),
              rows_parsed = 0, rows_valid = 0, rows_invalid = 0, rows_applied = 0, error_count = 0,
              updated_at = now()
        WHERE id = $1`,
      [id],
    );
  }

  /** The last attempt failed: the file is kept, so the import can be retried. */
  async fail(id: string): Promise<void> {
    await this.pool.query(`UPDATE roster_import SET status = 'failed', updated_at = now() WHERE id = $1`, [
      id,
    ]);
  }

  /** A failed import back in the queue with a fresh set of attempts; null unless it was failed. */
  async requeue(scope: RegionScope, id: string): Promise<RosterImportRow | null> {
    const { sql, values } = this.inScope(scope, 2);
    const { rows } = await this.pool.query<RosterImportRow>(
      `UPDATE roster_import SET status = 'queued', attempts = 0, updated_at = now()
        WHERE id = $1 AND status = 'failed' AND ${sql}
        RETURNING ${COLUMNS}`,
      [id, ...values],
    );
    return rows[0] ?? null;
  }

  /** Progress on its own connection, so it shows while the import's transaction is still open. */
  async progress(id: string, p: Progress): Promise<void> {
    await this.pool.query(
      `UPDATE roster_import SET status = coalesce($2, status), rows_parsed = $3, rows_valid = $4,
              rows_invalid = $5, updated_at = now()
        WHERE id = $1`,
      [id, p.status ?? null, p.rowsParsed, p.rowsValid, p.rowsInvalid],
    );
  }

  /** The file, one decrypted chunk at a time (never the whole file in memory). */
  async *chunks(id: string): AsyncGenerator<string> {
    for (let seq = 0; ; seq++) {
      const { rows } = await this.pool.query<{ encrypted: string }>(
        'SELECT encrypted FROM roster_import_chunk WHERE import_id = $1 AND seq = $2',
        [id, seq],
      );
      if (rows.length === 0) return;
      yield rows[0].encrypted;
    }
  }

  /** Ends an import as rejected with its report; the file is deleted, the ledger untouched. */
  async reject(id: string, p: Progress, errors: readonly RowError[], errorCount: number): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('DELETE FROM roster_import_error WHERE import_id = $1', [id]);
      for (let from = 0; from < errors.length; from += 5_000) {
        const batch = errors.slice(from, from + 5_000);
        await client.query(
          `INSERT INTO roster_import_error (import_id, seq, row_number, "column", code, message)
           SELECT $1, $2 + n - 1, r, c, k, m
             FROM unnest($3::int[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS e(r, c, k, m, n)`,
          [
            id,
            from,
            batch.map((e) => e.rowNumber),
            batch.map((e) => e.column),
            batch.map((e) => e.code),
            batch.map((e) => e.message),
          ],
        );
      }
      await client.query(
        `UPDATE roster_import SET status = 'rejected', rows_parsed = $2, rows_valid = $3,
                rows_invalid = $4, error_count = $5, finished_at = now(), updated_at = now()
          WHERE id = $1`,
        [id, p.rowsParsed, p.rowsValid, p.rowsInvalid, errorCount],
      );
      await client.query('DELETE FROM roster_import_chunk WHERE import_id = $1', [id]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
