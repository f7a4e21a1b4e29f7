import { Injectable } from '@nestjs/common';
import { CommonErrors, decodeCursor, Page, Principal, RegionScope, toPage } from '@wushe/platform';
import { VisitRepository } from '../visit.repository';
import { presentVisit, VisitView } from '../visit.presenter';
import { VISIT_READERS } from '../visit-roles';
import { ListVisitsQuery, visitCursorSchema } from '../visit.schemas';

@Injectable()
export class ListVisits {
  constructor(private readonly visits: VisitRepository) {}

  async page(principal: Principal, query: ListVisitsQuery): Promise<Page<VisitView>> {
    const scope = RegionScope.of(principal, VISIT_READERS);
    const cursor = decodeCursor(query.cursor, visitCursorSchema);
    const rows = await this.visits.page(
      scope,
      { region: query.region, kind: query.kind },
      cursor && { visitedAt: new Date(cursor.t), id: cursor.id },
      query.limit + 1,
    );
    return toPage(rows.map(presentVisit), query.limit, (v) => ({ t: v.visitedAt, id: v.id }));
  }

  /** A visit outside the caller's scope is reported as missing: its existence is not disclosed. */
  async get(principal: Principal, id: string): Promise<VisitView> {
    const visit = await this.visits.findById(RegionScope.of(principal, VISIT_READERS), id);
    if (!visit) throw CommonErrors.NOT_FOUND({ resource: 'visit', id });
    return presentVisit(visit);
  }
}
