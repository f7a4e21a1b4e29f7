import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { IdentityTx } from '../../database/identity-db';
import { IDENTITY_SETTINGS, IdentitySettings } from '../../settings/identity-settings';

export interface ClaimedRefreshToken {
  id: string;
  familyId: string;
  accountId: string;
}

export type UnusableRefreshToken =
  | { state: 'unknown' }
  | { state: 'used'; familyId: string; accountId: string }
  | { state: 'revoked' | 'expired'; familyId: string; accountId: string };

/** A new refresh token and the row that stores it (the token itself is only in the answer). */
export interface MintedRefreshToken {
  token: string;
  id: string;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The refresh tokens' store. Opaque tokens (32 random bytes, base64url), stored only as sha256. Each login starts a
 * family; each refresh marks its token used and issues a successor in the same family.
 */
@Injectable()
export class RefreshTokens {
  constructor(@Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings) {}

  /** A token to store; `familyId` continues a family (refresh), a new one starts one (login). */
  mint(familyId: string = uuidv7()): MintedRefreshToken {
    const token = randomBytes(32).toString('base64url');
    return {
      token,
      id: uuidv7(),
      familyId,
      tokenHash: hashRefreshToken(token),
      expiresAt: new Date(Date.now() + this.settings.REFRESH_TOKEN_TTL_DAYS * 86_400_000),
    };
  }

  async issue(tx: IdentityTx, accountId: string, familyId?: string): Promise<string> {
    const { token, ...row } = this.mint(familyId);
    await tx.refreshToken.create({ data: { ...row, accountId } });
    return token;
  }

  /**
   * Marks the token used if it is usable, in one statement: of two concurrent refreshes with the
   * same token exactly one gets the row back; the other finds it used (a reuse).
   */
  async claim(tx: IdentityTx, token: string): Promise<ClaimedRefreshToken | undefined> {
    const rows = await tx.$queryRawUnsafe<ClaimedRefreshToken[]>(
      `UPDATE refresh_token SET used_at = now()
       WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
       RETURNING id, family_id::text AS "familyId", account_id::text AS "accountId"`,
      hashRefreshToken(token),
    );
    return rows[0];
  }

  /** The stored row of a presented token, whatever its state. */
  find(tx: IdentityTx, token: string) {
    return tx.refreshToken.findUnique({ where: { tokenHash: hashRefreshToken(token) } });
  }

  /** Why a token could not be claimed. */
  async inspect(tx: IdentityTx, token: string): Promise<UnusableRefreshToken> {
    const row = await this.find(tx, token);
    if (!row) return { state: 'unknown' };
    const { familyId, accountId } = row;
    // A used token presented again is a reuse whether or not a concurrent replay has already
    // revoked its family; checking revocation first made the answer depend on that race.
    if (row.usedAt) return { state: 'used', familyId, accountId };
    if (row.revokedAt) return { state: 'revoked', familyId, accountId };
    return { state: 'expired', familyId, accountId };
  }

  /** Revokes every token of the family not revoked yet; returns how many. */
  async revokeFamily(tx: IdentityTx, familyId: string): Promise<number> {
    const { count } = await tx.refreshToken.updateMany({
      where: { familyId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return count;
  }

  async revokeAllOf(tx: IdentityTx, accountId: string): Promise<number> {
    const { count } = await tx.refreshToken.updateMany({
      where: { accountId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return count;
  }
}
