import type { Referral } from '../generated/prisma';

const isoDate = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

export function presentReferral(referral: Referral) {
  return {
    id: referral.id,
    recipientId: referral.recipientId,
    villageCode: referral.villageCode,
    policyCode: referral.policyCode,
    status: referral.status,
    reasons: referral.reasons,
    department: referral.department,
    submittedOn: isoDate(referral.submittedOn),
    decidedOn: isoDate(referral.decidedOn),
    note: referral.note,
    version: referral.version,
    createdAt: referral.createdAt.toISOString(),
    updatedAt: referral.updatedAt.toISOString(),
  };
}
export type ReferralView = ReturnType<typeof presentReferral>;
