import type { RegionScope } from '@wushe/platform';
import type { IdentityTx } from '../database/identity-db';

/**
 * Whether an account is one the scope may name: it holds an active role in a region of the scope,
 * or no region role at all yet (a new account waiting for its first grant). An account whose roles
 * all lie elsewhere belongs to another region, and for this caller it is not there: linking it to a
 * staff record or granting it a role answers exactly as for an id that does not exist.
 */
export async function accountInScope(
  tx: IdentityTx,
  scope: RegionScope,
  accountId: string,
): Promise<boolean> {
  const active = { revokedAt: null, regionCode: { not: null } };
  const found = await tx.account.findFirst({
    where: {
      id: accountId,
      OR: [{ grants: { some: { ...active, ...scope.where('regionCode') } } }, { grants: { none: active } }],
    },
    select: { id: true },
  });
  return found !== null;
}
