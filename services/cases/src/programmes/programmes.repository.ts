import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, RegionScope } from '@wushe/platform';
import type { Pool } from 'pg';
import { CasesDb, CasesTx } from '../database/cases-db';
import { Prisma, Programme, ProgrammeEnrolment } from '../generated/prisma';

export type HouseholdRef = { id: string; villageCode: string };

/** Sums per child region and measure key: `sum` over check-ins, `latest` over each enrolment's last value. */
export interface MeasureRow {
  code: string;
  key: string;
  sum: string;
  latest: string;
}
export interface CountRow {
  code: string;
  enrolled: number;
  active: number;
  checkIns: number;
}

/** Length of the child codes of a region code (province → city → county → township → village). */
export const CHILD_LENGTH: Record<number, number> = { 2: 4, 4: 6, 6: 9, 9: 12, 12: 12 };

/**
 * Programmes (by their regionCode), enrolments and check-ins (by the household's villageCode), each
 * read through CasesDb's scoped models; the totals in SQL take the same scope.
 */
@Injectable()
export class ProgrammesRepository {
  constructor(
    private readonly db: CasesDb,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  findHousehold(scope: RegionScope, id: string): Promise<HouseholdRef | null> {
    return this.db.scoped.household.findFirst(scope, {
      where: { id },
      select: { id: true, villageCode: true },
    });
  }

  /** A programme whose region is in `scope` (use a scope including ancestors for reading). */
  findProgramme(scope: RegionScope, id: string, tx?: CasesTx): Promise<Programme | null> {
    return (tx ?? this.db).scoped.programme.findFirst(scope, { where: { id } });
  }

  /** Programmes in scope; with `region`, those under it or of one of its ancestors (or itself). */
  listProgrammes(scope: RegionScope, region?: string): Promise<Programme[]> {
    const regionFilter: Prisma.ProgrammeWhereInput = region
      ? {
          OR: [
            { regionCode: { startsWith: region } },
            {
              regionCode: {
                in: [2, 4, 6, 9].filter((n) => n < region.length).map((n) => region.slice(0, n)),
              },
            },
          ],
        }
      : {};
    return this.db.scoped.programme.findMany(scope, {
      where: regionFilter,
      orderBy: [{ startsOn: 'desc' }, { id: 'asc' }],
      take: 200,
    });
  }

  findEnrolment(scope: RegionScope, id: string, tx?: CasesTx): Promise<ProgrammeEnrolment | null> {
    return (tx ?? this.db).scoped.programmeEnrolment.findFirst(scope, { where: { id } });
  }

  /** Per child region of `region` and measure key, confined to `scope` in SQL. */
  async measureTotals(
    scope: RegionScope,
    programmeId: string,
    region: string,
    from: string | null,
    to: string | null,
  ): Promise<MeasureRow[]> {
    const inScope = this.db.sqlScope('programmeCheckIn', scope, 6, 'c');
    const { rows } = await this.pool.query<MeasureRow>(
      `WITH v AS (
         SELECT substr(c.village_code, 1, $2) AS code, c.enrolment_id, c.month, kv.key, kv.value::bigint AS value
         FROM programme_check_in c CROSS JOIN LATERAL jsonb_each_text(c."values") AS kv(key, value)
         WHERE c.programme_id = $1 AND c.village_code LIKE $3
           AND ($4::text IS NULL OR c.month >= $4) AND ($5::text IS NULL OR c.month <= $5)
           AND ${inScope.sql}
       ), latest AS (
         SELECT DISTINCT ON (enrolment_id, key) code, key, value FROM v ORDER BY enrolment_id, key, month DESC
       ), sums AS (SELECT code, key, sum(value) AS s FROM v GROUP BY code, key),
       lasts AS (SELECT code, key, sum(value) AS l FROM latest GROUP BY code, key)
       SELECT sums.code, sums.key, sums.s::text AS sum, lasts.l::text AS latest
       FROM sums JOIN lasts USING (code, key) ORDER BY 1, 2`,
      [programmeId, CHILD_LENGTH[region.length], `${region}%`, from, to, inScope.value],
    );
    return rows;
  }

  /** Enrolments (all, active) and check-ins per child region of `region`, confined to `scope`. */
  async countTotals(
    scope: RegionScope,
    programmeId: string,
    region: string,
    from: string | null,
    to: string | null,
  ): Promise<CountRow[]> {
    const enrolments = this.db.sqlScope('programmeEnrolment', scope, 6);
    const checkIns = this.db.sqlScope('programmeCheckIn', scope, 6);
    const { rows } = await this.pool.query<CountRow>(
      `WITH e AS (
         SELECT substr(village_code, 1, $2) AS code, count(*)::int AS enrolled,
                count(*) FILTER (WHERE status = 'active')::int AS active
         FROM programme_enrolment
         WHERE programme_id = $1 AND village_code LIKE $3
           AND ${enrolments.sql}
         GROUP BY 1
       ), c AS (
         SELECT substr(village_code, 1, $2) AS code, count(*)::int AS check_ins
         FROM programme_check_in
         WHERE programme_id = $1 AND village_code LIKE $3
           AND ($4::text IS NULL OR month >= $4) AND ($5::text IS NULL OR month <= $5)
           AND ${checkIns.sql}
         GROUP BY 1
       )
       SELECT code, coalesce(e.enrolled, 0) AS enrolled, coalesce(e.active, 0) AS active,
              coalesce(c.check_ins, 0) AS "checkIns"
       FROM e FULL JOIN c USING (code) ORDER BY code`,
      [programmeId, CHILD_LENGTH[region.length], `${region}%`, from, to, checkIns.value],
    );
    return rows;
  }
}
