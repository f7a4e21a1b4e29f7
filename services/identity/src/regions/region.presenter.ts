import { levelOfCode, RegionLevel } from './region-code';
import type { RegionRow } from './region.repository';

/** The public shape of a region (统计用区划): no personal data here. */
export function presentRegion(row: RegionRow) {
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parentCode,
    validFrom: row.validFrom,
    validTo: row.validTo,
  };
}
export type RegionView = ReturnType<typeof presentRegion>;

export interface RegionAncestor {
  code: string;
  name: string;
  level: RegionLevel;
}

/** A region with where it sits: its ancestors (province first) and how many units it holds. */
export function presentRegionDetail(
  row: RegionRow,
  lineage: Array<{ code: string; name: string }>,
  childCount: number,
  on?: string,
) {
  const ancestors: RegionAncestor[] = lineage
    .filter((a) => a.code !== row.code)
    .map((a) => ({ code: a.code, name: a.name, level: levelOfCode(a.code) as RegionLevel }));
  return { ...presentRegion(row), ...(on ? { on } : {}), ancestors, childCount };
}
export type RegionDetailView = ReturnType<typeof presentRegionDetail>;
