import { Global, Module } from '@nestjs/common';
import { scopedDatabase, TxOf } from '@wushe/platform';
import { PrismaClient } from '../generated/prisma';

/**
 * The reporting database. Read models are regional too: queries take the caller's RegionScope,
 * projections (the service's own background work) write with RegionScope.system.
 */
export class ReportingDb extends scopedDatabase(PrismaClient, { visitTally: 'villageCode' }) {}

export type ReportingTx = TxOf<ReportingDb>;

@Global()
@Module({ providers: [ReportingDb], exports: [ReportingDb] })
export class ReportingDatabaseModule {}
