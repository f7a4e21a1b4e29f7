import { Inject, Injectable } from '@nestjs/common';
import type { PlatformConfig } from '@wushe/config';
import { Grant, grantSchema, LOGGER, PLATFORM_CONFIG } from '@wushe/platform';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { IdentityTx } from '../../database/identity-db';
import { IDENTITY_SETTINGS, IdentitySettings } from '../../settings/identity-settings';
import { SIGNING_ALG, SigningKeys } from '../keys/signing-keys';
import { TokenHolderQuery } from './token-holder.query';

/** The most grants a token carries (libs/platform's accessTokenClaimsSchema refuses more). */
const MAX_GRANTS = 100;

export interface GrantRow {
  id: string;
  role: string;
  regionCode: string | null;
  organizationId: string | null;
}

export interface IssuedAccessToken {
  token: string;
  expiresIn: number;
  jti: string;
}

/**
 * Signs access tokens with the active key: header `kid`, claims iss/aud from the platform config,
 * sub = account id, typ user|service, the account's active grants, iat/nbf/exp and a jti.
 */
@Injectable()
export class AccessTokens {
  constructor(
    private readonly keys: SigningKeys,
    private readonly holders: TokenHolderQuery,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  get ttlSeconds(): number {
    return this.settings.ACCESS_TOKEN_TTL_SECONDS;
  }

  async issue(tx: IdentityTx, account: { id: string; kind: string }): Promise<IssuedAccessToken> {
    return this.sign(account, await this.activeGrants(tx, account.id));
  }

  /** Signs a token for grants the caller already read (in the transaction that authenticated it). */
  async sign(
    account: { id: string; kind: string },
    grants: Grant[],
    jti: string = randomUUID(),
  ): Promise<IssuedAccessToken> {
    const signer = await this.keys.currentSigner();
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ typ: account.kind === 'service' ? 'service' : 'user', grants })
      .setProtectedHeader({ alg: SIGNING_ALG, kid: signer.kid, typ: 'JWT' })
      .setIssuer(this.config.auth.issuer)
      .setAudience(this.config.auth.audience)
      .setSubject(account.id)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + this.ttlSeconds)
      .setJti(jti)
      .sign(signer.key);
    return { token, expiresIn: this.ttlSeconds, jti };
  }

  /** Active grants (not revoked) in the claim shape every service parses; bad rows are left out. */
  async activeGrants(tx: IdentityTx, accountId: string): Promise<Grant[]> {
    return this.toClaims(accountId, await this.holders.activeGrants(tx, accountId));
  }

  /** Grant rows (active, oldest first) → the `grants` claim. */
  toClaims(accountId: string, rows: GrantRow[]): Grant[] {
    const grants: Grant[] = [];
    for (const row of rows) {
      const parsed = grantSchema.safeParse(
        row.organizationId !== null
          ? { role: row.role, organization: row.organizationId }
          : { role: row.role, region: row.regionCode },
      );
      // One malformed row must not make every token of the account unverifiable.
      if (parsed.success) grants.push(parsed.data);
      else this.logger.warn({ grantId: row.id, accountId }, 'Grant left out of the token: not a valid grant');
    }
    if (grants.length > MAX_GRANTS) {
      this.logger.warn(
        { accountId, grants: grants.length },
        `Token carries only the first ${MAX_GRANTS} grants`,
      );
    }
    return grants.slice(0, MAX_GRANTS);
  }
}
