import { Global, Module } from '@nestjs/common';
import { scopedDatabase, TxOf } from '@wushe/platform';
import { PrismaClient } from '../generated/prisma';

/**
 * The identity database. Stations, staff, posts and training sessions belong to a region and are
 * reached only through a RegionScope (`db.scoped.*`, `tx.scoped.*`). Regions, accounts, tokens,
 * keys and audit entries are not region-owned data and are used directly.
 */
export class IdentityDb extends scopedDatabase(
  PrismaClient,
  {
    station: 'townshipCode',
    staffMember: 'regionCode',
    post: 'regionCode',
    trainingSession: 'regionCode',
  },
  {
    pointVillage:
      "a point's villages, reached through the point's station (scoped by township); coverage checks must see every open point",
    roleGrant:
      'access control, not data: the region a role is held in; account administration confines grant listings by scope itself',
  },
) {}

/** A transaction without the region-owned models: what use cases get. */
export type IdentityTx = TxOf<IdentityDb>;

@Global()
@Module({ providers: [IdentityDb], exports: [IdentityDb] })
export class IdentityDatabaseModule {}
