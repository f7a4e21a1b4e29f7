import { advanceRecipientStatus, isUniqueViolation } from '../../recipients';
import { Injectable } from '@nestjs/common';
import { chinaCalendarDate } from '@wushe/cn-standards';
import {
  CaseServiceType,
  MonitoringFrequency,
  monitoringRecordedV1,
  planClosedV1,
  planCreatedV1,
  serviceDeliveredV1,
} from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { decodeCursor, FieldCipher, Page, Principal, toPage } from '@wushe/platform';
import { v7 as uuidv7 } from 'uuid';
import { CasesDb } from '../../database/cases-db';
import type { ServicePlan } from '../../generated/prisma';
import { caseWork, loadOpenRecipient } from '../case-work-access';
import { CaseWorkErrors } from '../case-work.errors';
import { presentMonitoringRecord, presentPlan, presentServiceRecord } from '../case-work.presenter';
import { CaseWorkRepository } from '../case-work.repository';
import {
  CreatePlanInput,
  OverdueQuery,
  overdueCursorSchema,
  RecordMonitoringInput,
  RecordServiceInput,
} from '../case-work.schemas';
import { addFrequency, isoDate, toDate } from '../schedule';
import { loadForAction, scopeFor } from '../../access/permissions';

/** Service plans, the services delivered under them, and their monitoring. */
@Injectable()
export class Plans {
  constructor(
    private readonly db: CasesDb,
    private readonly repo: CaseWorkRepository,
    private readonly outbox: OutboxWriter,
    private readonly cipher: FieldCipher,
  ) {}

  async create(principal: Principal, recipientId: string, input: CreatePlanInput) {
    const recipient = await loadOpenRecipient(this.repo, principal, recipientId);
    const frequency = input.monitoringFrequency;
    const nextDue = addFrequency(input.startsOn, frequency);
    const id = uuidv7();
    const scope = scopeFor(principal, 'case-work.manage');
    const plan = await this.db
      .$transaction(async (tx) => {
        const approved = await this.repo.latestApproved(tx, scope, recipientId);
        if (!approved) throw CaseWorkErrors.ASSESSMENT_NOT_APPROVED();
        const open = await this.repo.findOpenPlanOf(tx, scope, recipientId);
        if (open) throw CaseWorkErrors.PLAN_ALREADY_OPEN({ planId: open.id });
        const created = await tx.scoped.servicePlan.create(scope, {
          data: {
            id,
            recipientId,
            villageCode: recipient.villageCode,
            assessmentId: approved.id,
            goals: input.goals,
            services: input.services,
            monitoringFrequency: frequency,
            startsOn: toDate(input.startsOn),
            nextMonitoringDue: toDate(nextDue),
            workerId: principal.subject,
          },
        });
        await this.outbox.publish(
          tx,
          planCreatedV1,
          {
            planId: id,
            recipientId,
            villageCode: recipient.villageCode,
            assessmentId: approved.id,
            serviceTypes: input.services.map((s) => s.type),
            goalCount: input.goals.length,
            monitoringFrequency: frequency,
            startsOn: input.startsOn,
            nextMonitoringDue: nextDue,
          },
          { subject: id, regionCode: recipient.villageCode },
        );
        await advanceRecipientStatus(tx, scope, this.outbox, recipientId, 'in-service', [
          'identified',
          'assessed',
        ]);
        return created;
      })
      .catch((error: unknown) => {
        // Lost a race with a simultaneous request: the partial unique index decided.
        if (isUniqueViolation(error)) throw CaseWorkErrors.PLAN_ALREADY_OPEN();
        throw error;
      });
    return presentPlan(plan);
  }

  async close(principal: Principal, id: string) {
    const plan = await this.loadOpenPlan(principal, id);
    const scope = scopeFor(principal, 'case-work.manage');
    const closed = await this.db.$transaction(async (tx) => {
      const { count } = await tx.scoped.servicePlan.updateMany(scope, {
        where: { id, status: 'open' },
        data: {
          status: 'closed',
          closedAt: new Date(),
          closedBy: principal.subject,
          version: { increment: 1 },
        },
      });
      if (count !== 1) throw CaseWorkErrors.PLAN_CLOSED();
      await this.outbox.publish(
        tx,
        planClosedV1,
        { planId: id, recipientId: plan.recipientId, villageCode: plan.villageCode },
        { subject: id, regionCode: plan.villageCode },
      );
      return tx.scoped.servicePlan.findUniqueOrThrow(scope, { where: { id } });
    });
    return presentPlan(closed);
  }

  async recordService(principal: Principal, planId: string, input: RecordServiceInput) {
    const plan = await this.loadOpenPlan(principal, planId);
    const types = (plan.services as Array<{ type: CaseServiceType }>).map((s) => s.type);
    if (!types.includes(input.type))
      throw CaseWorkErrors.SERVICE_NOT_IN_PLAN({ type: input.type, planned: types });
    const deliveredAt = new Date(input.deliveredAt);
    if (chinaCalendarDate(deliveredAt) < isoDate(plan.startsOn)) {
      throw CaseWorkErrors.RECORD_BEFORE_PLAN_START({ startsOn: isoDate(plan.startsOn) });
    }
    const id = uuidv7();
    const scope = scopeFor(principal, 'case-work.manage');
    const record = await this.db.$transaction(async (tx) => {
      // Re-checked inside the transaction: a plan closed meanwhile takes no more records.
      const { count } = await tx.scoped.servicePlan.updateMany(scope, {
        where: { id: planId, status: 'open' },
        data: { status: 'open' },
      });
      if (count !== 1) throw CaseWorkErrors.PLAN_CLOSED();
      const created = await tx.scoped.serviceRecord.create(scope, {
        data: {
          id,
          planId,
          recipientId: plan.recipientId,
          villageCode: plan.villageCode,
          type: input.type,
          deliveredAt,
          minutes: input.minutes,
          notesEncrypted: input.notes ? this.cipher.encrypt(input.notes) : null,
          workerId: principal.subject,
        },
      });
      await this.outbox.publish(
        tx,
        serviceDeliveredV1,
        {
          planId,
          recipientId: plan.recipientId,
          villageCode: plan.villageCode,
          serviceRecordId: id,
          type: input.type,
          minutes: input.minutes,
          deliveredAt: deliveredAt.toISOString(),
        },
        { subject: planId, regionCode: plan.villageCode },
      );
      return created;
    });
    return presentServiceRecord(record);
  }

  /**
   * Records a monitoring contact and moves the next due date one period on from the later of the
   * current due date and the contact's day (China calendar): an early contact does not shorten
   * the schedule, a late one restarts it from the day it happened.
   */
  async recordMonitoring(principal: Principal, planId: string, input: RecordMonitoringInput) {
    const plan = await this.loadOpenPlan(principal, planId);
    const recordedAt = new Date(input.recordedAt);
    const day = chinaCalendarDate(recordedAt);
    const startsOn = isoDate(plan.startsOn);
    if (day < startsOn) throw CaseWorkErrors.RECORD_BEFORE_PLAN_START({ startsOn });
    const currentDue = isoDate(plan.nextMonitoringDue);
    const nextDue = addFrequency(
      day > currentDue ? day : currentDue,
      plan.monitoringFrequency as MonitoringFrequency,
    );
    const id = uuidv7();
    const scope = scopeFor(principal, 'case-work.manage');
    const record = await this.db.$transaction(async (tx) => {
      const { count } = await tx.scoped.servicePlan.updateMany(scope, {
        // The version too: a plan changed meanwhile (a new frequency) has another schedule.
        where: { id: planId, status: 'open', version: plan.version },
        data: { nextMonitoringDue: toDate(nextDue), version: { increment: 1 } },
      });
      if (count !== 1) throw CaseWorkErrors.CASE_WORK_CONFLICT();
      const created = await tx.scoped.monitoringRecord.create(scope, {
        data: {
          id,
          planId,
          recipientId: plan.recipientId,
          villageCode: plan.villageCode,
          recordedAt,
          outcome: input.outcome,
          notesEncrypted: input.notes ? this.cipher.encrypt(input.notes) : null,
          nextDue: toDate(nextDue),
          workerId: principal.subject,
        },
      });
      await this.outbox.publish(
        tx,
        monitoringRecordedV1,
        {
          planId,
          recipientId: plan.recipientId,
          villageCode: plan.villageCode,
          monitoringRecordId: id,
          outcome: input.outcome,
          nextDue,
        },
        { subject: planId, regionCode: plan.villageCode },
      );
      return created;
    });
    return presentMonitoringRecord(record);
  }

  /** Open plans whose monitoring is overdue (due before today, Asia/Shanghai), in reader scope. */
  async overdue(principal: Principal, query: OverdueQuery, now = new Date()): Promise<Page<OverdueView>> {
    const scope = scopeFor(principal, 'case-work.read');
    const cursor = decodeCursor(query.cursor, overdueCursorSchema);
    const today = chinaCalendarDate(now);
    const rows = await this.repo.overdue(
      scope,
      { today: toDate(today), region: query.region, worker: query.worker },
      cursor ? { due: toDate(cursor.due), id: cursor.id } : undefined,
      query.limit + 1,
    );
    return toPage(
      rows.map((p) => presentOverdue(p, today)),
      query.limit,
      (p) => ({ due: p.nextMonitoringDue, id: p.planId }),
    );
  }

  private async loadOpenPlan(principal: Principal, id: string): Promise<ServicePlan> {
    const plan = await loadForAction(principal, caseWork('case-work.manage'), { resource: 'plan', id }, (s) =>
      this.repo.findPlan(s, id),
    );
    if (plan.status !== 'open') throw CaseWorkErrors.PLAN_CLOSED();
    return plan;
  }
}

function presentOverdue(p: ServicePlan, today: string) {
  const due = isoDate(p.nextMonitoringDue);
  return {
    planId: p.id,
    recipientId: p.recipientId,
    villageCode: p.villageCode,
    workerId: p.workerId,
    monitoringFrequency: p.monitoringFrequency,
    nextMonitoringDue: due,
    daysOverdue: Math.round((toDate(today).getTime() - toDate(due).getTime()) / 86_400_000),
  };
}
export type OverdueView = ReturnType<typeof presentOverdue>;
