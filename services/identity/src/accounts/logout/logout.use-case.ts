import { Injectable } from '@nestjs/common';
import type { Principal } from '@wushe/platform';
import { AuditLog } from '../../audit';
import { IdentityDb } from '../../database/identity-db';
import { AccountErrors } from '../accounts.errors';
import type { RequestOrigin } from '../http/request-origin';
import { RefreshTokens } from '../tokens/refresh-token.repository';

/**
 * Ends a session: every refresh token of the presented token's family is revoked. Only the
 * token's own account may do it; anyone else's token is reported as unknown. The access token in
 * hand stays valid until it expires (ACCESS_TOKEN_TTL_SECONDS), as every service verifies locally.
 */
@Injectable()
export class Logout {
  constructor(
    private readonly db: IdentityDb,
    private readonly refreshTokens: RefreshTokens,
    private readonly audit: AuditLog,
  ) {}

  async execute(principal: Principal, refreshToken: string, origin: RequestOrigin): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const row = await this.refreshTokens.find(tx, refreshToken);
      if (!row || row.accountId !== principal.subject) throw AccountErrors.INVALID_REFRESH_TOKEN();
      const revoked = await this.refreshTokens.revokeFamily(tx, row.familyId);
      await this.audit.record(
        {
          action: 'auth.logout',
          actorId: principal.subject,
          targetType: 'account',
          targetId: principal.subject,
          ...origin,
          details: { familyId: row.familyId, revoked },
        },
        tx,
      );
    });
  }
}
