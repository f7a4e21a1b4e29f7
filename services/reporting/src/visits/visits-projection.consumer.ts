import { Injectable } from '@nestjs/common';
import { InboxConsumerHost, InboxDependencies } from '@wushe/messaging';
import { ReportingDb, ReportingTx } from '../database/reporting-db';
import { VisitRecordedHandler } from './visit-recorded.handler';

export const VISITS_PROJECTION = 'reporting-visits';

/** Builds the visit tallies from cases' visit events. */
@Injectable()
export class VisitsProjectionConsumer extends InboxConsumerHost<ReportingTx> {
  constructor(deps: InboxDependencies, db: ReportingDb, visitRecorded: VisitRecordedHandler) {
    super(deps, {
      durable: VISITS_PROJECTION,
      source: 'cases',
      filter: 'cases.visit.>',
      handlers: [visitRecorded],
      db,
    });
  }
}
