import { Injectable } from '@nestjs/common';
import { decodeCursor, Page, toPage } from '@wushe/platform';
import { presentRegion, RegionView } from '../region.presenter';
import { RegionRepository } from '../region.repository';
import { regionCursorSchema, SearchRegionsQuery } from '../region.schemas';

/** Regions by name fragment or code prefix (digits), optionally of one level, by code. */
@Injectable()
export class SearchRegions {
  constructor(private readonly regions: RegionRepository) {}

  async page(query: SearchRegionsQuery): Promise<Page<RegionView>> {
    const cursor = decodeCursor(query.cursor, regionCursorSchema);
    const q = query.q;
    const byCode = q !== undefined && /^\d+$/.test(q);
    const rows = await this.regions.search(
      {
        ...(q === undefined ? {} : byCode ? { codePrefix: q } : { name: q }),
        ...(query.level ? { level: query.level } : {}),
        includeEnded: query.includeEnded,
      },
      cursor?.c,
      query.limit + 1,
    );
    return toPage(rows.map(presentRegion), query.limit, (r) => ({ c: r.code }));
  }
}
