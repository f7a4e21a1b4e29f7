import type { Principal } from '@wushe/platform';
import { loadForAction, Permission } from '../access/permissions';
import type { RecipientRepository, RecipientWithCategories } from './recipient.repository';

/**
 * Loads a recipient for an action that needs `act` in its region, under the one policy
 * (loadForAction): readable but not hers to act on is FORBIDDEN; outside her read scope NOT_FOUND.
 */
export function loadRecipientForAction(
  recipients: RecipientRepository,
  principal: Principal,
  act: Permission,
  id: string,
): Promise<RecipientWithCategories> {
  return loadForAction(principal, { read: 'recipients.read', act }, { resource: 'recipient', id }, (scope) =>
    recipients.findById(scope, id),
  );
}
