import { Inject, Injectable } from '@nestjs/common';
import { type PgTransaction, withPgTransaction } from '@wushe/messaging';
import { PG_POOL } from '@wushe/platform';
import type { Pool } from 'pg';

/** A row ready for the ledger: personal data already hashed and encrypted in the application. */
export interface StagedRow {
  rowNumber: number;
  /** The id a new recipient gets (unused when the person is in the ledger already). */
  recipientId: string;
  categoryId: string;
  entryId: string;
  eventId: string;
  name: string;
  residentIdHash: string;
  residentIdEncrypted: string;
  sex: 'male' | 'female';
  birthDate: string;
  villageCode: string;
  amountFen: number;
  householdRef: string | null;
}

/** A problem found across rows (duplicates, people registered elsewhere). */
export interface StageProblem {
  rowNumber: number;
  column: 'residentId';
  kind: 'duplicate' | 'elsewhere';
  firstRow: number | null;
}

/** One import's transaction on a pinned connection, also usable by the OutboxWriter. */
export type RosterTx = PgTransaction;

const STAGE_BATCH = 10_000;

/**
 * The file's valid rows go into a temporary table (dropped at commit or rollback) in batches of
 * 10,000 through unnest(arrays), the cheapest way to send rows without COPY; the checks across
 * rows and the whole application to the ledger are then a handful of set-based statements.
 */
@Injectable()
export class RosterStageRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * Runs `fn` in one transaction. It commits only when `fn` says so: a rejected file rolls back
   * its staging, so nothing of it stays, and any error rolls everything back.
   */
  transaction<R>(fn: (tx: RosterTx) => Promise<{ commit: boolean; result: R }>): Promise<R> {
    return withPgTransaction(this.pool, async (tx) => {
      const { commit, result } = await fn(tx);
      if (!commit) tx.rollbackAtEnd();
      return result;
    });
  }

  async createStage(tx: RosterTx): Promise<void> {
    await tx.client.query(
      `CREATE TEMP TABLE roster_stage (
         row_number int NOT NULL,
         recipient_id uuid NOT NULL,
         category_id uuid NOT NULL,
         entry_id uuid NOT NULL,
         event_id uuid NOT NULL,
         name varchar(50) NOT NULL,
         resident_id_hash varchar(64) NOT NULL,
         resident_id_encrypted text NOT NULL,
         sex varchar(6) NOT NULL,
         birth_date date NOT NULL,
         village_code varchar(12) NOT NULL,
         amount_fen int NOT NULL,
         household_ref varchar(64),
         existing_id uuid,
         existing_village varchar(12)
       ) ON COMMIT DROP`,
    );
  }

  async stage(tx: RosterTx, rows: readonly StagedRow[]): Promise<void> {
    for (let from = 0; from < rows.length; from += STAGE_BATCH) {
      const b = rows.slice(from, from + STAGE_BATCH);
      await tx.client.query(
        `INSERT INTO roster_stage (row_number, recipient_id, category_id, entry_id, event_id, name,
                                   resident_id_hash, resident_id_encrypted, sex, birth_date,
                                   village_code, amount_fen, household_ref)
         SELECT * FROM unnest($1::int[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[],
                              $7::text[], $8::text[], $9::text[], $10::date[], $11::text[], $12::int[],
                              $13::text[])`,
        [
          b.map((r) => r.rowNumber),
          b.map((r) => r.recipientId),
          b.map((r) => r.categoryId),
          b.map((r) => r.entryId),
          b.map((r) => r.eventId),
          b.map((r) => r.name),
          b.map((r) => r.residentIdHash),
          b.map((r) => r.residentIdEncrypted),
          b.map((r) => r.sex),
          b.map((r) => r.birthDate),
          b.map((r) => r.villageCode),
          b.map((r) => r.amountFen),
          b.map((r) => r.householdRef),
        ],
      );
    }
  }

  /**
   * One roster import applies at a time in this schema: between looking up who is in the ledger
   * and registering the rest, no other import may register the same people.
   */
  async lock(tx: RosterTx): Promise<void> {
    await tx.client.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':roster-import'))`);
  }

  /**
   * Finds who is in the ledger already (by the keyed hash of the ID) and lists rows that repeat an
   * ID of an earlier row or name a person registered outside the import's region.
   */
  async check(
    tx: RosterTx,
    regionCode: string,
    limit: number,
  ): Promise<{ problems: StageProblem[]; total: number; rows: number }> {
    const q = (sql: string, values: unknown[] = []) => tx.client.query(sql, values);
    await q('CREATE INDEX ON roster_stage (resident_id_hash)');
    // Temporary tables are never analyzed automatically; the planner needs their size for the joins.
    await q('ANALYZE roster_stage');
    await q(
      `UPDATE roster_stage s SET existing_id = r.id, existing_village = r.village_code
         FROM recipient r WHERE r.resident_id_hash = s.resident_id_hash`,
    );
    // Again: planned with the stale "nobody exists" estimate, re-importing 100,000 people already
    // in the ledger took 250 s instead of seconds (nested loops over the whole staging table).
    await q('ANALYZE roster_stage');
    await q(
      `CREATE TEMP TABLE roster_problem ON COMMIT DROP AS
       SELECT row_number, 'duplicate'::text AS kind, first_row FROM (
         SELECT row_number, min(row_number) OVER (PARTITION BY resident_id_hash) AS first_row FROM roster_stage
       ) d WHERE row_number <> first_row
       UNION ALL
       SELECT row_number, 'elsewhere', NULL FROM roster_stage
        WHERE existing_village IS NOT NULL AND NOT starts_with(existing_village, $1)`,
      [regionCode],
    );
    const { rows } = await q(
      `SELECT row_number AS "rowNumber", kind, first_row AS "firstRow" FROM roster_problem
        ORDER BY row_number, kind LIMIT $1`,
      [limit],
    );
    const counts = await q(
      `SELECT count(*)::int AS total, count(DISTINCT row_number)::int AS rows FROM roster_problem`,
    );
    return {
      problems: rows.map((r) => ({ ...r, column: 'residentId' })) as StageProblem[],
      total: counts.rows[0].total,
      rows: counts.rows[0].rows,
    };
  }
}
