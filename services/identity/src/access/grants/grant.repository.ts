import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { IdentityTx } from '../../database/identity-db';
import { RoleGrant } from '../../generated/prisma';

export interface NewGrant {
  accountId: string;
  role: string;
  regionCode: string | null;
  organizationId: string | null;
  grantedBy: string | null;
}

/**
 * Role grants of an account. Every method runs in the caller's transaction, after the use case
 * checked that the caller may act on the account (accountInScope) and on the grant (grant-rules).
 */
@Injectable()
export class GrantRepository {
  async accountExists(tx: IdentityTx, accountId: string): Promise<boolean> {
    return !!(await tx.account.findUnique({ where: { id: accountId }, select: { id: true } }));
  }

  /** Whether the region exists and is current (a grant on a merged-away region is refused). */
  async regionIsCurrent(tx: IdentityTx, code: string): Promise<boolean> {
    const region = await tx.region.findUnique({ where: { code }, select: { validTo: true } });
    return !!region && !region.validTo;
  }

  /** One active grant per (account, role, scope): concurrent grants to one account take turns. */
  async lockAccount(tx: IdentityTx, accountId: string): Promise<void> {
    await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(hashtext($1))', `grant:${accountId}`);
  }

  findActiveSame(tx: IdentityTx, grant: Omit<NewGrant, 'grantedBy'>): Promise<RoleGrant | null> {
    return tx.roleGrant.findFirst({
      where: {
        accountId: grant.accountId,
        role: grant.role,
        revokedAt: null,
        ...(grant.regionCode ? { regionCode: grant.regionCode } : { organizationId: grant.organizationId }),
      },
    });
  }

  create(tx: IdentityTx, grant: NewGrant): Promise<RoleGrant> {
    return tx.roleGrant.create({ data: { id: uuidv7(), ...grant } });
  }

  findActive(tx: IdentityTx, accountId: string, grantId: string): Promise<RoleGrant | null> {
    return tx.roleGrant.findFirst({ where: { id: grantId, accountId, revokedAt: null } });
  }

  revoke(tx: IdentityTx, grantId: string, revokedBy: string): Promise<RoleGrant> {
    return tx.roleGrant.update({ where: { id: grantId }, data: { revokedAt: new Date(), revokedBy } });
  }
}
