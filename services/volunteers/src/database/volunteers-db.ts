import { Global, Module } from '@nestjs/common';
import { scopedDatabase, TxOf } from '@wushe/platform';
import { PrismaClient } from '../generated/prisma';

/**
 * The volunteers database. Its domain models arrive with the volunteers issue; each one with a region column
 * is declared here (model → region field) or excused with a reason, or volunteers-db.spec.ts fails.
 */
export class VolunteersDb extends scopedDatabase(PrismaClient, {}) {}

export type VolunteersTx = TxOf<VolunteersDb>;

@Global()
@Module({ providers: [VolunteersDb], exports: [VolunteersDb] })
export class VolunteersDatabaseModule {}
