import type { Grant, Role } from '@wushe/platform';
import type { RoleGrant } from '../../generated/prisma';

export function presentGrant(grant: RoleGrant) {
  return {
    id: grant.id,
    accountId: grant.accountId,
    role: grant.role,
    ...(grant.regionCode ? { region: grant.regionCode } : { organization: grant.organizationId }),
    grantedBy: grant.grantedBy,
    grantedAt: grant.grantedAt.toISOString(),
    revokedAt: grant.revokedAt?.toISOString() ?? null,
  };
}
export type GrantView = ReturnType<typeof presentGrant>;

/** Back to the token-claim shape the grant rules speak (rows only hold roles that passed them). */
export function asGrantClaim(grant: RoleGrant): Grant {
  return grant.regionCode
    ? { role: grant.role as Role, region: grant.regionCode }
    : { role: 'organization_admin', organization: grant.organizationId ?? '' };
}
