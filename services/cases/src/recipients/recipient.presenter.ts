import { ageOn, chinaCalendarDate, maskMobile, maskResidentId } from '@wushe/cn-standards';
import type { FieldCipher } from '@wushe/platform';
import type { RecipientCategory } from '../generated/prisma';
import { isCurrent } from './category-rules';
import type { RecipientWithCategories } from './recipient.repository';

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** The first 6 characters and an ellipsis; a short address shows at most half of itself. */
export function maskAddress(address: string): string {
  const chars = Array.from(address);
  return `${chars.slice(0, Math.min(6, Math.floor(chars.length / 2))).join('')}…`;
}

function presentCategory(category: RecipientCategory, today: string) {
  return {
    id: category.id,
    category: category.category,
    validFrom: isoDate(category.validFrom),
    validTo: category.validTo ? isoDate(category.validTo) : null,
    source: category.source,
    current: isCurrent(category.validTo, today),
  };
}

/** The public, masked shape of a recipient. Unmasked values only come from the reveal endpoint. */
export function presentRecipient(recipient: RecipientWithCategories, cipher: FieldCipher, now = new Date()) {
  const today = chinaCalendarDate(now);
  const birthDate = isoDate(recipient.birthDate);
  return {
    id: recipient.id,
    name: recipient.name,
    residentId: maskResidentId(cipher.decrypt(recipient.residentIdEncrypted)),
    phone: recipient.phoneEncrypted ? maskMobile(cipher.decrypt(recipient.phoneEncrypted)) : null,
    address: recipient.addressEncrypted ? maskAddress(cipher.decrypt(recipient.addressEncrypted)) : null,
    sex: recipient.sex,
    birthDate,
    age: ageOn(birthDate, today),
    villageCode: recipient.villageCode,
    householdId: recipient.householdId,
    assignedWorkerId: recipient.assignedWorkerId,
    legalBasis: recipient.legalBasis,
    status: recipient.status,
    version: recipient.version,
    categories: recipient.categories.map((c) => presentCategory(c, today)),
    createdAt: recipient.createdAt.toISOString(),
    updatedAt: recipient.updatedAt.toISOString(),
    detailsChangedBy: recipient.detailsChangedBy,
    detailsChangedAt: recipient.detailsChangedAt?.toISOString() ?? null,
  };
}
export type RecipientView = ReturnType<typeof presentRecipient>;
