import { Injectable } from '@nestjs/common';
import { Principal } from '@wushe/platform';
import { IdentityDb } from '../../database/identity-db';
import { AccessErrors } from '../access.errors';
import { scopeFor } from '../permissions';
import { GrantView, presentGrant } from './grant.presenter';

/** An account's active grants, as far as they fall inside the caller's regions. */
@Injectable()
export class ListGrants {
  constructor(private readonly db: IdentityDb) {}

  async forAccount(principal: Principal, accountId: string): Promise<GrantView[]> {
    const scope = scopeFor(principal, 'accounts.read');
    const grants = await this.db.$transaction((tx) =>
      tx.roleGrant.findMany({ where: { accountId, revokedAt: null }, orderBy: { grantedAt: 'asc' } }),
    );
    const visible = grants.filter((g) =>
      g.regionCode ? scope.covers(g.regionCode) : scope.prefixes === 'all',
    );
    // An account with nothing in the caller's regions is, for the caller, not there.
    if (visible.length === 0 && principal.subject !== accountId)
      throw AccessErrors.ACCOUNT_NOT_FOUND({ accountId });
    return (principal.subject === accountId ? grants : visible).map(presentGrant);
  }
}
