import { Global, Inject, Injectable, Module, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import type { PlatformConfig } from '@wushe/config';
import { PG_POOL, PLATFORM_CONFIG, PRISMA_TRANSACTION_OPTIONS, scopedModel } from '@wushe/platform';
import type { Pool } from 'pg';
import { Prisma, PrismaClient } from '../generated/prisma';

type ScopedModels = 'visitTally';
export type ReportingTx = Omit<Prisma.TransactionClient, ScopedModels>;

/** Read models are regional too: queries go through `scoped`, projections write via `writer`. */
@Injectable()
export class ReportingDb implements OnModuleDestroy {
  private readonly client: PrismaClient;
  readonly scoped;

  constructor(@Inject(PG_POOL) pool: Pool, @Inject(PLATFORM_CONFIG) config: PlatformConfig) {
    this.client = new PrismaClient({
      adapter: new PrismaPg(pool, { schema: config.database.schema }),
      transactionOptions: PRISMA_TRANSACTION_OPTIONS,
    });
    this.scoped = { visitTally: scopedModel(this.client.visitTally, 'villageCode') };
  }

  $transaction<R>(fn: (tx: ReportingTx) => Promise<R>): Promise<R> {
    return this.client.$transaction(fn);
  }

  /** Projections are the service's own background work; they write whatever region an event names. */
  static writer(tx: ReportingTx): Pick<Prisma.TransactionClient, ScopedModels> {
    return tx as Prisma.TransactionClient;
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.$disconnect();
  }
}

@Global()
@Module({ providers: [ReportingDb], exports: [ReportingDb] })
export class ReportingDatabaseModule {}
