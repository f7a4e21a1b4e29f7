import type { Principal } from '@wushe/platform';
import { loadForAction, Permission } from '../access/permissions';
import { CaseWorkErrors } from './case-work.errors';
import type { CaseWorkRepository, RecipientRef } from './case-work.repository';

/** What acting on case work checks: readable by case-work readers, `act` to act (loadForAction). */
export const caseWork = (act: Permission) => ({ read: 'case-work.read', act }) as const;

/** The recipient, for writing case work on: in the writer's scope and not closed. */
export async function loadOpenRecipient(
  repo: CaseWorkRepository,
  principal: Principal,
  id: string,
): Promise<RecipientRef> {
  const recipient = await loadForAction(
    principal,
    caseWork('case-work.manage'),
    { resource: 'recipient', id },
    (scope) => repo.findRecipient(scope, id),
  );
  if (recipient.status === 'closed') throw CaseWorkErrors.RECIPIENT_CLOSED();
  return recipient;
}
