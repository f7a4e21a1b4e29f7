import { Injectable } from '@nestjs/common';
import { RegionScope } from '@wushe/platform';
import { CasesDb, CasesTx } from '../database/cases-db';
import { Household, Prisma, Recipient, RecipientCategory } from '../generated/prisma';
import type { CaseloadFilter } from './caseload';

export type RecipientWithCategories = Recipient & { categories: RecipientCategory[] };

const withCategories = {
  categories: { orderBy: [{ validFrom: 'asc' }, { id: 'asc' }] },
} satisfies Prisma.RecipientInclude;

/** What the ledger list, search and export filter on (each optional but `today`). */
export interface LedgerFilter {
  region?: string;
  category?: string;
  status?: string;
  caseload?: CaseloadFilter;
  /** names starting with this */
  name?: string;
  residentIdHash?: string;
  /** which categories count as current */
  today: Date;
}

/** Recipients belong to their village; every read names a RegionScope. */
@Injectable()
export class RecipientRepository {
  constructor(private readonly db: CasesDb) {}

  /** Inserts the recipient and its categories and returns them as a read would (no read-back). */
  createWithCategories(
    tx: CasesTx,
    scope: RegionScope,
    data: Omit<Prisma.RecipientUncheckedCreateInput, 'categories'>,
    categories: Omit<Prisma.RecipientCategoryUncheckedCreateWithoutRecipientInput, 'recipientId'>[],
  ): Promise<RecipientWithCategories> {
    return tx.scoped.recipient.create(scope, {
      data: { ...data, categories: { create: categories } },
      include: withCategories,
    });
  }

  findById(scope: RegionScope, id: string): Promise<RecipientWithCategories | null> {
    return this.db.scoped.recipient.findFirst(scope, { where: { id }, include: withCategories });
  }

  /** Where a resident ID hash is registered, whoever asks (the caller decides what to disclose). */
  findRegistration(hash: string): Promise<Pick<Recipient, 'id' | 'villageCode'> | null> {
    return this.db.scoped.recipient.findFirst(RegionScope.system('duplicate-resident-id-check'), {
      where: { residentIdHash: hash },
      select: { id: true, villageCode: true },
    });
  }

  findHousehold(scope: RegionScope, id: string): Promise<Household | null> {
    return this.db.scoped.household.findFirst(scope, { where: { id } });
  }

  /** Newest first (ids are UUIDv7), keyset-paged on id. */
  page(
    scope: RegionScope,
    filter: LedgerFilter,
    afterId: string | undefined,
    take: number,
  ): Promise<RecipientWithCategories[]> {
    const where: Prisma.RecipientWhereInput = {
      ...(filter.region ? { villageCode: { startsWith: filter.region } } : {}),
      ...(filter.caseload
        ? {
            assignedWorkerId: filter.caseload === 'unassigned' ? null : { in: filter.caseload.staffIds },
          }
        : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.name ? { name: { startsWith: filter.name } } : {}),
      ...(filter.residentIdHash ? { residentIdHash: filter.residentIdHash } : {}),
      ...(filter.category
        ? {
            categories: {
              some: {
                category: filter.category,
                OR: [{ validTo: null }, { validTo: { gt: filter.today } }],
              },
            },
          }
        : {}),
      ...(afterId ? { id: { lt: afterId } } : {}),
    };
    return this.db.scoped.recipient.findMany(scope, {
      where,
      include: withCategories,
      orderBy: { id: 'desc' },
      take,
    });
  }

  /** Optimistic update: false when the version moved on. */
  async updateVersioned(
    tx: CasesTx,
    scope: RegionScope,
    id: string,
    version: number,
    data: Prisma.RecipientUpdateManyMutationInput,
  ): Promise<boolean> {
    const { count } = await tx.scoped.recipient.updateMany(scope, {
      where: { id, version },
      data: { ...data, version: { increment: 1 } },
    });
    return count === 1;
  }
}
