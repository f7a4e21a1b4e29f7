import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import type { ITXClientDenyList } from '@prisma/client/runtime/client';
import type { PlatformConfig } from '@wushe/config';
import type { Pool } from 'pg';
import { PLATFORM_CONFIG } from '../config/config.token';
import { PG_POOL } from '../database/database.tokens';
import { PRISMA_TRANSACTION_OPTIONS } from '../database/prisma-options';
import { RegionScope } from './region-scope';
import { ModelDelegate, ScalarField, ScopedDelegate, scopedModel } from './scoped-model';

/** What a generated PrismaClient offers that this file uses. */
export interface PrismaLike {
  $transaction: unknown;
  $disconnect(): Promise<void>;
}

type RunTransaction = <R>(fn: (tx: object) => Promise<R>) => Promise<R>;

/** The names of a client's models (`visit`, `recipient` …). */
export type ModelName<C> = {
  [K in keyof C]: K extends `$${string}` ? never : C[K] extends ModelDelegate ? K : never;
}[keyof C] &
  string;

/**
 * A service's region-owned models, each with the field holding the row's region code. Declared
 * once per service (its `*-db.ts`); `tools/prisma/region-owned.spec.ts` fails when a model with a
 * region column is missing.
 */
export type RegionOwned<C> = { readonly [M in ModelName<C>]?: ScalarField<C[M]> };

/** A client inside an interactive transaction (what Prisma hands `$transaction`'s function). */
export type TransactionClientOf<C> = Omit<C, ITXClientDenyList>;

/** The scoped accessors of the declared models. */
export type ScopedModels<C, O> = { readonly [M in keyof O & keyof C]: ScopedDelegate<C[M]> };

/**
 * A transaction without the region-owned models: they are reached only through `tx.scoped`, whose
 * every operation takes a RegionScope and runs in this transaction.
 */
export type ScopedTx<C, O> = Omit<TransactionClientOf<C>, keyof O> & { readonly scoped: ScopedModels<C, O> };

/** The models that belong to no region (catalogues, copies, platform tables), outside a transaction. */
export type UnscopedModels<C, O> = Omit<TransactionClientOf<C>, keyof O | `$${string}`>;

/** `LIKE` cannot see the scope in a snake-cased column unless it is named the same way. */
export function regionColumn(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * The scope as a raw-SQL predicate on `column`, its patterns bound as parameter `$param`:
 * `($n::text[] IS NULL OR column LIKE ANY($n::text[]))`, the value null for a system scope and an
 * empty array (matching nothing) for a caller with no regions.
 */
export function sqlScope(
  scope: RegionScope,
  column: string,
  param: number,
): { sql: string; value: string[] | null } {
  const patterns = scope.likePatterns();
  return {
    sql: `($${param}::text[] IS NULL OR ${column} LIKE ANY($${param}::text[]))`,
    value: patterns === 'all' ? null : patterns,
  };
}

/**
 * A service's database: its Prisma client with the region-owned models reachable only through
 * RegionScope-taking accessors, outside (`db.scoped`) and inside (`tx.scoped`) transactions. The raw
 * client stays private, so an unscoped read or write of region-owned rows does not compile.
 */
export class ScopedDatabase<C extends PrismaLike, O extends RegionOwned<C>> {
  readonly scoped: ScopedModels<C, O>;
  /** The models that need no scope, for reads outside a transaction. */
  readonly unscoped: UnscopedModels<C, O>;

  constructor(
    protected readonly client: C,
    readonly regionOwned: O,
  ) {
    this.scoped = this.scopedOver(client);
    this.unscoped = this.hide(client) as unknown as UnscopedModels<C, O>;
  }

  $transaction<R>(fn: (tx: ScopedTx<C, O>) => Promise<R>): Promise<R> {
    const run = (this.client.$transaction as RunTransaction).bind(this.client);
    return run((tx) => fn(this.within(tx)));
  }

  /**
   * The raw-SQL form of the scope for a region-owned model's column (`alias.village_code`), for
   * the paths that write or read in SQL of their own.
   */
  sqlScope(model: keyof O & string, scope: RegionScope, param: number, alias?: string) {
    const column = regionColumn(this.regionOwned[model] as string);
    return sqlScope(scope, alias ? `${alias}.${column}` : column, param);
  }

  /** The region field declared for a model. */
  regionField(model: keyof O & string): string {
    return this.regionOwned[model] as string;
  }

  protected scopedOver(client: object): ScopedModels<C, O> {
    const models: Record<string, unknown> = {};
    for (const [model, field] of Object.entries(this.regionOwned)) {
      models[model] = scopedModel(Reflect.get(client, model) as ModelDelegate, field as string, model);
    }
    return models as ScopedModels<C, O>;
  }

  /** The client with its region-owned models hidden (undefined at run time too) and `scoped` added. */
  private hide(client: object): object {
    const owned = new Set(Object.keys(this.regionOwned));
    let scoped: ScopedModels<C, O> | undefined;
    return new Proxy(client, {
      get: (target, prop) => {
        if (prop === 'scoped') return (scoped ??= this.scopedOver(target));
        if (typeof prop === 'string' && owned.has(prop)) return undefined;
        return Reflect.get(target, prop);
      },
    });
  }

  private within(tx: object): ScopedTx<C, O> {
    return this.hide(tx) as ScopedTx<C, O>;
  }
}

interface ClientConstructor<C> {
  new (options: { adapter: PrismaPg; transactionOptions: typeof PRISMA_TRANSACTION_OPTIONS }): C;
}

/**
 * The Nest provider of a service's database: its generated PrismaClient on the process's shared
 * pg pool (in the configured schema), its region-owned models (model → region field), and the
 * models that have a region column but are not scoped by it, each with the reason. Both are
 * checked against the Prisma schema by the service's `*-db.spec.ts` (regionOwnershipProblems).
 *
 *   export class CasesDb extends scopedDatabase(PrismaClient, { visit: 'villageCode', … }, { … }) {}
 */
export function scopedDatabase<C extends PrismaLike, const O extends RegionOwned<C>>(
  Client: ClientConstructor<C>,
  regionOwned: O,
  notRegionOwned: { readonly [M in ModelName<C>]?: string } = {},
) {
  @Injectable()
  class ServiceDatabase extends ScopedDatabase<C, O> implements OnModuleDestroy {
    static readonly regionOwned: Readonly<Record<string, string | undefined>> = regionOwned;
    static readonly notRegionOwned: Readonly<Record<string, string | undefined>> = notRegionOwned;

    constructor(@Inject(PG_POOL) pool: Pool, @Inject(PLATFORM_CONFIG) config: PlatformConfig) {
      super(
        new Client({
          adapter: new PrismaPg(pool, { schema: config.database.schema }),
          transactionOptions: PRISMA_TRANSACTION_OPTIONS,
        }),
        regionOwned,
      );
    }

    async onModuleDestroy(): Promise<void> {
      await this.client.$disconnect();
    }
  }
  return ServiceDatabase;
}

/** The transaction type of a service's database class. */
export type TxOf<D> = D extends ScopedDatabase<infer C, infer O> ? ScopedTx<C, O> : never;
