import { Injectable } from '@nestjs/common';
import type { Envelope } from '@wushe/contracts';
import { outboxInsert } from '@wushe/messaging';
import type { RosterTx } from './roster-stage.repository';

export interface RosterApplyCounts {
  rows: number;
  registered: number;
  categoriesAdded: number;
  entriesAdded: number;
  entriesChanged: number;
  entriesUnchanged: number;
  totalAmountFen: number;
  /** People in the ledger whom the roster lists in another village (kept as a report). */
  villageDifferences: number;
}

export interface ApplyParams {
  importId: string;
  month: string;
  category: string;
  /** First day of the month: when a category the roster grants starts. */
  validFrom: string;
  /** China calendar date: which categories count as current in the events. */
  today: string;
  createdBy: string;
  /** Envelopes built by the OutboxWriter (context, trace, validated); SQL fills in each person. */
  registeredTemplate: Envelope;
  categoriesChangedTemplate: Envelope;
  outboxSubjects: { registered: string; categoriesChanged: string };
  /** The OutboxWriter's trace headers, stored beside every row as it stores them. */
  headers: string;
  /** How many village differences to keep for the report (all are counted). */
  differencesLimit: number;
}

/** The envelope without what SQL sets per row (id, subject, region, data). */
function template(envelope: Envelope): string {
  const { id: _id, subject: _subject, regioncode: _region, data: _data, ...rest } = envelope;
  return JSON.stringify(rest);
}

/**
 * Applies the staged roster to the ledger in set-based SQL, inside the import's transaction:
 * new people registered (with the category), people in the ledger given the category if they do
 * not hold it, one roster entry per person upserted, and the recipients' events written to the
 * outbox in the same shape as OutboxWriter.publish writes them.
 */
@Injectable()
export class RosterApplyRepository {
  async apply(tx: RosterTx, p: ApplyParams): Promise<RosterApplyCounts> {
    const q = (sql: string, values: unknown[] = []) => tx.client.query(sql, values);

    const registered = await q(
      `INSERT INTO recipient (id, resident_id_hash, resident_id_encrypted, name, sex, birth_date,
                              village_code, legal_basis, status, version, created_by, created_at, updated_at)
       SELECT recipient_id, resident_id_hash, resident_id_encrypted, name, sex, birth_date,
              village_code, 'statutory-duty', 'identified', 1, $1, now(), now()
         FROM roster_stage WHERE existing_id IS NULL`,
      [p.createdBy],
    );
    await q(
      `INSERT INTO recipient_category (id, recipient_id, category, valid_from, source, created_at)
       SELECT category_id, recipient_id, $1, $2::date, 'roster-import', now()
         FROM roster_stage WHERE existing_id IS NULL`,
      [p.category, p.validFrom],
    );
    await q(
      outboxInsert(`SELECT event_id, $1, $2::jsonb || jsonb_build_object(
                'id', event_id, 'subject', recipient_id, 'regioncode', village_code,
                'data', jsonb_build_object(
                  'recipientId', recipient_id, 'villageCode', village_code,
                  'categories', jsonb_build_array($3::text), 'sex', sex,
                  'birthYear', extract(year FROM birth_date)::int, 'legalBasis', 'statutory-duty')),
              $4::jsonb
         FROM roster_stage WHERE existing_id IS NULL ORDER BY row_number`),
      [p.outboxSubjects.registered, template(p.registeredTemplate), p.category, p.headers],
    );

    // A category ended before the month does not count as held: the roster starts it again.
    await q(
      `CREATE TEMP TABLE roster_added ON COMMIT DROP AS
       SELECT s.existing_id AS recipient_id, s.category_id, s.event_id, s.row_number FROM roster_stage s
        WHERE s.existing_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM recipient_category c
                           WHERE c.recipient_id = s.existing_id AND c.category = $1
                             AND (c.valid_to IS NULL OR c.valid_to >= $2::date))`,
      [p.category, p.validFrom],
    );
    const added = await q(
      `INSERT INTO recipient_category (id, recipient_id, category, valid_from, source, created_at)
       SELECT category_id, recipient_id, $1, $2::date, 'roster-import', now() FROM roster_added`,
      [p.category, p.validFrom],
    );
    await q(
      `UPDATE recipient r SET version = r.version + 1, updated_at = now()
         FROM roster_added a WHERE r.id = a.recipient_id`,
    );
    // `categories` lists the current ones, sorted like ManageCategories does (code-point order).
    await q(
      outboxInsert(`SELECT a.event_id, $1, $2::jsonb || jsonb_build_object(
                'id', a.event_id, 'subject', r.id, 'regioncode', r.village_code,
                'data', jsonb_build_object(
                  'recipientId', r.id, 'villageCode', r.village_code, 'change', 'added',
                  'category', $3::text,
                  'categories', (SELECT coalesce(jsonb_agg(x.category ORDER BY x.category COLLATE "C"), '[]'::jsonb)
                                   FROM (SELECT DISTINCT c.category FROM recipient_category c
                                          WHERE c.recipient_id = r.id
                                            AND (c.valid_to IS NULL OR c.valid_to > $4::date)) x),
                  'version', r.version)),
              $5::jsonb
         FROM roster_added a JOIN recipient r ON r.id = a.recipient_id ORDER BY a.row_number`),
      [
        p.outboxSubjects.categoriesChanged,
        template(p.categoriesChangedTemplate),
        p.category,
        p.today,
        p.headers,
      ],
    );

    // Only a real difference updates an entry, so importing the same roster again writes nothing.
    const entries = await q(
      `WITH upserted AS (
         INSERT INTO roster_entry AS e (id, recipient_id, month, category, amount_fen, village_code,
                                        household_ref, import_id, created_at, updated_at)
         SELECT entry_id, coalesce(existing_id, recipient_id), $1, $2, amount_fen, village_code,
                household_ref, $3::uuid, now(), now()
           FROM roster_stage
         ON CONFLICT (recipient_id, month, category) DO UPDATE
            SET amount_fen = EXCLUDED.amount_fen, village_code = EXCLUDED.village_code,
                household_ref = EXCLUDED.household_ref, import_id = EXCLUDED.import_id, updated_at = now()
          WHERE (e.amount_fen, e.village_code, e.household_ref)
                IS DISTINCT FROM (EXCLUDED.amount_fen, EXCLUDED.village_code, EXCLUDED.household_ref)
         RETURNING (xmax = 0) AS inserted
       )
       SELECT count(*) FILTER (WHERE inserted)::int AS added, count(*) FILTER (WHERE NOT inserted)::int AS changed
         FROM upserted`,
      [p.month, p.category, p.importId],
    );
    // The ledger keeps its village; the station is shown where the roster differs.
    await q(
      `INSERT INTO roster_import_village_difference (import_id, row_number, recipient_id, ledger_village, roster_village)
       SELECT $1::uuid, row_number, existing_id, existing_village, village_code FROM roster_stage
        WHERE existing_village <> village_code ORDER BY row_number LIMIT $2`,
      [p.importId, p.differencesLimit],
    );
    const totals = await q(
      `SELECT count(*)::int AS rows, coalesce(sum(amount_fen), 0)::bigint AS amount,
              count(*) FILTER (WHERE existing_village <> village_code)::int AS differences
         FROM roster_stage`,
    );
    const rows = totals.rows[0].rows as number;
    const { added: entriesAdded, changed: entriesChanged } = entries.rows[0] as {
      added: number;
      changed: number;
    };
    return {
      rows,
      registered: registered.rowCount ?? 0,
      categoriesAdded: added.rowCount ?? 0,
      entriesAdded,
      entriesChanged,
      entriesUnchanged: rows - entriesAdded - entriesChanged,
      totalAmountFen: Number(totals.rows[0].amount),
      villageDifferences: totals.rows[0].differences as number,
    };
  }

  async complete(tx: RosterTx, importId: string, counts: RosterApplyCounts): Promise<void> {
    await tx.client.query(
      `UPDATE roster_import SET status = 'completed', rows_applied = $2, registered = $3,
              categories_added = $4, entries_added = $5, entries_changed = $6, entries_unchanged = $7,
              village_differences = $8, finished_at = now(), updated_at = now()
        WHERE id = $1`,
      [
        importId,
        counts.rows,
        counts.registered,
        counts.categoriesAdded,
        counts.entriesAdded,
        counts.entriesChanged,
        counts.entriesUnchanged,
        counts.villageDifferences,
      ],
    );
    // The file held names and ID numbers in the clear (encrypted at rest); it is not needed any more.
    await tx.client.query('DELETE FROM roster_import_chunk WHERE import_id = $1', [importId]);
  }
}
