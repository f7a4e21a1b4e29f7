import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { entityId } from './common';

// Case work: needs assessments, service plans, service and monitoring records. Events carry ids,
// the village code, scores' outcome as codes and counts; never names, notes, comments or goals
// (PIPL: health and family notes are sensitive).

/** Needs domains of an assessment (需求评估维度). */
export const ASSESSMENT_DOMAINS = [
  'economic',
  'health',
  'care',
  'education',
  'psychological',
  'social-support',
] as const;
export type AssessmentDomainCode = (typeof ASSESSMENT_DOMAINS)[number];

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Service types (服务类型), after the national guidance for social work services. */
export const CASE_SERVICE_TYPES = [
  'emotional-support', // 情绪疏导
  'psychological-comfort', // 心理抚慰
  'spiritual-care', // 精神关爱
  'relationship-adjustment', // 关系调适
  'social-integration', // 社会融入
  'resource-linking', // 资源链接
  'daily-care', // 生活照料
  'education-support', // 学业辅导
] as const;
export type CaseServiceType = (typeof CASE_SERVICE_TYPES)[number];

export const MONITORING_FREQUENCIES = ['weekly', 'monthly', 'quarterly'] as const;
export type MonitoringFrequency = (typeof MONITORING_FREQUENCIES)[number];

export const MONITORING_OUTCOMES = ['improved', 'stable', 'worse'] as const;

const villageCode = z.string().regex(/^\d{12}$/);
const isoDate = z.iso.date();
const assessmentFacts = { assessmentId: entityId, recipientId: entityId, villageCode };
const planFacts = { planId: entityId, recipientId: entityId, villageCode };

export const assessmentSubmittedV1 = defineEvent({
  service: 'cases',
  entity: 'assessment',
  action: 'submitted',
  version: 1,
  description: 'A needs assessment was submitted for a supervisor’s approval.',
  schema: z.object({ ...assessmentFacts, riskLevel: z.enum(RISK_LEVELS) }),
});

export const assessmentApprovedV1 = defineEvent({
  service: 'cases',
  entity: 'assessment',
  action: 'approved',
  version: 1,
  description:
    'A supervisor approved a needs assessment. `riskLevel` is the level in force; `riskOverridden` tells whether the writer overrode the computed level.',
  schema: z.object({
    ...assessmentFacts,
    riskLevel: z.enum(RISK_LEVELS),
    riskOverridden: z.boolean(),
  }),
});

export const assessmentReturnedV1 = defineEvent({
  service: 'cases',
  entity: 'assessment',
  action: 'returned',
  version: 1,
  description: 'A supervisor returned a needs assessment for rework. The comment stays in the service.',
  schema: z.object(assessmentFacts),
});

export const planCreatedV1 = defineEvent({
  service: 'cases',
  entity: 'plan',
  action: 'created',
  version: 1,
  description: 'A service plan was made on an approved assessment. Goals stay in the service.',
  schema: z.object({
    ...planFacts,
    assessmentId: entityId,
    serviceTypes: z.array(z.enum(CASE_SERVICE_TYPES)),
    goalCount: z.number().int().min(1),
    monitoringFrequency: z.enum(MONITORING_FREQUENCIES),
    startsOn: isoDate,
    nextMonitoringDue: isoDate,
  }),
});

export const planChangedV1 = defineEvent({
  service: 'cases',
  entity: 'plan',
  action: 'changed',
  version: 1,
  description:
    'A service plan’s goals, services or monitoring frequency changed. `changed` names what changed; the other fields are the plan as it now stands (goals stay in the service, only their count leaves). A new frequency recomputes `nextMonitoringDue` from the last monitoring contact.',
  schema: z.object({
    ...planFacts,
    changed: z.array(z.enum(['goals', 'services', 'monitoringFrequency'])).min(1),
    serviceTypes: z.array(z.enum(CASE_SERVICE_TYPES)),
    goalCount: z.number().int().min(1),
    monitoringFrequency: z.enum(MONITORING_FREQUENCIES),
    nextMonitoringDue: isoDate,
    version: z.number().int().min(2),
  }),
});

export const planClosedV1 = defineEvent({
  service: 'cases',
  entity: 'plan',
  action: 'closed',
  version: 1,
  description: 'A service plan was closed.',
  schema: z.object(planFacts),
});

export const serviceDeliveredV1 = defineEvent({
  service: 'cases',
  entity: 'service',
  action: 'delivered',
  version: 1,
  description: 'A service under a plan was delivered: its type and minutes (notes stay in the service).',
  schema: z.object({
    ...planFacts,
    serviceRecordId: entityId,
    type: z.enum(CASE_SERVICE_TYPES),
    minutes: z.number().int().min(1).max(600),
    deliveredAt: z.iso.datetime({ offset: true }),
  }),
});

export const monitoringRecordedV1 = defineEvent({
  service: 'cases',
  entity: 'monitoring',
  action: 'recorded',
  version: 1,
  description: 'A plan was monitored: the outcome and the next due date (notes stay in the service).',
  schema: z.object({
    ...planFacts,
    monitoringRecordId: entityId,
    outcome: z.enum(MONITORING_OUTCOMES),
    nextDue: isoDate,
  }),
});

export const caseWorkEvents = [
  assessmentSubmittedV1,
  assessmentApprovedV1,
  assessmentReturnedV1,
  planCreatedV1,
  planChangedV1,
  planClosedV1,
  serviceDeliveredV1,
  monitoringRecordedV1,
] as const;
