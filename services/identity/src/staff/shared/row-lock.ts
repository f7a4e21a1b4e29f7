import type { RegionScope } from '@wushe/platform';
import type { IdentityTx } from '../../database/identity-db';

type LockableTable = 'staff_member' | 'post' | 'training_session';

/**
 * Locks one region-owned row (SELECT … FOR UPDATE) if it lies in the scope; false when it does not
 * exist or the scope does not reach it (callers answer "not found" either way). After this the use
 * case may read and write the row through IdentityDb.writer(tx): the scope was checked in SQL.
 */
export async function lockInScope(
  tx: IdentityTx,
  table: LockableTable,
  id: string,
  scope: RegionScope,
): Promise<boolean> {
  const patterns = scope.likePatterns();
  const rows = await tx.$queryRawUnsafe<Array<{ id: string }>>(
    `SELECT id FROM ${table}
     WHERE id = $1::uuid AND ($2::text[] IS NULL OR region_code LIKE ANY ($2::text[]))
     FOR UPDATE`,
    id,
    patterns === 'all' ? null : patterns,
  );
  return rows.length === 1;
}
