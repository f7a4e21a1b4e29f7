import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleDestroy,
  Type,
} from '@nestjs/common';
import type { PlatformConfig } from '@wushe/config';
import { createRedis, HealthRegistry, LOGGER, PLATFORM_CONFIG } from '@wushe/platform';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { JobHandler, JobSchedule } from './job-definition';
import { JobRunner } from './job-runner';

export const REDIS = Symbol('REDIS');
const JOBS_OPTIONS = Symbol('JOBS_OPTIONS');

export interface JobsModuleOptions {
  handlers: Type<JobHandler>[];
  schedules: JobSchedule[];
  /** Run workers and register schedules in this process (worker entry points do). */
  work: boolean;
  concurrency?: number;
}

@Injectable()
class JobsLifecycle implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  constructor(
    private readonly runner: JobRunner,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(JOBS_OPTIONS) private readonly options: JobsModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.work) await this.runner.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}

/** BullMQ for a service: one Redis connection, its queues, and (in workers) its workers. */
@Global()
@Module({})
export class JobsModule {
  static forRoot(options: JobsModuleOptions): DynamicModule {
    return {
      module: JobsModule,
      providers: [
        ...options.handlers,
        { provide: JOBS_OPTIONS, useValue: options },
        {
          provide: REDIS,
          inject: [PLATFORM_CONFIG, HealthRegistry, LOGGER],
          useFactory: (config: PlatformConfig, health: HealthRegistry, logger: Logger) => {
            const redis = createRedis(config.redis.url, logger.child({ component: 'redis' }));
            // Like NATS, Redis down delays scheduled work; it does not stop the API serving.
            health.register('redis', async () => void (await redis.ping()), { critical: false });
            return redis;
          },
        },
        {
          provide: JobRunner,
          inject: [REDIS, PLATFORM_CONFIG, LOGGER, ...options.handlers],
          useFactory: (redis: Redis, config: PlatformConfig, logger: Logger, ...handlers: JobHandler[]) =>
            new JobRunner({
              redis,
              prefix: `${config.redis.prefix}:${config.service}`,
              handlers,
              schedules: options.schedules,
              concurrency: options.concurrency ?? 20,
              logger: logger.child({ component: 'jobs' }),
            }),
        },
        JobsLifecycle,
      ],
      exports: [JobRunner, REDIS],
    };
  }
}
