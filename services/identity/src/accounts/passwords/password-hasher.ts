import { Injectable } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

/**
 * argon2id at the OWASP floor: m = 19,456 KiB (19 MiB), t = 2, p = 1.
 *
 * Why not more: API pods have 2 cores, and a login is CPU- and memory-bound. Here one verify takes
 * ~28 ms and a pod does ~70/s (bench/identity-tokens.bench.ts); RFC 9106's m = 64 MiB, t = 3 took
 * ~180 ms (~9/s), which would make the login endpoint the cheapest way to take a pod down. Online
 * guessing is bounded by the account lockout and the per-IP throttle, so the parameters only
 * matter for a stolen table, where the floor is what OWASP accepts. The parameters travel in
 * every PHC string, and a successful login re-hashes a password stored with other parameters, so
 * they can be raised later without a migration.
 */
export const ARGON2_PARAMS = {
  algorithm: Algorithm.Argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

const CURRENT_PHC_PREFIX = `$argon2id$v=19$m=${ARGON2_PARAMS.memoryCost},t=${ARGON2_PARAMS.timeCost},p=${ARGON2_PARAMS.parallelism}$`;

@Injectable()
export class PasswordHasher {
  private dummy?: Promise<string>;

  hash(secret: string): Promise<string> {
    return hash(secret, ARGON2_PARAMS);
  }

  /** False for a wrong secret and for a stored value that is not a valid hash. */
  async verify(stored: string, secret: string): Promise<boolean> {
    try {
      return await verify(stored, secret);
    } catch {
      return false;
    }
  }

  /**
   * Spends the same time as a real verification, for callers with no account to check against:
   * an unknown phone must not answer faster than a known one.
   */
  async verifyDummy(secret: string): Promise<false> {
    this.dummy ??= hash(randomBytes(32).toString('base64url'), ARGON2_PARAMS);
    await this.verify(await this.dummy, secret);
    return false;
  }

  /** True when the stored hash was made with other parameters and should be replaced. */
  needsRehash(stored: string): boolean {
    return !stored.startsWith(CURRENT_PHC_PREFIX);
  }
}
