import { Global, Inject, Injectable, Module, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import type { PlatformConfig } from '@wushe/config';
import { PG_POOL, PLATFORM_CONFIG, PRISMA_TRANSACTION_OPTIONS } from '@wushe/platform';
import type { Pool } from 'pg';
import { Prisma, PrismaClient } from '../generated/prisma';

/** The funding Prisma client on the process's shared pg pool. */
@Injectable()
export class FundingDb implements OnModuleDestroy {
  private readonly client: PrismaClient;

  constructor(@Inject(PG_POOL) pool: Pool, @Inject(PLATFORM_CONFIG) config: PlatformConfig) {
    this.client = new PrismaClient({
      adapter: new PrismaPg(pool, { schema: config.database.schema }),
      transactionOptions: PRISMA_TRANSACTION_OPTIONS,
    });
  }

  $transaction<R>(fn: (tx: Prisma.TransactionClient) => Promise<R>): Promise<R> {
    return this.client.$transaction(fn);
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.$disconnect();
  }
}

@Global()
@Module({ providers: [FundingDb], exports: [FundingDb] })
export class FundingDatabaseModule {}
