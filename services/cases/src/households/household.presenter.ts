import { ageOn, chinaCalendarDate, maskResidentId } from '@wushe/cn-standards';
import { HOUSEHOLD_RELATIONS } from '@wushe/contracts';
import type { FieldCipher } from '@wushe/platform';
import type { HouseholdMember } from '../generated/prisma';
import type { HouseholdWithMembers, MemberRecipient } from './household.repository';

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** A member as a household view shows them: masked exactly as the recipients API masks. */
function presentMemberRecipient(r: MemberRecipient, cipher: FieldCipher, today: string) {
  const birthDate = isoDate(r.birthDate);
  return {
    name: r.name,
    residentId: maskResidentId(cipher.decrypt(r.residentIdEncrypted)),
    sex: r.sex,
    birthDate,
    age: ageOn(birthDate, today),
    status: r.status,
  };
}

/** Head first, then by relation (spouse, child, parent …), then by id: a stable order for the UI. */
function byRelation(a: HouseholdMember, b: HouseholdMember): number {
  const rank = (m: HouseholdMember) => HOUSEHOLD_RELATIONS.indexOf(m.relation as never);
  return rank(a) - rank(b) || a.recipientId.localeCompare(b.recipientId);
}

export function presentHousehold(
  household: HouseholdWithMembers,
  recipients: readonly MemberRecipient[],
  cipher: FieldCipher,
  now = new Date(),
) {
  const today = chinaCalendarDate(now);
  const byId = new Map(recipients.map((r) => [r.id, r]));
  const members = [...household.members].sort(byRelation).map((m) => {
    const recipient = byId.get(m.recipientId);
    return {
      recipientId: m.recipientId,
      relation: m.relation,
      recipient: recipient ? presentMemberRecipient(recipient, cipher, today) : null,
    };
  });
  return {
    id: household.id,
    villageCode: household.villageCode,
    headRecipientId: household.members.find((m) => m.relation === 'head')?.recipientId ?? null,
    memberCount: members.length,
    members,
    createdAt: household.createdAt.toISOString(),
  };
}
export type HouseholdView = ReturnType<typeof presentHousehold>;
