import type { Grant, Principal, Role } from '@wushe/platform';

/** How far down the hierarchy each role sits, and the region-code lengths it may be held at. */
interface RoleRule {
  rank: number;
  lengths: readonly number[];
}

// Rank: 1 is the top. Nobody grants a role ranked above their own best role in that region.
export const ROLE_RULES: Record<Role, RoleRule> = {
  province_admin: { rank: 1, lengths: [2] },
  city_admin: { rank: 2, lengths: [4] },
  county_admin: { rank: 3, lengths: [6] },
  supervisor: { rank: 4, lengths: [6, 9] },
  auditor: { rank: 4, lengths: [2, 4, 6, 9] },
  service_account: { rank: 2, lengths: [2, 4, 6] },
  station_worker: { rank: 5, lengths: [9] },
  volunteer_coordinator: { rank: 5, lengths: [9] },
  point_worker: { rank: 6, lengths: [9, 12] },
  organization_admin: { rank: 6, lengths: [] },
};

/** Only administrators grant roles; their own role bounds what they may hand out. */
const GRANTERS: readonly Role[] = ['province_admin', 'city_admin', 'county_admin'];

export type GrantRefusal =
  'ROLE_REGION_MISMATCH' | 'GRANT_OUTSIDE_SCOPE' | 'GRANT_ABOVE_OWN_LEVEL' | 'NOT_A_GRANTER';

/**
 * May `granter` give `grant`? The target region must lie inside a region where the granter holds
 * an administrator role ranked at or above the role given, and the region's level must suit the
 * role. Organization admins are granted by county administrators and above.
 */
export function checkGrant(granter: Principal, grant: Grant): GrantRefusal | null {
  const adminGrants = granter.grants.filter(
    (g): g is Extract<Grant, { region: string }> => 'region' in g && GRANTERS.includes(g.role),
  );
  if (adminGrants.length === 0) return 'NOT_A_GRANTER';
  if (!('region' in grant)) {
    return adminGrants.some((g) => ROLE_RULES[g.role].rank <= ROLE_RULES.county_admin.rank)
      ? null
      : 'GRANT_ABOVE_OWN_LEVEL';
  }
  if (!ROLE_RULES[grant.role].lengths.includes(grant.region.length)) return 'ROLE_REGION_MISMATCH';
  const covering = adminGrants.filter((g) => grant.region.startsWith(g.region));
  if (covering.length === 0) return 'GRANT_OUTSIDE_SCOPE';
  const bestRank = Math.min(...covering.map((g) => ROLE_RULES[g.role].rank));
  return ROLE_RULES[grant.role].rank >= bestRank ? null : 'GRANT_ABOVE_OWN_LEVEL';
}
