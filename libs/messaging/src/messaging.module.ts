import {
  DynamicModule,
  OnApplicationShutdown,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import type { PlatformConfig } from '@wushe/config';
import { HealthRegistry, LOGGER, PG_POOL, PLATFORM_CONFIG } from '@wushe/platform';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { connectNats, NatsHandles } from './nats/nats-connection';
import { ensureStream } from './nats/streams';
import { prefixedStream, prefixedSubject } from './nats/subjects';
import { OutboxRelay } from './outbox/outbox-relay';
import { OutboxWriter } from './outbox/outbox-writer';
import { InboxDependencies } from './inbox/inbox-consumer.provider';
import { MESSAGING_OPTIONS, MessagingModuleOptions, NATS } from './messaging.tokens';

/** Creates the service's stream and the dead-letter stream at start-up, then runs the relay. */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private relay?: OutboxRelay;

  constructor(
    @Inject(NATS) private readonly nats: NatsHandles,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    health: HealthRegistry,
  ) {
    health.register(
      'nats',
      async () => {
        if (this.nats.nc.isClosed()) throw new Error('closed');
        await this.nats.nc.flush();
      },
      { critical: false },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    const { prefix, streamMaxAgeDays } = this.config.nats;
    await ensureStream(this.nats.jsm, {
      name: prefixedStream(prefix, this.options.service),
      subjects: [prefixedSubject(prefix, `${this.options.service}.>`)],
      maxAgeDays: streamMaxAgeDays,
      description: `Events owned by the ${this.options.service} service`,
    });
    await ensureStream(this.nats.jsm, {
      name: prefixedStream(prefix, 'deadletter'),
      subjects: [prefixedSubject(prefix, 'deadletter.>')],
      maxAgeDays: streamMaxAgeDays,
      description: 'Notices of events that consumers moved to their dead letters',
    });
    if (this.options.relay) {
      this.relay = new OutboxRelay(
        this.pool,
        this.nats.js,
        {
          schema: this.config.database.schema,
          subjectPrefix: prefix,
          batchSize: this.config.outbox.batchSize,
          pollMs: this.config.outbox.pollMs,
        },
        this.logger.child({ component: 'outbox-relay' }),
      );
      await this.relay.start();
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.relay?.stop();
  }
}

/** How long shutdown waits for NATS to drain before it closes the connection regardless. */
const DRAIN_LIMIT_MS = 10_000;

/**
 * Drains the NATS connection last. Nest runs onModuleDestroy hooks in module-distance order, not
 * reverse dependency order, so draining there could close the connection under consumers of
 * feature modules that have not stopped yet; onApplicationShutdown runs after all of them.
 */
@Injectable()
export class NatsCloser implements OnApplicationShutdown {
  constructor(@Inject(NATS) private readonly nats: NatsHandles) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.nats.nc.isClosed()) return;
    // drain() waits for the server; a shutdown must not hang on an unresponsive one (Kubernetes
    // kills the pod after its grace period anyway). Past DRAIN_LIMIT_MS, close without waiting.
    let timer: NodeJS.Timeout | undefined;
    const drained = this.nats.nc.drain().then(
      () => true,
      () => false,
    );
    const gaveUp = new Promise<false>(
      (resolve) => (timer = setTimeout(() => resolve(false), DRAIN_LIMIT_MS)),
    );
    const ok = await Promise.race([drained, gaveUp]);
    clearTimeout(timer);
    if (!ok && !this.nats.nc.isClosed()) await this.nats.nc.close().catch(() => undefined);
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: NATS,
          inject: [PLATFORM_CONFIG],
          useFactory: (config: PlatformConfig) =>
            connectNats(config.nats.url, `${config.service}-${process.pid}`),
        },
        NatsCloser,
        OutboxWriter,
        MessagingLifecycle,
        InboxDependencies,
      ],
      exports: [NATS, OutboxWriter, MESSAGING_OPTIONS, InboxDependencies],
    };
  }
}
