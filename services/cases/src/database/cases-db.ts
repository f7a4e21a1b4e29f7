import { scopedDatabase, TxOf } from '@wushe/platform';
import { PrismaClient } from '../generated/prisma';

/**
 * The cases database: the Prisma client on the process's shared pg pool, its region-owned models
 * (model → the field holding the row's region code) reachable only through a RegionScope, as
 * `db.scoped.*` and, in a transaction, `tx.scoped.*`. Models without a region column follow the
 * row they belong to (a visit's recipients, a household's members) and are used directly.
 */
export class CasesDb extends scopedDatabase(
  PrismaClient,
  {
    visit: 'villageCode',
    recipient: 'villageCode',
    household: 'villageCode',
    assessment: 'villageCode',
    servicePlan: 'villageCode',
    serviceRecord: 'villageCode',
    monitoringRecord: 'villageCode',
    referral: 'villageCode',
    programme: 'regionCode',
    programmeEnrolment: 'villageCode',
    programmeCheckIn: 'villageCode',
    rosterImport: 'regionCode',
    rosterEntry: 'villageCode',
  },
  {
    stationCopy:
      "identity's stations as cases knows them: checks assignments and resolves 'me', never listed to a caller",
    staffCopy:
      "identity's staff as cases knows them: checks assignments and resolves 'me', never listed to a caller",
    rosterImportVillageDifference:
      'part of its roster import (read only after the import was found in scope); the villages are the report',
  },
) {}

/** A transaction without the region-owned models: what use cases and consumers get. */
export type CasesTx = TxOf<CasesDb>;
