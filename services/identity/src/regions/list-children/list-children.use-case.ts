import { Injectable } from '@nestjs/common';
import { decodeCursor, Page, toPage } from '@wushe/platform';
import { RegionErrors } from '../region.errors';
import { presentRegion, RegionView } from '../region.presenter';
import { RegionRepository } from '../region.repository';
import { ListChildrenQuery, regionCursorSchema } from '../region.schemas';

/** The units directly under a region, by code: current ones, or with `includeEnded` all. */
@Injectable()
export class ListChildren {
  constructor(private readonly regions: RegionRepository) {}

  async page(code: string, query: ListChildrenQuery): Promise<Page<RegionView>> {
    const cursor = decodeCursor(query.cursor, regionCursorSchema);
    if (!cursor && !(await this.regions.find(code))) throw RegionErrors.REGION_NOT_FOUND({ code });
    const rows = await this.regions.children(code, {
      includeEnded: query.includeEnded,
      after: cursor?.c,
      take: query.limit + 1,
    });
    return toPage(rows.map(presentRegion), query.limit, (r) => ({ c: r.code }));
  }
}
