import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { AuthGuard } from './auth/auth.guard';
import { TokenVerifier } from './auth/token-verifier';
import { PLATFORM_CONFIG } from './config/config.token';
import type { PlatformConfig } from '@wushe/config';
import { PG_POOL } from './database/database.tokens';
import { createPgPool } from './database/pg-pool';
import { ProblemDetailsFilter } from './errors/problem-details.filter';
import { HealthController } from './health/health.controller';
import { HealthRegistry } from './health/health.registry';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';

export const LOGGER = Symbol('LOGGER');

export interface PlatformModuleOptions {
  config: PlatformConfig;
  logger: Logger;
  /** API processes serve HTTP; workers only need config, database, health and logging. */
  http: boolean;
}

@Global()
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  static forRoot({ config, logger, http }: PlatformModuleOptions): DynamicModule {
    const httpProviders = http
      ? [
          {
            provide: TokenVerifier,
            useFactory: () => new TokenVerifier(config.auth),
          },
          { provide: APP_GUARD, useClass: AuthGuard },
          { provide: APP_FILTER, useClass: ProblemDetailsFilter },
          { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        ]
      : [];
    return {
      module: PlatformModule,
      controllers: [HealthController],
      providers: [
        { provide: PLATFORM_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: PG_POOL, useFactory: () => createPgPool(config.database, logger) },
        {
          provide: 'PG_HEALTH',
          inject: [HealthRegistry, PG_POOL],
          useFactory: (health: HealthRegistry, pool: Pool) =>
            health.register('database', async () => void (await pool.query('SELECT 1'))),
        },
        HealthRegistry,
        ...httpProviders,
      ],
      exports: [PLATFORM_CONFIG, LOGGER, PG_POOL, HealthRegistry, ...(http ? [TokenVerifier] : [])],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
