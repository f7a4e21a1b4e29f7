import { Injectable } from '@nestjs/common';
import { levelOfCode, RegionLevel } from './region-code';
import { presentRegion, RegionView } from './region.presenter';
import { RegionRepository } from './region.repository';

/**
 * What other identity modules (stations and points, staff, access) ask about regions: whether a
 * code exists and is current, and which villages a township holds.
 */
@Injectable()
export class RegionDirectory {
  constructor(private readonly regions: RegionRepository) {}

  /** The region, current or ended; null for a code never imported. */
  async get(code: string): Promise<RegionView | null> {
    if (levelOfCode(code) === undefined) return null;
    const row = await this.regions.find(code);
    return row && presentRegion(row);
  }

  /** Whether the code is a region in force today (imported and not ended). */
  async isCurrent(code: string): Promise<boolean> {
    const region = await this.get(code);
    return region !== null && region.validTo === null;
  }

  /** The current villages (村/居委会) of a township, by code; empty for anything else. */
  async villagesOfTownship(code: string): Promise<RegionView[]> {
    if (levelOfCode(code) !== 'township') return [];
    const rows = await this.regions.children(code, { includeEnded: false, take: 10_000 });
    return rows.filter((r) => r.level === 'village').map(presentRegion);
  }

  /** The level a code denotes by its length (2/4/6/9/12 digits); undefined when malformed. */
  levelOf(code: string): RegionLevel | undefined {
    return levelOfCode(code);
  }
}
