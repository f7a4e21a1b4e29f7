import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, Principal } from '@wushe/platform';
import type { Pool } from 'pg';
import { scopeFor } from '../../access/permissions';
import { StaffErrors } from '../staff.errors';

export interface TalentFigures {
  /** Active staff members. */
  staff: number;
  /** Active staff by their highest certificate level (none: no certificate recorded). */
  byLevel: { assistant: number; intermediate: number; senior: number; none: number };
  byPostType: { transactional: number; service: number };
  /** Open posts: planned = filled + vacant. */
  posts: { planned: number; filled: number; vacant: number };
}
export interface ChildTalent extends TalentFigures {
  regionCode: string;
  /** Null for a code that has staff or posts but is no longer a current region. */
  name: string | null;
}
export interface TalentView extends TalentFigures {
  regionCode: string;
  name: string;
  children: ChildTalent[];
}

const CHILD_LENGTH: Record<number, number | undefined> = { 2: 4, 4: 6, 6: 9, 9: 12 };

interface StaffRow {
  child: string | null;
  staff: number;
  assistant: number;
  intermediate: number;
  senior: number;
  none: number;
  transactional: number;
  service: number;
}
interface PostRow {
  child: string | null;
  planned: number;
  filled: number;
}

// $1 LIKE prefix, $2 range start, $3 range end (null: none), $4 child code length (null: no
// children), $5 the caller's scope patterns (null: all). The range lets the region_code index serve
// the prefix whatever the collation; LIKE keeps it exact. A row directly at the region itself (a
// station's staff when asking for its township) counts in the totals under child NULL.
const WHERE = `region_code >= $2 AND ($3::text IS NULL OR region_code < $3) AND region_code LIKE $1
  AND ($5::text[] IS NULL OR region_code LIKE ANY ($5::text[]))`;
const CHILD = `CASE WHEN $4::int IS NOT NULL AND length(region_code) >= $4::int THEN left(region_code, $4::int) END`;

const STAFF_SQL = `
WITH ranked AS (
  SELECT s.region_code, s.post_type,
         (SELECT max(CASE c.level WHEN 'assistant' THEN 1 WHEN 'intermediate' THEN 2 WHEN 'senior' THEN 3 END)
            FROM staff_certificate c WHERE c.staff_id = s.id) AS rank
  FROM staff_member s
  WHERE s.status = 'active' AND ${WHERE.replace(/region_code/g, 's.region_code')}
)
SELECT ${CHILD} AS child,
       count(*)::int AS staff,
       count(*) FILTER (WHERE rank = 1)::int AS assistant,
       count(*) FILTER (WHERE rank = 2)::int AS intermediate,
       count(*) FILTER (WHERE rank = 3)::int AS senior,
       count(*) FILTER (WHERE rank IS NULL)::int AS "none",
       count(*) FILTER (WHERE post_type = 'transactional')::int AS transactional,
       count(*) FILTER (WHERE post_type = 'service')::int AS service
FROM ranked GROUP BY 1`;

const POST_SQL = `
SELECT ${CHILD} AS child, count(*)::int AS planned, count(staff_id)::int AS filled
FROM post WHERE closed_on IS NULL AND ${WHERE} GROUP BY 1`;

/**
 * Talent figures of a region (Chongqing Jiulongpo's counts: professionals, certified, posts) and of
 * each child region, each from one grouped statement over the region's prefix.
 */
@Injectable()
export class TalentQuery {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async forRegion(principal: Principal, regionCode: string): Promise<TalentView> {
    const scope = scopeFor(principal, 'staff.read');
    scope.assertCovers(regionCode);
    const region = await this.pool.query<{ name: string }>('SELECT name FROM region WHERE code = $1', [
      regionCode,
    ]);
    if (region.rowCount === 0) throw StaffErrors.REGION_NOT_FOUND({ regionCode });

    const childLength = CHILD_LENGTH[regionCode.length] ?? null;
    const patterns = scope.likePatterns();
    const params = [
      `${regionCode}%`,
      regionCode,
      prefixEnd(regionCode),
      childLength,
      patterns === 'all' ? null : patterns,
    ];
    const [staffRows, postRows, childRegions] = await Promise.all([
      this.pool.query<StaffRow>(STAFF_SQL, params),
      this.pool.query<PostRow>(POST_SQL, params),
      childLength
        ? this.pool.query<{ code: string; name: string }>(
            `SELECT code, name FROM region
             WHERE code LIKE $1 AND length(code) = $2 AND valid_to IS NULL ORDER BY code`,
            [`${regionCode}%`, childLength],
          )
        : Promise.resolve({ rows: [] as Array<{ code: string; name: string }> }),
    ]);

    const byChild = new Map<string | null, TalentFigures>();
    const figuresOf = (child: string | null) => {
      let figures = byChild.get(child);
      if (!figures) byChild.set(child, (figures = emptyFigures()));
      return figures;
    };
    for (const row of staffRows.rows) addStaff(figuresOf(row.child), row);
    for (const row of postRows.rows) addPosts(figuresOf(row.child), row);

    const total = emptyFigures();
    for (const figures of byChild.values()) addFigures(total, figures);
    const names = new Map(childRegions.rows.map((r) => [r.code, r.name]));
    const codes = [
      ...new Set([...names.keys(), ...[...byChild.keys()].filter((c): c is string => !!c)]),
    ].sort();
    return {
      regionCode,
      name: region.rows[0].name,
      ...total,
      children: codes.map((code) => ({
        regionCode: code,
        name: names.get(code) ?? null,
        ...(byChild.get(code) ?? emptyFigures()),
      })),
    };
  }
}

/** The first code after every code starting with `prefix` (null when there is none). */
function prefixEnd(prefix: string): string | null {
  const next = (BigInt(prefix) + 1n).toString().padStart(prefix.length, '0');
  return next.length > prefix.length ? null : next;
}

function emptyFigures(): TalentFigures {
  return {
    staff: 0,
    byLevel: { assistant: 0, intermediate: 0, senior: 0, none: 0 },
    byPostType: { transactional: 0, service: 0 },
    posts: { planned: 0, filled: 0, vacant: 0 },
  };
}

function addStaff(f: TalentFigures, row: StaffRow): void {
  f.staff += row.staff;
  f.byLevel.assistant += row.assistant;
  f.byLevel.intermediate += row.intermediate;
  f.byLevel.senior += row.senior;
  f.byLevel.none += row.none;
  f.byPostType.transactional += row.transactional;
  f.byPostType.service += row.service;
}

function addPosts(f: TalentFigures, row: PostRow): void {
  f.posts.planned += row.planned;
  f.posts.filled += row.filled;
  f.posts.vacant += row.planned - row.filled;
}

function addFigures(into: TalentFigures, f: TalentFigures): void {
  addStaff(into, { child: null, staff: f.staff, ...f.byLevel, ...f.byPostType });
  addPosts(into, { child: null, planned: f.posts.planned, filled: f.posts.filled });
}
