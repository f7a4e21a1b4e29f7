import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL } from '@wushe/platform';
import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { IDENTITY_SETTINGS, IdentitySettings } from '../../settings/identity-settings';
import type { RequestOrigin } from '../http/request-origin';
import type { GrantRow } from '../tokens/access-tokens';
import type { MintedRefreshToken } from '../tokens/refresh-token.repository';

export interface ReservedAttempt {
  id: string;
  kind: string;
  secretHash: string;
  /** Set when this attempt reached LOGIN_MAX_FAILURES: it locks the account unless the password is right. */
  lockedUntil: Date | null;
}

export interface RefusedAccount {
  id: string;
  kind: string;
  status: string;
  secretHash: string;
  lockedUntil: Date | null;
}

/**
 * The SQL of a login, on the platform's pg pool rather than through Prisma: a login is on the hot
 * path and each Prisma interactive transaction costs ~3 ms of CPU here against ~0.3 ms for a
 * statement (bench/README.md, identity-tokens). Two statements per successful login, each
 * atomic on its own (autocommit); the columns are those of prisma/schema.prisma.
 *
 * Lockout: LOGIN_MAX_FAILURES consecutive failures lock the account for LOGIN_LOCK_MINUTES. Each
 * attempt is counted as a failure *before* the password is checked and the count is reset when it
 * was right, so concurrent guesses cannot slip past the limit: at most LOGIN_MAX_FAILURES passwords
 * are checked per lock period. The attempt that reaches the limit sets the lock at once; if its
 * password was right, the success lifts it again. (The price: LOGIN_MAX_FAILURES logins of one
 * account *in flight at the same moment* also lock it, even with the right password.)
 */
@Injectable()
export class LoginRepository {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
  ) {}

  /**
   * Finds an active, unlocked user account by phone hash and counts this attempt against it, in one
   * statement. No row: unknown, not a user, disabled or locked (see refusedAccount).
   */
  async reserveAttempt(phoneHash: string): Promise<ReservedAttempt | undefined> {
    const { rows } = await this.pool.query<ReservedAttempt>(
      `UPDATE account SET
         failed_logins = CASE WHEN locked_until <= now() THEN 1 ELSE failed_logins + 1 END,
         locked_until = CASE
           WHEN (CASE WHEN locked_until <= now() THEN 1 ELSE failed_logins + 1 END) >= $2::int
           THEN now() + make_interval(mins => $3::int) END
       WHERE phone_hash = $1 AND kind = 'user' AND status = 'active'
         AND (locked_until IS NULL OR locked_until <= now())
       RETURNING id, kind, secret_hash AS "secretHash", locked_until AS "lockedUntil"`,
      [phoneHash, this.settings.LOGIN_MAX_FAILURES, this.settings.LOGIN_LOCK_MINUTES],
    );
    return rows[0];
  }

  /** Why reserveAttempt found nothing: the account as it is, or undefined for an unknown phone. */
  async refusedAccount(phoneHash: string): Promise<RefusedAccount | undefined> {
    const { rows } = await this.pool.query<RefusedAccount>(
      `SELECT id, kind, status, secret_hash AS "secretHash", locked_until AS "lockedUntil"
       FROM account WHERE phone_hash = $1`,
      [phoneHash],
    );
    return rows[0];
  }

  /**
   * The password was right: reset the failure count (lifting a lock this attempt set), store a
   * re-hashed password if there is one, start a refresh-token family, audit the login, and read the
   * active grants for the access token, in one statement (data-modifying CTEs run exactly once).
   */
  async completeLogin(input: {
    accountId: string;
    rehashedSecret: string | undefined;
    refresh: MintedRefreshToken;
    jti: string;
    origin: RequestOrigin;
  }): Promise<GrantRow[]> {
    const { accountId, refresh, origin } = input;
    const { rows } = await this.pool.query<GrantRow>(
      `WITH reset AS (
         UPDATE account SET failed_logins = 0, locked_until = NULL, last_login_at = now(), updated_at = now(),
                secret_hash = COALESCE($2, secret_hash)
         WHERE id = $1::uuid
       ), refresh AS (
         INSERT INTO refresh_token (id, family_id, account_id, token_hash, expires_at)
         VALUES ($3::uuid, $4::uuid, $1::uuid, $5, $6)
       ), audit AS (
         INSERT INTO audit_entry (id, action, actor_id, target_type, target_id, ip, user_agent, details)
         VALUES ($7::uuid, 'auth.login', $1::uuid, 'account', $1, $8, $9, $10::jsonb)
       )
       SELECT id, role, region_code AS "regionCode", organization_id AS "organizationId"
       FROM role_grant WHERE account_id = $1::uuid AND revoked_at IS NULL
       ORDER BY granted_at`,
      [
        accountId,
        input.rehashedSecret ?? null,
        refresh.id,
        refresh.familyId,
        refresh.tokenHash,
        refresh.expiresAt,
        uuidv7(),
        origin.ip?.slice(0, 64) ?? null,
        origin.userAgent?.slice(0, 300) ?? null,
        JSON.stringify({ jti: input.jti, familyId: refresh.familyId }),
      ],
    );
    return rows;
  }
}

/** Whole seconds until `until`, at least 1 (for Retry-After). */
export function secondsUntil(until: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
}
