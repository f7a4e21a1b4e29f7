import { RecipientStatus, recipientStatusChangedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { RegionScope, sqlScope } from '@wushe/platform';
import type { CasesTx } from '../database/cases-db';

/**
 * Moves a recipient forward as case work happens (an approved assessment → assessed, an opened
 * plan → in-service), inside the caller's transaction, with its status event. Only forward, and
 * only from the given statuses: a closed case is not reopened by this, nor moved back. Confined to
 * the caller's scope like a scoped update: a recipient outside it is left as it is.
 */
export async function advanceRecipientStatus(
  tx: CasesTx,
  scope: RegionScope,
  outbox: OutboxWriter,
  recipientId: string,
  to: RecipientStatus,
  from: readonly RecipientStatus[],
): Promise<void> {
  const inScope = sqlScope(scope, 'recipient.village_code', 4);
  const rows = await tx.$queryRawUnsafe<
    Array<{ previous: RecipientStatus; village_code: string; version: number }>
  >(
    `WITH previous AS (SELECT status FROM recipient WHERE id = $1::uuid FOR UPDATE)
     UPDATE recipient SET status = $2, version = version + 1, updated_at = now()
     FROM previous WHERE recipient.id = $1::uuid AND previous.status = ANY($3::text[])
       AND ${inScope.sql}
     RETURNING previous.status AS previous, recipient.village_code, recipient.version`,
    recipientId,
    to,
    [...from],
    inScope.value,
  );
  const moved = rows[0];
  if (!moved) return;
  await outbox.publish(
    tx,
    recipientStatusChangedV1,
    { recipientId, villageCode: moved.village_code, from: moved.previous, to, version: moved.version },
    { subject: recipientId, regionCode: moved.village_code },
  );
}
