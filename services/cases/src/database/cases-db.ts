import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import type { PlatformConfig } from '@wushe/config';
import { PG_POOL, PLATFORM_CONFIG, PRISMA_TRANSACTION_OPTIONS, scopedModel } from '@wushe/platform';
import type { Pool } from 'pg';
import { Prisma, PrismaClient } from '../generated/prisma';

/** Models whose rows belong to a region: readable only through a RegionScope. */
type ScopedModels = 'visit' | 'recipient' | 'household';

/** A transaction without the region-scoped models: what use cases and consumers get. */
export type CasesTx = Omit<Prisma.TransactionClient, ScopedModels>;

/**
 * The cases Prisma client on the process's shared pg pool. The raw client stays private: scoped
 * models are read through `scoped.*`, which demands a RegionScope, and transactions hand out a
 * client type without them, so an unscoped read of scoped data does not compile.
 */
@Injectable()
export class CasesDb implements OnModuleDestroy {
  private readonly client: PrismaClient;
  readonly scoped;

  constructor(@Inject(PG_POOL) pool: Pool, @Inject(PLATFORM_CONFIG) config: PlatformConfig) {
    this.client = new PrismaClient({
      adapter: new PrismaPg(pool, { schema: config.database.schema }),
      transactionOptions: PRISMA_TRANSACTION_OPTIONS,
    });
    this.scoped = {
      visit: scopedModel(this.client.visit, 'villageCode'),
      recipient: scopedModel(this.client.recipient, 'villageCode'),
      household: scopedModel(this.client.household, 'villageCode'),
    };
  }

  $transaction<R>(fn: (tx: CasesTx) => Promise<R>): Promise<R> {
    return this.client.$transaction(fn);
  }

  /**
   * Writes to scoped models. Only repositories call this, after the use case asserted that the
   * caller's scope covers the row's region.
   */
  static writer(tx: CasesTx): Pick<Prisma.TransactionClient, ScopedModels> {
    return tx as Prisma.TransactionClient;
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.$disconnect();
  }
}
