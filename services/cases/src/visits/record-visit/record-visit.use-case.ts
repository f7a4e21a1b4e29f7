import { Injectable } from '@nestjs/common';
import { visitRecordedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { Principal, RegionScope } from '@wushe/platform';
import { v7 as uuidv7 } from 'uuid';
import { CasesDb } from '../../database/cases-db';
import { VisitRepository } from '../visit.repository';
import { presentVisit, VisitView } from '../visit.presenter';
import { VISIT_WRITERS } from '../visit-roles';
import type { RecordVisitInput } from '../visit.schemas';

/** Records a household visit and announces it, in one transaction (row + outbox event). */
@Injectable()
export class RecordVisit {
  constructor(
    private readonly db: CasesDb,
    private readonly visits: VisitRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(principal: Principal, input: RecordVisitInput): Promise<VisitView> {
    RegionScope.of(principal, VISIT_WRITERS).assertCovers(input.villageCode);
    const visit = await this.db.$transaction(async (tx) => {
      const row = await this.visits.create(tx, {
        id: uuidv7(),
        kind: input.kind,
        villageCode: input.villageCode,
        workerId: principal.subject,
        visitedAt: new Date(input.visitedAt),
        needsFound: input.needsFound,
        createdBy: principal.subject,
      });
      await this.outbox.publish(
        tx,
        visitRecordedV1,
        {
          visitId: row.id,
          kind: input.kind,
          villageCode: row.villageCode,
          workerId: row.workerId,
          visitedAt: row.visitedAt.toISOString(),
          needsFound: row.needsFound,
        },
        { subject: row.id, regionCode: row.villageCode },
      );
      return row;
    });
    return presentVisit(visit);
  }
}
