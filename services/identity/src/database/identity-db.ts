import { Global, Inject, Injectable, Module, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import type { PlatformConfig } from '@wushe/config';
import { PG_POOL, PLATFORM_CONFIG, PRISMA_TRANSACTION_OPTIONS, scopedModel } from '@wushe/platform';
import type { Pool } from 'pg';
import { Prisma, PrismaClient } from '../generated/prisma';

/** Models whose rows belong to a region: readable only through a RegionScope. */
type ScopedModels = 'station' | 'staffMember' | 'post' | 'trainingSession';

/** A transaction without the region-scoped models: what use cases get. */
export type IdentityTx = Omit<Prisma.TransactionClient, ScopedModels>;

/**
 * The identity Prisma client on the shared pg pool. Region-scoped models are read through
 * `scoped.*` (a RegionScope is required); transactions hide them, so unscoped reads do not compile.
 * Regions, accounts, grants and keys are not region-owned data and are used directly.
 */
@Injectable()
export class IdentityDb implements OnModuleDestroy {
  private readonly client: PrismaClient;
  readonly scoped;

  constructor(@Inject(PG_POOL) pool: Pool, @Inject(PLATFORM_CONFIG) config: PlatformConfig) {
    this.client = new PrismaClient({
      adapter: new PrismaPg(pool, { schema: config.database.schema }),
      transactionOptions: PRISMA_TRANSACTION_OPTIONS,
    });
    this.scoped = {
      station: scopedModel(this.client.station, 'townshipCode'),
      staffMember: scopedModel(this.client.staffMember, 'regionCode'),
      post: scopedModel(this.client.post, 'regionCode'),
      trainingSession: scopedModel(this.client.trainingSession, 'regionCode'),
    };
  }

  $transaction<R>(fn: (tx: IdentityTx) => Promise<R>): Promise<R> {
    return this.client.$transaction(fn);
  }

  /** Writes to scoped models, after the use case asserted the caller's scope covers the row. */
  static writer(tx: IdentityTx): Pick<Prisma.TransactionClient, ScopedModels> {
    return tx as Prisma.TransactionClient;
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.$disconnect();
  }
}

@Global()
@Module({ providers: [IdentityDb], exports: [IdentityDb] })
export class IdentityDatabaseModule {}
