import { Injectable } from '@nestjs/common';
import { AuditLog } from '../../audit';
import { IdentityDb } from '../../database/identity-db';
import { AccountErrors } from '../accounts.errors';
import type { RequestOrigin } from '../http/request-origin';
import { AccessTokens } from '../tokens/access-tokens';
import { TokenHolderQuery } from '../tokens/token-holder.query';
import { RefreshTokens, UnusableRefreshToken } from '../tokens/refresh-token.repository';
import type { TokenPair } from '../tokens/token-pair';

/**
 * Refresh token → a new pair, the old token used up. A used token presented again means two
 * parties hold it (one of them a thief, or a client that lost a response): the whole family is
 * revoked and both must log in again (OAuth 2.0 Security BCP, refresh token rotation).
 */
@Injectable()
export class Refresh {
  constructor(
    private readonly db: IdentityDb,
    private readonly accessTokens: AccessTokens,
    private readonly refreshTokens: RefreshTokens,
    private readonly holders: TokenHolderQuery,
    private readonly audit: AuditLog,
  ) {}

  async execute(refreshToken: string, origin: RequestOrigin): Promise<TokenPair> {
    const outcome = await this.db.$transaction(
      async (tx): Promise<{ pair: TokenPair } | { refused: UnusableRefreshToken }> => {
        const claimed = await this.refreshTokens.claim(tx, refreshToken);
        if (!claimed) return { refused: await this.refreshTokens.inspect(tx, refreshToken) };
        const account = await this.holders.account(tx, claimed.accountId);
        if (!account || account.status !== 'active') {
          await this.refreshTokens.revokeFamily(tx, claimed.familyId);
          return { refused: { state: 'revoked', ...claimed } };
        }
        const access = await this.accessTokens.issue(tx, account);
        const successor = await this.refreshTokens.issue(tx, account.id, claimed.familyId);
        return { pair: { accessToken: access.token, refreshToken: successor, expiresIn: access.expiresIn } };
      },
    );
    if ('pair' in outcome) return outcome.pair;

    const refused = outcome.refused;
    if (refused.state !== 'used') throw AccountErrors.INVALID_REFRESH_TOKEN();
    await this.db.$transaction(async (tx) => {
      const revoked = await this.refreshTokens.revokeFamily(tx, refused.familyId);
      await this.audit.record(
        {
          action: 'auth.refresh-reuse',
          targetType: 'account',
          targetId: refused.accountId,
          ...origin,
          details: { familyId: refused.familyId, revoked },
        },
        tx,
      );
    });
    throw AccountErrors.REFRESH_REUSED();
  }
}
