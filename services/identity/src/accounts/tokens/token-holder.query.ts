import { Injectable } from '@nestjs/common';
import type { IdentityTx } from '../../database/identity-db';
import type { Account } from '../../generated/prisma';
import type { GrantRow } from './access-tokens';

/** What a token is made of: the account it is issued to and that account's active grants. */
@Injectable()
export class TokenHolderQuery {
  account(tx: IdentityTx, accountId: string): Promise<Account | null> {
    return tx.account.findUnique({ where: { id: accountId } });
  }

  /** Active grants (not revoked), oldest first. */
  activeGrants(tx: IdentityTx, accountId: string): Promise<GrantRow[]> {
    return tx.roleGrant.findMany({
      where: { accountId, revokedAt: null },
      orderBy: { grantedAt: 'asc' },
      select: { id: true, role: true, regionCode: true, organizationId: true },
    });
  }
}
