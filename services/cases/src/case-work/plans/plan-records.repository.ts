import { Injectable } from '@nestjs/common';
import { RegionScope } from '@wushe/platform';
import { CasesDb, CasesTx } from '../../database/cases-db';
import type { MonitoringRecord, Prisma, ServicePlan, ServiceRecord } from '../../generated/prisma';

export interface RecordPageKey {
  at: Date;
  id: string;
}

/**
 * Reads of plans and the records under them. Like CaseWorkRepository, every read ANDs the
 * caller's RegionScope on the row's own villageCode (these models are not among CasesDb.scoped),
 * and reads go through a short transaction because CasesDb exposes the raw models only there.
 */
@Injectable()
export class PlanRecordsRepository {
  constructor(private readonly db: CasesDb) {}

  /** A recipient's plans, newest first (ids are UUIDv7), keyset-paged on id. */
  plansOf(scope: RegionScope, recipientId: string, afterId: string | undefined, take: number) {
    return this.db.$transaction((tx) =>
      tx.servicePlan.findMany({
        where: {
          AND: [
            { recipientId },
            scope.where('villageCode') as Prisma.ServicePlanWhereInput,
            afterId ? { id: { lt: afterId } } : {},
          ],
        },
        orderBy: { id: 'desc' },
        take,
      }),
    );
  }

  /** Services delivered under a plan, latest first, keyset-paged on (deliveredAt, id). */
  services(scope: RegionScope, planId: string, after: RecordPageKey | undefined, take: number) {
    return this.db.$transaction((tx): Promise<ServiceRecord[]> =>
      tx.serviceRecord.findMany({
        where: {
          AND: [
            { planId },
            scope.where('villageCode') as Prisma.ServiceRecordWhereInput,
            after
              ? {
                  OR: [{ deliveredAt: { lt: after.at } }, { deliveredAt: after.at, id: { lt: after.id } }],
                }
              : {},
          ],
        },
        orderBy: [{ deliveredAt: 'desc' }, { id: 'desc' }],
        take,
      }),
    );
  }

  /** Monitoring contacts under a plan, latest first, keyset-paged on (recordedAt, id). */
  monitoring(scope: RegionScope, planId: string, after: RecordPageKey | undefined, take: number) {
    return this.db.$transaction((tx): Promise<MonitoringRecord[]> =>
      tx.monitoringRecord.findMany({
        where: {
          AND: [
            { planId },
            scope.where('villageCode') as Prisma.MonitoringRecordWhereInput,
            after
              ? {
                  OR: [{ recordedAt: { lt: after.at } }, { recordedAt: after.at, id: { lt: after.id } }],
                }
              : {},
          ],
        },
        orderBy: [{ recordedAt: 'desc' }, { id: 'desc' }],
        take,
      }),
    );
  }

  /** Counts and latest dates of a plan the caller already read in scope. */
  summary(plan: ServicePlan) {
    return this.db.$transaction(async (tx) => {
      const services = await tx.serviceRecord.aggregate({
        where: { planId: plan.id },
        _count: { _all: true },
        _sum: { minutes: true },
        _max: { deliveredAt: true },
      });
      const monitoring = await tx.monitoringRecord.aggregate({
        where: { planId: plan.id },
        _count: { _all: true },
        _max: { recordedAt: true },
      });
      return {
        serviceCount: services._count._all,
        serviceMinutes: services._sum.minutes ?? 0,
        lastServiceAt: services._max.deliveredAt?.toISOString() ?? null,
        monitoringCount: monitoring._count._all,
        lastMonitoredAt: monitoring._max.recordedAt?.toISOString() ?? null,
      };
    });
  }

  /** The latest monitoring contact of a plan, inside the caller's transaction. */
  lastMonitoring(tx: CasesTx, planId: string): Promise<MonitoringRecord | null> {
    return tx.monitoringRecord.findFirst({
      where: { planId },
      orderBy: [{ recordedAt: 'desc' }, { id: 'desc' }],
    });
  }
}
