import { Injectable } from '@nestjs/common';
import { RegionScope } from '@wushe/platform';
import { CasesDb, CasesTx } from '../../database/cases-db';
import type { MonitoringRecord, ServicePlan } from '../../generated/prisma';

export interface RecordPageKey {
  at: Date;
  id: string;
}

/** Reads of plans and the records under them, each confined to the caller's RegionScope. */
@Injectable()
export class PlanRecordsRepository {
  constructor(private readonly db: CasesDb) {}

  /** A recipient's plans, newest first (ids are UUIDv7), keyset-paged on id. */
  plansOf(scope: RegionScope, recipientId: string, afterId: string | undefined, take: number) {
    return this.db.scoped.servicePlan.findMany(scope, {
      where: {
        AND: [{ recipientId }, afterId ? { id: { lt: afterId } } : {}],
      },
      orderBy: { id: 'desc' },
      take,
    });
  }

  /** Services delivered under a plan, latest first, keyset-paged on (deliveredAt, id). */
  services(scope: RegionScope, planId: string, after: RecordPageKey | undefined, take: number) {
    return this.db.scoped.serviceRecord.findMany(scope, {
      where: {
        AND: [
          { planId },
          after
            ? {
                OR: [{ deliveredAt: { lt: after.at } }, { deliveredAt: after.at, id: { lt: after.id } }],
              }
            : {},
        ],
      },
      orderBy: [{ deliveredAt: 'desc' }, { id: 'desc' }],
      take,
    });
  }

  /** Monitoring contacts under a plan, latest first, keyset-paged on (recordedAt, id). */
  monitoring(scope: RegionScope, planId: string, after: RecordPageKey | undefined, take: number) {
    return this.db.scoped.monitoringRecord.findMany(scope, {
      where: {
        AND: [
          { planId },
          after
            ? {
                OR: [{ recordedAt: { lt: after.at } }, { recordedAt: after.at, id: { lt: after.id } }],
              }
            : {},
        ],
      },
      orderBy: [{ recordedAt: 'desc' }, { id: 'desc' }],
      take,
    });
  }

  /** Counts and latest dates of a plan the caller read in `scope`. */
  async summary(scope: RegionScope, plan: ServicePlan) {
    {
      const services = await this.db.scoped.serviceRecord.aggregate(scope, {
        where: { planId: plan.id },
        _count: { _all: true },
        _sum: { minutes: true },
        _max: { deliveredAt: true },
      });
      const monitoring = await this.db.scoped.monitoringRecord.aggregate(scope, {
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
    }
  }

  /** The latest monitoring contact of a plan, inside the caller's transaction. */
  lastMonitoring(tx: CasesTx, scope: RegionScope, planId: string): Promise<MonitoringRecord | null> {
    return tx.scoped.monitoringRecord.findFirst(scope, {
      where: { planId },
      orderBy: [{ recordedAt: 'desc' }, { id: 'desc' }],
    });
  }
}
