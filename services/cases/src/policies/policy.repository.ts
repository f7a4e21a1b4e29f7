import { Injectable } from '@nestjs/common';
import { RegionScope } from '@wushe/platform';
import { CasesDb, CasesTx } from '../database/cases-db';
import type { AssistancePolicy, Prisma, Referral } from '../generated/prisma';
import type { RecipientWithCategories } from '../recipients/recipient.repository';

export const OPEN_STATUSES = ['suggested', 'submitted'] as const;

/**
 * Policies (a catalogue, not regional) and referrals. Referrals belong to the recipient's village,
 * but `referral` is not among CasesDb's scoped models (cases-db.ts is not ours to change), so every
 * referral read here takes a RegionScope and applies `scope.where('villageCode')` itself. Reads go
 * through a short transaction because CasesDb exposes the raw models only there.
 */
@Injectable()
export class PolicyRepository {
  constructor(private readonly db: CasesDb) {}

  policies(activeOnly: boolean): Promise<AssistancePolicy[]> {
    return this.db.$transaction((tx) =>
      tx.assistancePolicy.findMany({ where: activeOnly ? { active: true } : {}, orderBy: { code: 'asc' } }),
    );
  }

  policy(code: string): Promise<AssistancePolicy | null> {
    return this.db.$transaction((tx) => tx.assistancePolicy.findUnique({ where: { code } }));
  }

  recipient(scope: RegionScope, id: string): Promise<RecipientWithCategories | null> {
    return this.db.scoped.recipient.findFirst(scope, {
      where: { id },
      include: { categories: true },
    }) as Promise<RecipientWithCategories | null>;
  }

  referral(scope: RegionScope, id: string): Promise<Referral | null> {
    return this.db.$transaction((tx) =>
      tx.referral.findFirst({ where: { AND: [{ id }, scope.where('villageCode')] } }),
    );
  }

  referralsOf(scope: RegionScope, recipientId: string): Promise<Referral[]> {
    return this.db.$transaction((tx) => this.referralsIn(tx, scope, recipientId));
  }

  referralsIn(tx: CasesTx, scope: RegionScope, recipientId: string): Promise<Referral[]> {
    return tx.referral.findMany({
      where: { AND: [{ recipientId }, scope.where('villageCode')] },
      orderBy: { id: 'asc' },
    });
  }

  /** Inserts the suggestions that are not open already (the partial unique index decides). */
  createSuggestions(tx: CasesTx, rows: Prisma.ReferralCreateManyInput[]): Promise<Referral[]> {
    if (!rows.length) return Promise.resolve([]);
    return tx.referral.createManyAndReturn({ data: rows, skipDuplicates: true });
  }

  /** Optimistic update from an expected status: null when the version or status moved on. */
  async transition(
    tx: CasesTx,
    id: string,
    version: number,
    from: string,
    data: Prisma.ReferralUpdateManyMutationInput,
  ): Promise<Referral | null> {
    const { count } = await tx.referral.updateMany({
      where: { id, version, status: from },
      data: { ...data, version: { increment: 1 } },
    });
    return count === 1 ? tx.referral.findUnique({ where: { id } }) : null;
  }
}
