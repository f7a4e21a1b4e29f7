import { Injectable } from '@nestjs/common';
import { RegionScope } from '@wushe/platform';
import { CasesDb, CasesTx } from '../database/cases-db';
import { Assessment, AssessmentDomain, Prisma, ServicePlan } from '../generated/prisma';

export type AssessmentWithDomains = Assessment & { domains: AssessmentDomain[] };
export type RecipientRef = { id: string; villageCode: string; status: string };

/**
 * Case-work rows carry their recipient's villageCode. CasesDb.scoped does not list these models
 * (cases-db.ts is not ours to change), so every read here ANDs RegionScope.where('villageCode')
 * itself; writes happen only after the use case loaded the row through a scoped read.
 */
@Injectable()
export class CaseWorkRepository {
  constructor(private readonly db: CasesDb) {}

  private read<R>(tx: CasesTx | undefined, fn: (tx: CasesTx) => Promise<R>): Promise<R> {
    return tx ? fn(tx) : this.db.$transaction(fn);
  }

  findRecipient(scope: RegionScope, id: string): Promise<RecipientRef | null> {
    return this.db.scoped.recipient.findFirst(scope, {
      where: { id },
      select: { id: true, villageCode: true, status: true },
    }) as Promise<RecipientRef | null>;
  }

  findAssessment(scope: RegionScope, id: string, tx?: CasesTx): Promise<AssessmentWithDomains | null> {
    return this.read(tx, (t) =>
      t.assessment.findFirst({
        where: { AND: [{ id }, scope.where('villageCode') as Prisma.AssessmentWhereInput] },
        include: { domains: { orderBy: { domain: 'asc' } } },
      }),
    );
  }

  listAssessments(scope: RegionScope, recipientId: string): Promise<AssessmentWithDomains[]> {
    return this.read(undefined, (t) =>
      t.assessment.findMany({
        where: { AND: [{ recipientId }, scope.where('villageCode') as Prisma.AssessmentWhereInput] },
        include: { domains: { orderBy: { domain: 'asc' } } },
        orderBy: { id: 'desc' },
        take: 200,
      }),
    );
  }

  /** The latest approved assessment of a recipient the caller already loaded in scope. */
  latestApproved(tx: CasesTx, recipientId: string): Promise<Assessment | null> {
    return tx.assessment.findFirst({
      where: { recipientId, status: 'approved' },
      orderBy: { decidedAt: 'desc' },
    });
  }

  findOpenPlanOf(tx: CasesTx, recipientId: string): Promise<ServicePlan | null> {
    return tx.servicePlan.findFirst({ where: { recipientId, status: 'open' } });
  }

  findPlan(scope: RegionScope, id: string, tx?: CasesTx): Promise<ServicePlan | null> {
    return this.read(tx, (t) =>
      t.servicePlan.findFirst({
        where: { AND: [{ id }, scope.where('villageCode') as Prisma.ServicePlanWhereInput] },
      }),
    );
  }

  /** Open plans due before `today`, most overdue first, keyset-paged on (due, id). */
  overdue(
    scope: RegionScope,
    filter: { today: Date; region?: string; worker?: string },
    after: { due: Date; id: string } | undefined,
    take: number,
  ): Promise<ServicePlan[]> {
    const where: Prisma.ServicePlanWhereInput = {
      AND: [
        scope.where('villageCode') as Prisma.ServicePlanWhereInput,
        { status: 'open', nextMonitoringDue: { lt: filter.today } },
        filter.region ? { villageCode: { startsWith: filter.region } } : {},
        filter.worker ? { workerId: filter.worker } : {},
        after
          ? {
              OR: [
                { nextMonitoringDue: { gt: after.due } },
                { nextMonitoringDue: after.due, id: { gt: after.id } },
              ],
            }
          : {},
      ],
    };
    return this.read(undefined, (t) =>
      t.servicePlan.findMany({ where, orderBy: [{ nextMonitoringDue: 'asc' }, { id: 'asc' }], take }),
    );
  }
}
