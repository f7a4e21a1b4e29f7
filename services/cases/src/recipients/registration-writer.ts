import { Inject, Injectable } from '@nestjs/common';
import { outboxInsert, type PreparedOutboxRow } from '@wushe/messaging';
import { PG_POOL, RegionScope } from '@wushe/platform';
import type { Pool } from 'pg';
import type { Recipient, RecipientCategory } from '../generated/prisma';
import type { RecipientWithCategories } from './recipient.repository';

export type NewRecipient = Omit<
  Recipient,
  | 'status'
  | 'closedReason'
  | 'assignedWorkerId'
  | 'version'
  | 'createdAt'
  | 'updatedAt'
  | 'detailsChangedBy'
  | 'detailsChangedAt'
>;
export type NewCategory = Pick<RecipientCategory, 'id' | 'category' | 'validFrom' | 'source'>;

/**
 * One statement writes a registration: the recipient, its categories and its outbox event, atomically (a single statement is its own transaction) and in one round trip.
 * Registration is the ledger's hottest write — a township enters its roster in an afternoon — and
 * an interactive transaction through Prisma cost more CPU than everything else in the request
 * (bench/README.md, recipient-registration). `ON CONFLICT DO NOTHING` on the resident ID hash makes
 * the unique index the duplicate check: a registered ID inserts nothing at all and returns no row.
 */
const REGISTER = `
WITH r AS (
  INSERT INTO recipient (id, resident_id_hash, resident_id_encrypted, name, sex, birth_date,
                         phone_encrypted, address_encrypted, village_code, household_id, legal_basis,
                         consent_recorded_at, created_by)
  VALUES ($1::uuid, $2, $3, $4, $5, $6::date, $7, $8, $9, $10::uuid, $11, $12::timestamptz, $13)
  ON CONFLICT (resident_id_hash) DO NOTHING
  RETURNING id, created_at, updated_at
), c AS (
  INSERT INTO recipient_category (id, recipient_id, category, valid_from, source)
  SELECT x.id, r.id, x.category, x.valid_from, x.source
  FROM r, unnest($14::uuid[], $15::text[], $16::date[], $17::text[]) AS x(id, category, valid_from, source)
), o AS (
  ${outboxInsert('SELECT $18::uuid, $19, $20::jsonb, $21::jsonb FROM r')}
)
SELECT created_at, updated_at FROM r`;

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

@Injectable()
export class RegistrationWriter {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * The registered recipient as a read would return it, or null when the ID is already registered.
   * Joining a household is not done here (it has rules and an event of its own; see RegisterRecipient).
   * Like a scoped create, a village outside the writer's scope is refused before the statement.
   */
  async register(
    scope: RegionScope,
    recipient: NewRecipient,
    categories: NewCategory[],
    event: PreparedOutboxRow,
  ): Promise<RecipientWithCategories | null> {
    scope.assertMayWrite(recipient.villageCode);
    const { rows } = await this.pool.query<{ created_at: Date; updated_at: Date }>(REGISTER, [
      recipient.id,
      recipient.residentIdHash,
      recipient.residentIdEncrypted,
      recipient.name,
      recipient.sex,
      isoDate(recipient.birthDate),
      recipient.phoneEncrypted,
      recipient.addressEncrypted,
      recipient.villageCode,
      recipient.householdId,
      recipient.legalBasis,
      recipient.consentRecordedAt,
      recipient.createdBy,
      categories.map((c) => c.id),
      categories.map((c) => c.category),
      categories.map((c) => isoDate(c.validFrom)),
      categories.map((c) => c.source),
      event.id,
      event.subject,
      event.envelope,
      event.headers,
    ]);
    if (rows.length === 0) return null;
    const { created_at: createdAt, updated_at: updatedAt } = rows[0];
    return {
      ...recipient,
      status: 'identified',
      closedReason: null,
      assignedWorkerId: null,
      version: 1,
      createdAt,
      updatedAt,
      detailsChangedBy: null,
      detailsChangedAt: null,
      // In the order the repository reads them (valid from, then id).
      categories: categories
        .map((c) => ({ ...c, validTo: null, recipientId: recipient.id, createdAt }))
        .sort((a, b) => a.validFrom.getTime() - b.validFrom.getTime() || a.id.localeCompare(b.id)),
    };
  }
}
