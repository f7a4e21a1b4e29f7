import { Global, Module } from '@nestjs/common';
import { scopedDatabase, TxOf } from '@wushe/platform';
import { PrismaClient } from '../generated/prisma';

/**
 * The funding database. Its domain models arrive with the funding issue; each one with a region column
 * is declared here (model → region field) or excused with a reason, or funding-db.spec.ts fails.
 */
export class FundingDb extends scopedDatabase(PrismaClient, {}) {}

export type FundingTx = TxOf<FundingDb>;

@Global()
@Module({ providers: [FundingDb], exports: [FundingDb] })
export class FundingDatabaseModule {}
