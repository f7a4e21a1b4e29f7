import { CommonErrors, Principal, RegionScope, Role } from '@wushe/platform';
import type { RecipientRepository, RecipientWithCategories } from './recipient.repository';
import { RECIPIENT_READERS } from './recipient-roles';

/**
 * Loads a recipient for an action that needs one of `roles` in its region. A record the caller
 * may read but not act on is FORBIDDEN; one outside every scope of theirs is NOT_FOUND, so its
 * existence is not disclosed.
 */
export async function loadForAction(
  recipients: RecipientRepository,
  principal: Principal,
  roles: readonly Role[],
  id: string,
): Promise<RecipientWithCategories> {
  const recipient = await recipients.findById(RegionScope.of(principal, roles), id);
  if (recipient) return recipient;
  if (await recipients.findById(RegionScope.of(principal, RECIPIENT_READERS), id))
    throw CommonErrors.FORBIDDEN();
  throw CommonErrors.NOT_FOUND({ resource: 'recipient', id });
}
