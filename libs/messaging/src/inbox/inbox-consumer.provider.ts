import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { PlatformConfig } from '@wushe/config';
import { LOGGER, PG_POOL, PLATFORM_CONFIG } from '@wushe/platform';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { MESSAGING_OPTIONS, MessagingModuleOptions, NATS } from '../messaging.tokens';
import type { NatsHandles } from '../nats/nats-connection';
import type { SqlExecutor } from '../outbox/sql-executor';
import { InboxConsumer, InboxConsumerOptions } from './inbox-consumer';

type OwnOptions<Tx extends SqlExecutor> = Pick<
  InboxConsumerOptions<Tx>,
  'durable' | 'source' | 'filter' | 'handlers' | 'db'
>;

/** What a service's consumer class needs injected; it passes it to super() unchanged. */
@Injectable()
export class InboxDependencies {
  constructor(
    @Inject(NATS) readonly nats: NatsHandles,
    @Inject(PG_POOL) readonly pool: Pool,
    @Inject(PLATFORM_CONFIG) readonly config: PlatformConfig,
    @Inject(LOGGER) readonly logger: Logger,
    @Inject(MESSAGING_OPTIONS) readonly messaging: MessagingModuleOptions,
  ) {}
}

/**
 * Base for a service's consumers: starts consuming when the application has booted (if this
 * process runs consumers) and drains in-flight messages on shutdown.
 */
export abstract class InboxConsumerHost<Tx extends SqlExecutor>
  implements OnApplicationBootstrap, OnModuleDestroy
{
  readonly consumer: InboxConsumer<Tx>;

  protected constructor(
    private readonly deps: InboxDependencies,
    own: OwnOptions<Tx>,
  ) {
    const { config } = deps;
    this.consumer = new InboxConsumer({
      ...own,
      pool: deps.pool,
      js: deps.nats.js,
      jsm: deps.nats.jsm,
      subjectPrefix: config.nats.prefix,
      maxDeliveries: config.inbox.maxDeliveries,
      backoffMs: config.inbox.backoffMs,
      concurrency: config.inbox.concurrency,
      logger: deps.logger.child({ consumer: own.durable }),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.deps.messaging.consumers) await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }
}
