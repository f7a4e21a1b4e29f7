import { CommonErrors, Principal, RegionScope, Role } from '@wushe/platform';
import { CaseWorkErrors } from './case-work.errors';
import type { CaseWorkRepository, RecipientRef } from './case-work.repository';
import { CASE_READERS } from './case-work.roles';

/**
 * Loads a row for an action that needs one of `roles` in its village. A row the caller may read
 * but not act on is FORBIDDEN; one outside every scope of theirs is NOT_FOUND (not disclosed).
 */
export async function loadForAction<T>(
  principal: Principal,
  roles: readonly Role[],
  resource: string,
  id: string,
  find: (scope: RegionScope) => Promise<T | null>,
): Promise<T> {
  const row = await find(RegionScope.of(principal, roles));
  if (row) return row;
  if (await find(RegionScope.of(principal, CASE_READERS))) throw CommonErrors.FORBIDDEN();
  throw CommonErrors.NOT_FOUND({ resource, id });
}

/** The recipient, for writing case work on: in the writer's scope and not closed. */
export async function loadOpenRecipient(
  repo: CaseWorkRepository,
  principal: Principal,
  roles: readonly Role[],
  id: string,
): Promise<RecipientRef> {
  const recipient = await loadForAction(principal, roles, 'recipient', id, (s) => repo.findRecipient(s, id));
  if (recipient.status === 'closed') throw CaseWorkErrors.RECIPIENT_CLOSED();
  return recipient;
}
