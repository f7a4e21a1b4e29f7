import { Injectable } from '@nestjs/common';
import { RegionErrors } from '../region.errors';
import { presentRegionDetail, RegionDetailView } from '../region.presenter';
import { RegionRepository } from '../region.repository';

/** One region with its ancestors and child count, now or (from its history) as of a date. */
@Injectable()
export class GetRegion {
  constructor(private readonly regions: RegionRepository) {}

  async execute(code: string, on?: string): Promise<RegionDetailView> {
    const row = on ? await this.regions.findOn(code, on) : await this.regions.find(code);
    // A code that did not exist on that date is as unknown as one that never existed.
    if (!row) throw RegionErrors.REGION_NOT_FOUND({ code, ...(on ? { on } : {}) });
    const [lineage, childCount] = await Promise.all([
      row.parentCode ? this.regions.lineage(row.parentCode, on) : Promise.resolve([]),
      this.regions.childCount(code, on),
    ]);
    return presentRegionDetail(row, lineage, childCount, on);
  }
}
