import { RegionScope } from '@wushe/platform';
import type { IdentityTx } from '../../database/identity-db';
import { StaffErrors } from '../staff.errors';

/** The account must exist and not be linked to another staff member. */
export async function assertLinkableAccount(tx: IdentityTx, accountId: string, staffId: string | null) {
  const account = await tx.account.findUnique({ where: { id: accountId }, select: { id: true } });
  if (!account) throw StaffErrors.UNKNOWN_ACCOUNT({ accountId });
  // Across every region on purpose: the link is unique there. Only existence is told.
  const linked = await tx.scoped.staffMember.findFirst(RegionScope.system('account links are unique'), {
    where: { accountId, ...(staffId ? { NOT: { id: staffId } } : {}) },
    select: { id: true },
  });
  if (linked) throw StaffErrors.ACCOUNT_ALREADY_LINKED({ accountId });
}
