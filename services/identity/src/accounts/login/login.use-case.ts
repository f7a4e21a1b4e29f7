import { Injectable } from '@nestjs/common';
import { parseMobile } from '@wushe/cn-standards';
import { FieldCipher } from '@wushe/platform';
import { randomUUID } from 'node:crypto';
import { AuditLog } from '../../audit';
import { AccountErrors } from '../accounts.errors';
import type { LoginInput } from '../accounts.schemas';
import type { RequestOrigin } from '../http/request-origin';
import { PasswordHasher } from '../passwords/password-hasher';
import { AccessTokens } from '../tokens/access-tokens';
import { RefreshTokens } from '../tokens/refresh-token.repository';
import type { TokenPair } from '../tokens/token-pair';
import { LoginRepository, secondsUntil } from './login.repository';
import { LoginThrottle } from './login-throttle';

type FailureReason = 'unknown-phone' | 'disabled' | 'locked' | 'wrong-password';

/**
 * Phone + password → access and refresh token. Every refusal that could tell whether a phone is
 * registered (unknown or malformed phone, wrong password, disabled account) is the same 401 and
 * costs the same argon2 verification. Only a lockout says more (423): the owner must learn of it.
 */
@Injectable()
export class Login {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly logins: LoginRepository,
    private readonly accessTokens: AccessTokens,
    private readonly refreshTokens: RefreshTokens,
    private readonly audit: AuditLog,
  ) {}

  async execute(input: LoginInput, origin: RequestOrigin): Promise<TokenPair> {
    await this.throttle.hit(origin.ip);
    const phone = parseMobile(input.phone);
    const phoneHash = phone.ok ? this.cipher.lookupHash(phone.value) : undefined;
    const attempt = phoneHash ? await this.logins.reserveAttempt(phoneHash) : undefined;
    if (!attempt) return this.refuse(input, origin, phoneHash);

    if (!(await this.hasher.verify(attempt.secretHash, input.password))) {
      await this.failed(origin, attempt.id, 'wrong-password');
      if (!attempt.lockedUntil) throw AccountErrors.INVALID_CREDENTIALS();
      await this.audit.record({
        action: 'auth.locked',
        targetType: 'account',
        targetId: attempt.id,
        ...origin,
        details: { until: attempt.lockedUntil.toISOString() },
      });
      throw AccountErrors.ACCOUNT_LOCKED({ retryAfter: secondsUntil(attempt.lockedUntil) });
    }

    const rehashedSecret = this.hasher.needsRehash(attempt.secretHash)
      ? await this.hasher.hash(input.password)
      : undefined;
    const refresh = this.refreshTokens.mint();
    const jti = randomUUID();
    const grants = await this.logins.completeLogin({
      accountId: attempt.id,
      rehashedSecret,
      refresh,
      jti,
      origin,
    });
    const access = await this.accessTokens.sign(attempt, this.accessTokens.toClaims(attempt.id, grants), jti);
    return { accessToken: access.token, refreshToken: refresh.token, expiresIn: access.expiresIn };
  }

  /** No attempt could be reserved: say why without saying whether the phone is registered. */
  private async refuse(
    input: LoginInput,
    origin: RequestOrigin,
    phoneHash: string | undefined,
  ): Promise<never> {
    const account = phoneHash ? await this.logins.refusedAccount(phoneHash) : undefined;
    if (!account || account.kind !== 'user') {
      await this.hasher.verifyDummy(input.password);
      await this.failed(origin, null, 'unknown-phone', phoneHash ? { phoneHash } : {});
      throw AccountErrors.INVALID_CREDENTIALS();
    }
    if (account.status !== 'active') {
      await this.hasher.verify(account.secretHash, input.password);
      await this.failed(origin, account.id, 'disabled');
      throw AccountErrors.INVALID_CREDENTIALS();
    }
    await this.failed(origin, account.id, 'locked');
    throw AccountErrors.ACCOUNT_LOCKED({ retryAfter: secondsUntil(account.lockedUntil ?? new Date()) });
  }

  /** Failed attempts are audited on their own: the attempt changed nothing else. */
  private failed(
    origin: RequestOrigin,
    accountId: string | null,
    reason: FailureReason,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    return this.audit.record({
      action: 'auth.login-failed',
      targetType: 'account',
      ...(accountId ? { targetId: accountId } : {}),
      ...origin,
      details: { reason, ...extra },
    });
  }
}
