import { RegionScope } from '@wushe/platform';
import { accountInScope } from '../../access/account-scope.query';
import type { IdentityTx } from '../../database/identity-db';
import { StaffErrors } from '../staff.errors';

/**
 * The account must be one the caller may name (see accountInScope: one that belongs to another
 * region answers like one that does not exist) and not be linked to another staff member.
 */
export async function assertLinkableAccount(
  tx: IdentityTx,
  scope: RegionScope,
  accountId: string,
  staffId: string | null,
) {
  if (!(await accountInScope(tx, scope, accountId))) throw StaffErrors.UNKNOWN_ACCOUNT({ accountId });
  // Across every region on purpose: the link is unique there. Only existence is told.
  const linked = await tx.scoped.staffMember.findFirst(RegionScope.system('account links are unique'), {
    where: { accountId, ...(staffId ? { NOT: { id: staffId } } : {}) },
    select: { id: true },
  });
  if (linked) throw StaffErrors.ACCOUNT_ALREADY_LINKED({ accountId });
}
