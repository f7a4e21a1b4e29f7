import type { Principal } from '@wushe/platform';
import { loadForAction } from '../access/permissions';
import type { HouseholdRepository, HouseholdWithMembers } from './household.repository';

/** Loads a household for a change, under the one policy (loadForAction). */
export function loadHouseholdForAction(
  households: HouseholdRepository,
  principal: Principal,
  id: string,
): Promise<HouseholdWithMembers> {
  return loadForAction(
    principal,
    { read: 'households.read', act: 'households.manage' },
    { resource: 'household', id },
    (scope) => households.findById(scope, id),
  );
}
