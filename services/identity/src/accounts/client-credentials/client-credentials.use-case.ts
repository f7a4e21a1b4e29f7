import { Injectable } from '@nestjs/common';
import { AuditLog } from '../../audit';
import { IdentityDb } from '../../database/identity-db';
import { AccountErrors } from '../accounts.errors';
import type { TokenRequest } from '../accounts.schemas';
import type { RequestOrigin } from '../http/request-origin';
import { LoginThrottle } from '../login/login-throttle';
import { PasswordHasher } from '../passwords/password-hasher';
import { AccessTokens } from '../tokens/access-tokens';

/** OAuth 2.0 access token response (RFC 6749 §5.1); no refresh token for client credentials. */
export interface ClientCredentialsToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

/**
 * Client credentials grant for outside systems: a service account's client id and secret → an
 * access token with typ 'service' and the account's grants. Refusals carry OAuth's `error` name
 * beside the problem details code. Secrets are 256-bit random, so there is no per-account lockout,
 * only the per-address throttle shared with logins.
 */
@Injectable()
export class ClientCredentials {
  constructor(
    private readonly db: IdentityDb,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly accessTokens: AccessTokens,
    private readonly audit: AuditLog,
  ) {}

  async execute(request: TokenRequest, origin: RequestOrigin): Promise<ClientCredentialsToken> {
    if (request.grant_type !== 'client_credentials') {
      throw AccountErrors.UNSUPPORTED_GRANT_TYPE({ error: 'unsupported_grant_type' });
    }
    await this.throttle.hit(origin.ip);
    const account = await this.db.$transaction((tx) =>
      tx.account.findUnique({ where: { clientId: request.client_id } }),
    );
    const valid =
      account && account.kind === 'service'
        ? (await this.hasher.verify(account.secretHash, request.client_secret)) && account.status === 'active'
        : await this.hasher.verifyDummy(request.client_secret);
    if (!account || !valid) {
      await this.audit.record({
        action: 'auth.login-failed',
        targetType: 'account',
        ...(account ? { targetId: account.id } : {}),
        ...origin,
        details: {
          grant: 'client_credentials',
          reason: account ? 'bad-secret-or-disabled' : 'unknown-client',
        },
      });
      throw AccountErrors.INVALID_CLIENT({ error: 'invalid_client' });
    }
    return this.db.$transaction(async (tx) => {
      await tx.account.update({ where: { id: account.id }, data: { lastLoginAt: new Date() } });
      const access = await this.accessTokens.issue(tx, account);
      await this.audit.record(
        {
          action: 'auth.client-credentials',
          actorId: account.id,
          targetType: 'account',
          targetId: account.id,
          ...origin,
          details: { jti: access.jti },
        },
        tx,
      );
      return { access_token: access.token, token_type: 'Bearer' as const, expires_in: access.expiresIn };
    });
  }
}
