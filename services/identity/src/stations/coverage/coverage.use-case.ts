import { Injectable } from '@nestjs/common';
import { CommonErrors, Principal } from '@wushe/platform';
import { scopeFor } from '../../access/permissions';
import { CoverageCounts, CoverageRepository } from './coverage.repository';

/** part ÷ whole to 4 decimals; null when there is nothing to cover. */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

function withRatios(c: CoverageCounts) {
  return {
    townships: c.townships,
    stations: c.stations,
    stationCoverage: ratio(c.stations, c.townships),
    villages: c.villages,
    coveredVillages: c.coveredVillages,
    pointCoverage: ratio(c.coveredVillages, c.villages),
  };
}

/**
 * Station coverage (townships with an open station ÷ current townships) and point coverage
 * (current villages covered by an open point ÷ current villages) of a region and each of its
 * children. A region outside the caller's coverage scope is OUT_OF_SCOPE.
 */
@Injectable()
export class Coverage {
  constructor(private readonly coverage: CoverageRepository) {}

  async of(principal: Principal, regionCode: string) {
    const found = await this.coverage.coverage(scopeFor(principal, 'coverage.read'), regionCode);
    if (!found) throw CommonErrors.NOT_FOUND({ resource: 'region', id: regionCode });
    const { region, rows } = found;
    const total: CoverageCounts = { townships: 0, stations: 0, villages: 0, coveredVillages: 0 };
    for (const row of rows) {
      total.townships += row.townships;
      total.stations += row.stations;
      total.villages += row.villages;
      total.coveredVillages += row.coveredVillages;
    }
    // A village has no children; counts whose prefix is no current region count in the total only.
    const children =
      region.level === 'village'
        ? []
        : rows
            .filter((r) => r.name !== null)
            .map((r) => ({ code: r.code, name: r.name as string, level: r.level as string, ...withRatios(r) }));
    return { region, ...withRatios(total), children };
  }
}
