import { Injectable } from '@nestjs/common';
import { chinaDayStart } from '@wushe/cn-standards';
import { CommonErrors, decodeCursor, FieldCipher, Page, Principal, toPage } from '@wushe/platform';
import { VisitRepository, VisitWithRecipients } from '../visit.repository';
import { presentVisit, VisitView } from '../visit.presenter';
import { ListVisitsQuery, visitCursorSchema } from '../visit.schemas';
import { scopeFor } from '../../access/permissions';

@Injectable()
export class ListVisits {
  constructor(
    private readonly visits: VisitRepository,
    private readonly cipher: FieldCipher,
  ) {}

  async page(principal: Principal, query: ListVisitsQuery): Promise<Page<VisitView>> {
    const scope = scopeFor(principal, 'visits.read');
    const cursor = decodeCursor(query.cursor, visitCursorSchema);
    const rows = await this.visits.page(
      scope,
      {
        region: query.region,
        kind: query.kind,
        recipientId: query.recipientId,
        workerId: query.worker === 'me' ? principal.subject : query.worker,
        from: query.from ? chinaDayStart(query.from) : undefined,
        until: query.to ? chinaDayStart(query.to, 1) : undefined,
      },
      cursor && { visitedAt: new Date(cursor.t), id: cursor.id },
      query.limit + 1,
    );
    const present = this.presenter(principal);
    return toPage(rows.map(present), query.limit, (v) => ({ t: v.visitedAt, id: v.id }));
  }

  /** A visit outside the caller's scope is reported as missing: its existence is not disclosed. */
  async get(principal: Principal, id: string): Promise<VisitView> {
    const visit = await this.visits.findById(scopeFor(principal, 'visits.read'), id);
    if (!visit) throw CommonErrors.NOT_FOUND({ resource: 'visit', id });
    return this.presenter(principal)(visit);
  }

  /** Findings and coordinates for visit writers of the village; admins and auditors read without. */
  private presenter(principal: Principal) {
    const writers = scopeFor(principal, 'visits.record');
    return (visit: VisitWithRecipients) =>
      presentVisit(visit, this.cipher, writers.covers(visit.villageCode));
  }
}
