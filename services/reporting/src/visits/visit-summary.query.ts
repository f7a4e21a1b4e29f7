import { Injectable } from '@nestjs/common';
import { CommonErrors, isoMonth, Principal, RegionScope, Role } from '@wushe/platform';
import { z } from 'zod';
import { VisitSummaryRepository } from './visit-summary.repository';

const month = isoMonth();
export const visitSummaryQuerySchema = z
  .object({ region: z.string().regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/), from: month, to: month })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] });
export type VisitSummaryQuery = z.infer<typeof visitSummaryQuerySchema>;

const READERS: readonly Role[] = [
  'province_admin',
  'city_admin',
  'county_admin',
  'station_worker',
  'point_worker',
  'supervisor',
  'auditor',
  'service_account',
];

/** Visits and needs found per child region and kind, for a region and a range of months. */
@Injectable()
export class VisitSummary {
  constructor(private readonly repository: VisitSummaryRepository) {}

  async run(principal: Principal, query: VisitSummaryQuery) {
    const scope = RegionScope.of(principal, READERS);
    // Asking about a region wider than one's own would only return one's own part, silently;
    // say so instead. A region inside one's scope, or containing none of it, is answered as is.
    if (!scope.covers(query.region)) throw CommonErrors.OUT_OF_SCOPE({ regionCode: query.region });
    const rows = await this.repository.byChildRegion(
      scope,
      query.region,
      new Date(`${query.from}-01T00:00:00Z`),
      new Date(`${query.to}-01T00:00:00Z`),
    );
    const children = new Map<
      string,
      { code: string; visits: number; needsFound: number; byKind: Record<string, number> }
    >();
    for (const row of rows) {
      const child = children.get(row.code) ?? { code: row.code, visits: 0, needsFound: 0, byKind: {} };
      child.visits += row.visits;
      child.needsFound += row.needsFound;
      child.byKind[row.kind] = (child.byKind[row.kind] ?? 0) + row.visits;
      children.set(row.code, child);
    }
    const list = [...children.values()];
    return {
      region: query.region,
      from: query.from,
      to: query.to,
      visits: list.reduce((n, c) => n + c.visits, 0),
      needsFound: list.reduce((n, c) => n + c.needsFound, 0),
      children: list,
    };
  }
}
