import { Injectable } from '@nestjs/common';
import { chinaCalendarDate } from '@wushe/cn-standards';
import { CommonErrors, decodeCursor, FieldCipher, Principal, RegionScope, toPage } from '@wushe/platform';
import { z } from 'zod';
import type { ServicePlan } from '../../generated/prisma';
import { presentMonitoringRecord, presentPlan, presentServiceRecord } from '../case-work.presenter';
import { CaseWorkRepository } from '../case-work.repository';
import { ListQuery, recordCursorSchema } from '../case-work.schemas';
import { isoDate } from '../schedule';
import { PlanRecordsRepository } from './plan-records.repository';
import { scopeFor } from '../../access/permissions';

const planCursorSchema = z.object({ id: z.uuid() });

/**
 * Plans and their service and monitoring records for anyone who reads case work in the village;
 * outside the caller's scope a plan is 404 (not disclosed). Record notes are decrypted only for
 * case writers covering the village (the rule of case-work-access / presentAssessment).
 */
@Injectable()
export class ViewPlans {
  constructor(
    private readonly repo: CaseWorkRepository,
    private readonly records: PlanRecordsRepository,
    private readonly cipher: FieldCipher,
  ) {}

  async ofRecipient(principal: Principal, recipientId: string, query: ListQuery) {
    const scope = scopeFor(principal, 'case-work.read');
    const recipient = await this.repo.findRecipient(scope, recipientId);
    if (!recipient) throw CommonErrors.NOT_FOUND({ resource: 'recipient', id: recipientId });
    const cursor = decodeCursor(query.cursor, planCursorSchema);
    const rows = await this.records.plansOf(scope, recipientId, cursor?.id, query.limit + 1);
    return toPage(rows.map(presentPlan), query.limit, (p) => ({ id: p.id }));
  }

  /** The plan with its goals, services and next due date, and what was done under it. */
  async get(principal: Principal, id: string, now = new Date()) {
    const plan = await this.load(principal, id);
    const today = chinaCalendarDate(now);
    return {
      ...presentPlan(plan),
      monitoringOverdue: plan.status === 'open' && isoDate(plan.nextMonitoringDue) < today,
      ...(await this.records.summary(scopeFor(principal, 'case-work.read'), plan)),
    };
  }

  services(principal: Principal, planId: string, query: ListQuery) {
    return this.recordPage(
      principal,
      planId,
      query,
      (scope, after, take) => this.records.services(scope, planId, after, take),
      presentServiceRecord,
      (r) => r.deliveredAt,
    );
  }

  monitoring(principal: Principal, planId: string, query: ListQuery) {
    return this.recordPage(
      principal,
      planId,
      query,
      (scope, after, take) => this.records.monitoring(scope, planId, after, take),
      presentMonitoringRecord,
      (r) => r.recordedAt,
    );
  }

  /** A plan's records newest first, keyset-paged; notes decrypted only for those who may read them. */
  private async recordPage<R, V extends { id: string }>(
    principal: Principal,
    planId: string,
    query: ListQuery,
    read: (scope: RegionScope, after: { at: Date; id: string } | undefined, take: number) => Promise<R[]>,
    present: (row: R, cipher: FieldCipher | undefined) => V,
    at: (view: V) => string,
  ) {
    const plan = await this.load(principal, planId);
    const cursor = decodeCursor(query.cursor, recordCursorSchema);
    const rows = await read(
      scopeFor(principal, 'case-work.read'),
      cursor && { at: new Date(cursor.t), id: cursor.id },
      query.limit + 1,
    );
    const cipher = this.cipherFor(principal, plan);
    return toPage(
      rows.map((r) => present(r, cipher)),
      query.limit,
      (v) => ({ t: at(v), id: v.id }),
    );
  }

  private async load(principal: Principal, id: string): Promise<ServicePlan> {
    const plan = await this.repo.findPlan(scopeFor(principal, 'case-work.read'), id);
    if (!plan) throw CommonErrors.NOT_FOUND({ resource: 'plan', id });
    return plan;
  }

  private cipherFor(principal: Principal, plan: ServicePlan): FieldCipher | undefined {
    return scopeFor(principal, 'case-work.manage').covers(plan.villageCode) ? this.cipher : undefined;
  }
}
