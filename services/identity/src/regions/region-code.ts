import type { DivisionLevel } from '@wushe/cn-standards';

// Statistical division codes as stored: 2/4/6/9/12 digits, never normalized. `441900` (the
// county-level row the published tables give Dongguan) is its own unit, not the city 4419 padded.

export type RegionLevel = DivisionLevel;

export const REGION_CODE_PATTERN = /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/;

const LEVEL_BY_LENGTH: Readonly<Record<number, RegionLevel>> = {
  2: 'province',
  4: 'city',
  6: 'county',
  9: 'township',
  12: 'village',
};
const PARENT_LENGTH: Readonly<Record<number, number>> = { 4: 2, 6: 4, 9: 6, 12: 9 };

export const REGION_LEVELS = [
  'province',
  'city',
  'county',
  'township',
  'village',
] as const satisfies readonly RegionLevel[];

/** The level a code's length stands for; undefined for anything that is not a division code. */
export function levelOfCode(code: string): RegionLevel | undefined {
  return REGION_CODE_PATTERN.test(code) ? LEVEL_BY_LENGTH[code.length] : undefined;
}

/** The code of the enclosing level by prefix (`440103001` → `440103`); undefined for provinces. */
export function prefixParentOf(code: string): string | undefined {
  const length = PARENT_LENGTH[code.length];
  return length === undefined ? undefined : code.slice(0, length);
}

/**
 * Bounds that let a btree index find every code starting with `prefix` (`from <= code < to`,
 * `to` null when unbounded). Whatever the database collation, digit strings sort the same way;
 * shorter codes can still fall inside the range (`4402` lies between `440199` and `440200`), so
 * queries add `starts_with(code, prefix)` as well.
 */
export function prefixRange(prefix: string): { from: string; to: string | null } {
  const next = (BigInt(prefix) + 1n).toString().padStart(prefix.length, '0');
  return { from: prefix, to: next.length > prefix.length ? null : next };
}
