import { Injectable } from '@nestjs/common';
import { InboxConsumerHost, InboxDependencies } from '@wushe/messaging';
import { CasesDb, CasesTx } from '../database/cases-db';
import { StaffCopyHandlers } from './staff-copy.handlers';
import { StationCopyHandlers } from './station-copy.handlers';

export const IDENTITY_COPIES = 'cases-identity-copies';

/**
 * Cases never reads identity's tables: it keeps the stations and staff it validates assignments
 * against from identity's events. Other identity events on the stream are acknowledged and skipped.
 */
@Injectable()
export class IdentityCopiesConsumer extends InboxConsumerHost<CasesTx> {
  constructor(deps: InboxDependencies, db: CasesDb, stations: StationCopyHandlers, staff: StaffCopyHandlers) {
    super(deps, {
      durable: IDENTITY_COPIES,
      source: 'identity',
      filter: 'identity.>',
      handlers: [...stations.all, ...staff.all],
      db,
    });
  }
}
