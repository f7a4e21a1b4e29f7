import { Injectable } from '@nestjs/common';
import { RegionScope } from '@wushe/platform';
import { CasesDb, CasesTx } from '../database/cases-db';
import { Prisma, Visit } from '../generated/prisma';

export interface VisitPageKey {
  visitedAt: Date;
  id: string;
}

/** Visits belong to the village they were made in; every read is confined to a RegionScope. */
@Injectable()
export class VisitRepository {
  constructor(private readonly db: CasesDb) {}

  create(tx: CasesTx, data: Prisma.VisitCreateInput): Promise<Visit> {
    return CasesDb.writer(tx).visit.create({ data });
  }

  findById(scope: RegionScope, id: string): Promise<Visit | null> {
    return this.db.scoped.visit.findFirst(scope, { where: { id } });
  }

  /** Newest first, keyset-paged on (visitedAt, id). */
  page(
    scope: RegionScope,
    filter: { region?: string; kind?: string },
    after: VisitPageKey | undefined,
    take: number,
  ): Promise<Visit[]> {
    const where: Prisma.VisitWhereInput = {
      ...(filter.region ? { villageCode: { startsWith: filter.region } } : {}),
      ...(filter.kind ? { kind: filter.kind } : {}),
      ...(after
        ? {
            OR: [
              { visitedAt: { lt: after.visitedAt } },
              { visitedAt: after.visitedAt, id: { lt: after.id } },
            ],
          }
        : {}),
    };
    return this.db.scoped.visit.findMany(scope, {
      where,
      orderBy: [{ visitedAt: 'desc' }, { id: 'desc' }],
      take,
    });
  }
}
