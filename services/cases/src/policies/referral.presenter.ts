import type { FieldCipher } from '@wushe/platform';
import type { Referral } from '../generated/prisma';

const isoDate = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/** Reasons and note are stored encrypted; a reader of the referral reads them decrypted. */
export function presentReferral(referral: Referral, cipher: FieldCipher) {
  return {
    id: referral.id,
    recipientId: referral.recipientId,
    villageCode: referral.villageCode,
    policyCode: referral.policyCode,
    status: referral.status,
    // An empty value: a development row from before the reasons were encrypted.
    reasons: referral.reasonsEncrypted
      ? (JSON.parse(cipher.decrypt(referral.reasonsEncrypted)) as string[])
      : [],
    department: referral.department,
    submittedOn: isoDate(referral.submittedOn),
    decidedOn: isoDate(referral.decidedOn),
    note: referral.noteEncrypted ? cipher.decrypt(referral.noteEncrypted) : null,
    version: referral.version,
    createdAt: referral.createdAt.toISOString(),
    updatedAt: referral.updatedAt.toISOString(),
  };
}
export type ReferralView = ReturnType<typeof presentReferral>;
