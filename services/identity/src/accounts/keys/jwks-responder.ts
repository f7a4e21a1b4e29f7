import { Inject, Injectable } from '@nestjs/common';
import type { Msg, Subscription } from '@nats-io/transport-node';
import type { PlatformConfig } from '@wushe/config';
import { JWKS_REQUEST_SUBJECT } from '@wushe/contracts';
import { NATS, NatsHandles, prefixedSubject } from '@wushe/messaging';
import { LOGGER, PLATFORM_CONFIG } from '@wushe/platform';
import type { Logger } from 'pino';
import { SigningKeys } from './signing-keys';

/**
 * Answers JWKS requests over core NATS (for services that would rather not call identity over
 * HTTP). The replicas form one queue group, so each request is answered once.
 */
@Injectable()
export class JwksResponder {
  private subscription?: Subscription;

  constructor(
    @Inject(NATS) private readonly nats: NatsHandles,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly keys: SigningKeys,
  ) {}

  get subject(): string {
    return prefixedSubject(this.config.nats.prefix, JWKS_REQUEST_SUBJECT);
  }

  start(): void {
    if (this.subscription) return;
    this.subscription = this.nats.nc.subscribe(this.subject, {
      queue: 'identity-jwks',
      callback: (error, msg) => {
        if (error) this.logger.warn({ err: error }, 'JWKS subscription error');
        else void this.answer(msg);
      },
    });
  }

  /** Stops taking requests and lets the ones in hand be answered. */
  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    if (!subscription || this.nats.nc.isClosed() || subscription.isClosed()) return;
    await subscription.drain().catch(() => undefined);
  }

  private async answer(msg: Msg): Promise<void> {
    try {
      msg.respond(JSON.stringify(await this.keys.jwks()));
    } catch (error) {
      // No answer: the requester times out and retries, or falls back to the HTTP endpoint.
      this.logger.error({ err: error }, 'Could not answer a JWKS request');
    }
  }
}
