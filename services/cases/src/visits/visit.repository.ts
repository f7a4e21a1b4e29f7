import { Injectable } from '@nestjs/common';
import { RegionScope } from '@wushe/platform';
import { CasesDb, CasesTx } from '../database/cases-db';
import { Prisma, Visit, VisitRecipient } from '../generated/prisma';
import type { RecipientWithCategories } from '../recipients';

export type VisitWithRecipients = Visit & { recipients: VisitRecipient[] };

export interface VisitPageKey {
  visitedAt: Date;
  id: string;
}

const withRecipients = {
  recipients: { orderBy: { recipientId: 'asc' } },
} satisfies Prisma.VisitInclude;

/** Visits belong to the village they were made in; every read and write names a RegionScope. */
@Injectable()
export class VisitRepository {
  constructor(private readonly db: CasesDb) {}

  /** The visit and the people it saw or registered, in one insert. */
  create(
    tx: CasesTx,
    scope: RegionScope,
    data: Omit<Prisma.VisitUncheckedCreateInput, 'recipients'>,
    recipients: Array<{ recipientId: string; registered: boolean }>,
  ): Promise<VisitWithRecipients> {
    return tx.scoped.visit.create(scope, {
      data: { ...data, recipients: { create: recipients } },
      include: withRecipients,
    });
  }

  findById(scope: RegionScope, id: string): Promise<VisitWithRecipients | null> {
    return this.db.scoped.visit.findFirst(scope, { where: { id }, include: withRecipients });
  }

  /** The people named as visited, with their categories (for policy matching), within `scope`. */
  findRecipients(scope: RegionScope, ids: string[]): Promise<RecipientWithCategories[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db.scoped.recipient.findMany(scope, {
      where: { id: { in: ids } },
      include: { categories: { orderBy: [{ validFrom: 'asc' }, { id: 'asc' }] } },
    }) as Promise<RecipientWithCategories[]>;
  }

  /** Newest first, keyset-paged on (visitedAt, id). */
  page(
    scope: RegionScope,
    filter: {
      region?: string;
      kind?: string;
      recipientId?: string;
      workerId?: string;
      /** visitedAt in [from, until) */
      from?: Date;
      until?: Date;
    },
    after: VisitPageKey | undefined,
    take: number,
  ): Promise<VisitWithRecipients[]> {
    const where: Prisma.VisitWhereInput = {
      ...(filter.region ? { villageCode: { startsWith: filter.region } } : {}),
      ...(filter.kind ? { kind: filter.kind } : {}),
      ...(filter.recipientId ? { recipients: { some: { recipientId: filter.recipientId } } } : {}),
      ...(filter.workerId ? { workerId: filter.workerId } : {}),
      ...(filter.from || filter.until
        ? {
            visitedAt: {
              ...(filter.from ? { gte: filter.from } : {}),
              ...(filter.until ? { lt: filter.until } : {}),
            },
          }
        : {}),
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
      include: withRecipients,
      orderBy: [{ visitedAt: 'desc' }, { id: 'desc' }],
      take,
    }) as Promise<VisitWithRecipients[]>;
  }
}
