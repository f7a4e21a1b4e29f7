import { CommonErrors, Principal, RegionScope } from '@wushe/platform';
import type { HouseholdRepository, HouseholdWithMembers } from './household.repository';
import { HOUSEHOLD_READERS, HOUSEHOLD_WRITERS } from './household.roles';

/**
 * Loads a household for a change. One the caller may read but not change is FORBIDDEN; one
 * outside every scope of theirs is NOT_FOUND, so its existence is not disclosed.
 */
export async function loadHouseholdForAction(
  households: HouseholdRepository,
  principal: Principal,
  id: string,
): Promise<HouseholdWithMembers> {
  const household = await households.findById(RegionScope.of(principal, HOUSEHOLD_WRITERS), id);
  if (household) return household;
  if (await households.findById(RegionScope.of(principal, HOUSEHOLD_READERS), id))
    throw CommonErrors.FORBIDDEN();
  throw CommonErrors.NOT_FOUND({ resource: 'household', id });
}
