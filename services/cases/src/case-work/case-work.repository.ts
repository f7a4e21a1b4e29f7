import { Injectable } from '@nestjs/common';
import { RegionScope } from '@wushe/platform';
import { CasesDb, CasesTx } from '../database/cases-db';
import { Assessment, AssessmentDomain, Prisma, ServicePlan } from '../generated/prisma';

export type AssessmentWithDomains = Assessment & { domains: AssessmentDomain[] };
export type RecipientRef = { id: string; villageCode: string; status: string };

/** Case-work rows carry their recipient's villageCode: CasesDb scopes them like the recipient. */
@Injectable()
export class CaseWorkRepository {
  constructor(private readonly db: CasesDb) {}

  findRecipient(scope: RegionScope, id: string): Promise<RecipientRef | null> {
    return this.db.scoped.recipient.findFirst(scope, {
      where: { id },
      select: { id: true, villageCode: true, status: true },
    });
  }

  findAssessment(scope: RegionScope, id: string, tx?: CasesTx): Promise<AssessmentWithDomains | null> {
    return (tx ?? this.db).scoped.assessment.findFirst(scope, {
      where: { id },
      include: { domains: { orderBy: { domain: 'asc' } } },
    });
  }

  listAssessments(scope: RegionScope, recipientId: string): Promise<AssessmentWithDomains[]> {
    return this.db.scoped.assessment.findMany(scope, {
      where: { recipientId },
      include: { domains: { orderBy: { domain: 'asc' } } },
      orderBy: { id: 'desc' },
      take: 200,
    });
  }

  /** The latest approved assessment of a recipient the caller already loaded in scope. */
  latestApproved(tx: CasesTx, scope: RegionScope, recipientId: string): Promise<Assessment | null> {
    return tx.scoped.assessment.findFirst(scope, {
      where: { recipientId, status: 'approved' },
      orderBy: { decidedAt: 'desc' },
    });
  }

  findOpenPlanOf(tx: CasesTx, scope: RegionScope, recipientId: string): Promise<ServicePlan | null> {
    return tx.scoped.servicePlan.findFirst(scope, { where: { recipientId, status: 'open' } });
  }

  findPlan(scope: RegionScope, id: string, tx?: CasesTx): Promise<ServicePlan | null> {
    return (tx ?? this.db).scoped.servicePlan.findFirst(scope, { where: { id } });
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
    return this.db.scoped.servicePlan.findMany(scope, {
      where,
      orderBy: [{ nextMonitoringDue: 'asc' }, { id: 'asc' }],
      take,
    });
  }
}
