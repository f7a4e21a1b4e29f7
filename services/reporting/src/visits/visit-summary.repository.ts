import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, RegionScope } from '@wushe/platform';
import type { Pool } from 'pg';
import { ReportingDb } from '../database/reporting-db';

export interface VisitSummaryRow {
  code: string;
  kind: string;
  visits: number;
  needsFound: number;
}

const CHILD_LENGTH: Record<number, number> = { 2: 4, 4: 6, 6: 9, 9: 12, 12: 12 };

/** Visit tallies summed per child region of `region`, confined to the caller's scope in SQL. */
@Injectable()
export class VisitSummaryRepository {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly db: ReportingDb,
  ) {}

  async byChildRegion(scope: RegionScope, region: string, from: Date, to: Date): Promise<VisitSummaryRow[]> {
    const inScope = this.db.sqlScope('visitTally', scope, 5);
    const { rows } = await this.pool.query<VisitSummaryRow>(
      `SELECT substr(village_code, 1, $1) AS code, kind,
              sum(visits)::int AS visits, sum(needs_found)::int AS "needsFound"
       FROM visit_tally
       WHERE village_code LIKE $2 AND month BETWEEN $3 AND $4
         AND ${inScope.sql}
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [CHILD_LENGTH[region.length], `${region}%`, from, to, inScope.value],
    );
    return rows;
  }
}
