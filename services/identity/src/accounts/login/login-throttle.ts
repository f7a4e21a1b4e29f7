import { Inject, Injectable } from '@nestjs/common';
import type { PlatformConfig } from '@wushe/config';
import { REDIS } from '@wushe/jobs';
import { LOGGER, PLATFORM_CONFIG } from '@wushe/platform';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { IDENTITY_SETTINGS, IdentitySettings } from '../../settings/identity-settings';
import { AccountErrors } from '../accounts.errors';

const WINDOW_MS = 60_000;
/** Redis is shared with the queues; a login never waits longer than this for its counter. */
const REDIS_TIMEOUT_MS = 300;

/**
 * Credential-stuffing brake: at most LOGIN_IP_LIMIT_PER_MINUTE attempts per client address and
 * minute (fixed window, shared by every replica through Redis), counted before the password is
 * hashed so the throttle also bounds the CPU an address can make the service spend. IPv6 clients
 * are counted per /64, the block one subscriber usually holds. While Redis is unreachable logins
 * go on unthrottled (the per-account lockout in PostgreSQL still holds) rather than fail.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Counts one attempt from `ip`; throws TOO_MANY_ATTEMPTS (with retryAfter seconds) over the limit. */
  async hit(ip: string | undefined): Promise<void> {
    const now = Date.now();
    const window = Math.floor(now / WINDOW_MS);
    const key = `${this.config.redis.prefix}:identity:login-ip:${clientKey(ip)}:${window}`;
    let count: number;
    try {
      count = await withTimeout(this.count(key), REDIS_TIMEOUT_MS);
    } catch (error) {
      this.logger.warn({ err: error }, 'Login throttle unavailable (Redis); attempt not counted');
      return;
    }
    if (count > this.settings.LOGIN_IP_LIMIT_PER_MINUTE) {
      throw AccountErrors.TOO_MANY_ATTEMPTS({
        retryAfter: Math.ceil(((window + 1) * WINDOW_MS - now) / 1000),
      });
    }
  }

  private async count(key: string): Promise<number> {
    const results = await this.redis
      .multi()
      .incr(key)
      .pexpire(key, WINDOW_MS * 2)
      .exec();
    const [error, value] = results?.[0] ?? [new Error('no reply'), 0];
    if (error) throw error;
    return Number(value);
  }
}

/** The address a client is counted under: IPv4 as is, IPv6 by its /64 prefix. */
export function clientKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (v4) return v4[1];
  const [head, tail = ''] = ip.toLowerCase().split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...new Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.padStart(4, '0'))
    .join(':')}::/64`;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
