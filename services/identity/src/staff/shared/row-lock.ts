import { RegionScope, sqlScope } from '@wushe/platform';
import type { IdentityTx } from '../../database/identity-db';

type LockableTable = 'staff_member' | 'post' | 'training_session';

/**
 * Locks one region-owned row (SELECT … FOR UPDATE) if it lies in the scope; false when it does not
 * exist or the scope does not reach it (callers answer "not found" either way). After this the use
 * case reads and writes the row through tx.scoped with the same scope.
 */
export async function lockInScope(
  tx: IdentityTx,
  table: LockableTable,
  id: string,
  scope: RegionScope,
): Promise<boolean> {
  const inScope = sqlScope(scope, 'region_code', 2);
  const rows = await tx.$queryRawUnsafe<Array<{ id: string }>>(
    `SELECT id FROM ${table} WHERE id = $1::uuid AND ${inScope.sql} FOR UPDATE`,
    id,
    inScope.value,
  );
  return rows.length === 1;
}
