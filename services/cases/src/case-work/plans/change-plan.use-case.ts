import { Injectable } from '@nestjs/common';
import { chinaCalendarDate } from '@wushe/cn-standards';
import { CaseServiceType, MonitoringFrequency, planChangedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { Principal } from '@wushe/platform';
import { CasesDb } from '../../database/cases-db';
import type { ServicePlan } from '../../generated/prisma';
import { loadForAction, scopeFor } from '../../access/permissions';
import { caseWork } from '../case-work-access';
import { CaseWorkErrors } from '../case-work.errors';
import { presentPlan } from '../case-work.presenter';
import { CaseWorkRepository } from '../case-work.repository';
import type { ChangePlanInput } from '../case-work.schemas';
import { addFrequency, isoDate, toDate } from '../schedule';
import { PlanRecordsRepository } from './plan-records.repository';

type Changed = 'goals' | 'services' | 'monitoringFrequency';
type PlannedService = { type: CaseServiceType; frequency: string };

/**
 * Changes an open plan's goals, planned services or monitoring frequency (compare-and-set on the
 * version the writer read) and announces it. A new frequency restarts the schedule from the last
 * monitoring contact (or the plan's start): a plan moved from monthly to weekly is next due a
 * week after it was last seen, which may already be overdue — and then it should be.
 */
@Injectable()
export class ChangePlan {
  constructor(
    private readonly db: CasesDb,
    private readonly repo: CaseWorkRepository,
    private readonly records: PlanRecordsRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(principal: Principal, id: string, input: ChangePlanInput) {
    const plan = await loadForAction(principal, caseWork('case-work.manage'), { resource: 'plan', id }, (s) =>
      this.repo.findPlan(s, id),
    );
    if (plan.status !== 'open') throw CaseWorkErrors.PLAN_CLOSED();
    if (plan.version !== input.version) throw CaseWorkErrors.CASE_WORK_CONFLICT({ version: plan.version });
    const changed = whatChanges(plan, input);
    // Sending what the plan already says changes nothing and announces nothing.
    if (!changed.length) return presentPlan(plan);

    const scope = scopeFor(principal, 'case-work.manage');
    const updated = await this.db.$transaction(async (tx) => {
      const frequency = (input.monitoringFrequency ?? plan.monitoringFrequency) as MonitoringFrequency;
      let nextDue = isoDate(plan.nextMonitoringDue);
      if (changed.includes('monitoringFrequency')) {
        const last = await this.records.lastMonitoring(tx, scope, id);
        const startsOn = isoDate(plan.startsOn);
        const lastDay = last ? chinaCalendarDate(last.recordedAt) : startsOn;
        nextDue = addFrequency(lastDay > startsOn ? lastDay : startsOn, frequency);
      }
      const { count } = await tx.scoped.servicePlan.updateMany(scope, {
        where: { id, status: 'open', version: input.version },
        data: {
          ...(input.goals ? { goals: input.goals } : {}),
          ...(input.services ? { services: input.services } : {}),
          monitoringFrequency: frequency,
          nextMonitoringDue: toDate(nextDue),
          changedBy: principal.subject,
          changedAt: new Date(),
          version: { increment: 1 },
        },
      });
      if (count !== 1) {
        const now = await tx.scoped.servicePlan.findUnique(scope, {
          where: { id },
          select: { status: true },
        });
        throw now?.status === 'open' ? CaseWorkErrors.CASE_WORK_CONFLICT() : CaseWorkErrors.PLAN_CLOSED();
      }
      const row = await tx.scoped.servicePlan.findUniqueOrThrow(scope, { where: { id } });
      await this.outbox.publish(
        tx,
        planChangedV1,
        {
          planId: id,
          recipientId: row.recipientId,
          villageCode: row.villageCode,
          changed,
          serviceTypes: (row.services as PlannedService[]).map((s) => s.type),
          goalCount: row.goals.length,
          monitoringFrequency: frequency,
          nextMonitoringDue: nextDue,
          version: row.version,
        },
        { subject: id, regionCode: row.villageCode },
      );
      return row;
    });
    return presentPlan(updated);
  }
}

function whatChanges(plan: ServicePlan, input: ChangePlanInput): Changed[] {
  // Services compared as type:frequency pairs: jsonb does not keep the keys' order.
  const pairs = (services: PlannedService[]) => services.map((s) => `${s.type}:${s.frequency}`).join();
  const changed: Changed[] = [];
  if (input.goals && JSON.stringify(input.goals) !== JSON.stringify(plan.goals)) changed.push('goals');
  if (input.services && pairs(input.services) !== pairs(plan.services as PlannedService[])) {
    changed.push('services');
  }
  if (input.monitoringFrequency && input.monitoringFrequency !== plan.monitoringFrequency) {
    changed.push('monitoringFrequency');
  }
  return changed;
}
