import { Injectable } from '@nestjs/common';
import { RegionScope } from '@wushe/platform';
import { CasesDb, CasesTx } from '../database/cases-db';
import type { AssistancePolicy, Prisma, Referral } from '../generated/prisma';
import type { RecipientWithCategories } from '../recipients';

export const OPEN_STATUSES = ['suggested', 'submitted'] as const;

/**
 * Policies (a catalogue, not regional) and referrals, which belong to the recipient's village:
 * every referral read and write takes a RegionScope.
 */
@Injectable()
export class PolicyRepository {
  constructor(private readonly db: CasesDb) {}

  policies(activeOnly: boolean): Promise<AssistancePolicy[]> {
    return this.db.unscoped.assistancePolicy.findMany({
      where: activeOnly ? { active: true } : {},
      orderBy: { code: 'asc' },
    });
  }

  policy(code: string): Promise<AssistancePolicy | null> {
    return this.db.unscoped.assistancePolicy.findUnique({ where: { code } });
  }

  recipient(scope: RegionScope, id: string): Promise<RecipientWithCategories | null> {
    return this.db.scoped.recipient.findFirst(scope, { where: { id }, include: { categories: true } });
  }

  referral(scope: RegionScope, id: string): Promise<Referral | null> {
    return this.db.scoped.referral.findFirst(scope, { where: { id } });
  }

  referralsOf(scope: RegionScope, recipientId: string): Promise<Referral[]> {
    return this.referralsIn(this.db, scope, recipientId);
  }

  referralsIn(tx: CasesTx | CasesDb, scope: RegionScope, recipientId: string): Promise<Referral[]> {
    return tx.scoped.referral.findMany(scope, { where: { recipientId }, orderBy: { id: 'asc' } });
  }

  /** Inserts the suggestions that are not open already (the partial unique index decides). */
  createSuggestions(
    tx: CasesTx,
    scope: RegionScope,
    rows: Prisma.ReferralCreateManyInput[],
  ): Promise<Referral[]> {
    if (!rows.length) return Promise.resolve([]);
    return tx.scoped.referral.createManyAndReturn(scope, { data: rows, skipDuplicates: true });
  }

  /** Optimistic update from an expected status: null when the version or status moved on. */
  async transition(
    tx: CasesTx,
    scope: RegionScope,
    id: string,
    version: number,
    from: string,
    data: Prisma.ReferralUpdateManyMutationInput,
  ): Promise<Referral | null> {
    const { count } = await tx.scoped.referral.updateMany(scope, {
      where: { id, version, status: from },
      data: { ...data, version: { increment: 1 } },
    });
    return count === 1 ? tx.scoped.referral.findUnique(scope, { where: { id } }) : null;
  }
}
