import type { FieldCipher } from '@wushe/platform';
import type { Assessment, MonitoringRecord, ServicePlan, ServiceRecord } from '../generated/prisma';
import type { PolicyFacts } from './case-work.schemas';
import type { AssessmentWithDomains } from './case-work.repository';
import { isoDate } from './schedule';

/**
 * Notes (and comments, override reasons) are decrypted only when `withNotes` — a writer or
 * supervisor whose scope covers the village. Others, and every POST response (which may be kept
 * for Idempotency-Key replay), see only whether a note exists.
 */
export function presentAssessment(a: AssessmentWithDomains, cipher: FieldCipher, withNotes: boolean) {
  const open = (v: string | null) => (v === null ? null : withNotes ? cipher.decrypt(v) : undefined);
  return {
    id: a.id,
    recipientId: a.recipientId,
    villageCode: a.villageCode,
    status: a.status,
    domains: a.domains.map((d) => ({
      domain: d.domain,
      score: d.score,
      hasNote: d.noteEncrypted !== null,
      ...(withNotes ? { note: open(d.noteEncrypted) } : {}),
    })),
    computedRiskLevel: a.computedRiskLevel,
    riskLevel: a.riskLevel,
    riskOverridden: a.riskLevel !== a.computedRiskLevel || a.riskOverrideReasonEncrypted !== null,
    hasPolicyFacts: a.policyFactsEncrypted !== null,
    ...(withNotes
      ? {
          riskOverrideReason: open(a.riskOverrideReasonEncrypted),
          returnComment: open(a.returnCommentEncrypted),
          policyFacts: readPolicyFacts(a, cipher),
        }
      : {}),
    createdBy: a.createdBy,
    createdAt: a.createdAt.toISOString(),
    submittedBy: a.submittedBy,
    submittedAt: a.submittedAt?.toISOString() ?? null,
    decidedBy: a.decidedBy,
    decidedAt: a.decidedAt?.toISOString() ?? null,
    editedBy: a.editedBy,
    editedAt: a.editedAt?.toISOString() ?? null,
    version: a.version,
  };
}

/** The facts an assessment recorded for policy matching (null when none). */
export function readPolicyFacts(a: Assessment, cipher: FieldCipher): PolicyFacts | null {
  return a.policyFactsEncrypted === null
    ? null
    : (JSON.parse(cipher.decrypt(a.policyFactsEncrypted)) as PolicyFacts);
}

export function presentPlan(p: ServicePlan) {
  return {
    id: p.id,
    recipientId: p.recipientId,
    villageCode: p.villageCode,
    assessmentId: p.assessmentId,
    goals: p.goals,
    services: p.services as Array<{ type: string; frequency: string }>,
    monitoringFrequency: p.monitoringFrequency,
    startsOn: isoDate(p.startsOn),
    nextMonitoringDue: isoDate(p.nextMonitoringDue),
    status: p.status,
    workerId: p.workerId,
    createdAt: p.createdAt.toISOString(),
    closedAt: p.closedAt?.toISOString() ?? null,
    closedBy: p.closedBy,
    changedBy: p.changedBy,
    changedAt: p.changedAt?.toISOString() ?? null,
    version: p.version,
  };
}

/** Notes are decrypted only when a cipher is given: for writers in scope, never in POST responses. */
const notesOf = (encrypted: string | null, cipher?: FieldCipher) =>
  cipher ? { notes: encrypted === null ? null : cipher.decrypt(encrypted) } : {};

export function presentServiceRecord(r: ServiceRecord, cipher?: FieldCipher) {
  return {
    id: r.id,
    planId: r.planId,
    type: r.type,
    deliveredAt: r.deliveredAt.toISOString(),
    minutes: r.minutes,
    hasNotes: r.notesEncrypted !== null,
    ...notesOf(r.notesEncrypted, cipher),
    workerId: r.workerId,
  };
}

export function presentMonitoringRecord(r: MonitoringRecord, cipher?: FieldCipher) {
  return {
    id: r.id,
    planId: r.planId,
    recordedAt: r.recordedAt.toISOString(),
    outcome: r.outcome,
    hasNotes: r.notesEncrypted !== null,
    ...notesOf(r.notesEncrypted, cipher),
    nextDue: isoDate(r.nextDue),
    workerId: r.workerId,
  };
}
