import { Injectable } from '@nestjs/common';
import { chinaCalendarDate } from '@wushe/cn-standards';
import { Envelope, EventData, visitRecordedV1 } from '@wushe/contracts';
import { InboxHandler } from '@wushe/messaging';
import { RegionScope } from '@wushe/platform';
import type { ReportingTx } from '../database/reporting-db';

/** The first day of the visit's month in China time (reports are by local calendar month). */
export function shanghaiMonth(instant: string): Date {
  return new Date(`${chinaCalendarDate(new Date(instant)).slice(0, 7)}-01T00:00:00Z`);
}

/** Projecting an event is the service's own work: it tallies whatever village the event names. */
const PROJECTION = RegionScope.system('visits projection');

@Injectable()
export class VisitRecordedHandler implements InboxHandler<typeof visitRecordedV1, ReportingTx> {
  readonly definition = visitRecordedV1;

  async handle(event: Envelope<EventData<typeof visitRecordedV1>>, tx: ReportingTx): Promise<void> {
    const { villageCode, kind, visitedAt, needsFound } = event.data;
    const month = shanghaiMonth(visitedAt);
    await tx.scoped.visitTally.upsert(PROJECTION, {
      where: { villageCode_month_kind: { villageCode, month, kind } },
      create: { villageCode, month, kind, visits: 1, needsFound },
      update: { visits: { increment: 1 }, needsFound: { increment: needsFound } },
    });
  }
}
