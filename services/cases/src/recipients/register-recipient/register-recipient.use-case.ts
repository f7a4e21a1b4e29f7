import { Injectable } from '@nestjs/common';
import { parseMobile, parseResidentId, type ResidentId } from '@wushe/cn-standards';
import { recipientRegisteredV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { CommonErrors, DomainError, FieldCipher, Principal, RegionScope } from '@wushe/platform';
import { v7 as uuidv7 } from 'uuid';
import { CasesDb } from '../../database/cases-db';
import { assertCategoryAllowed } from '../category-rules';
import { RecipientErrors } from '../recipient.errors';
import { presentRecipient, RecipientView } from '../recipient.presenter';
import { RecipientRepository, RecipientWithCategories } from '../recipient.repository';
import { RECIPIENT_READERS, RECIPIENT_WRITERS } from '../recipient-roles';
import type { RegisterRecipientInput } from '../recipient.schemas';
import { isUniqueViolation } from '../unique-violation';

export function parseResidentIdOrThrow(input: string): ResidentId {
  const parsed = parseResidentId(input);
  if (parsed.ok) return parsed.value;
  if (parsed.code === 'BAD_BIRTH_DATE' || parsed.code === 'FUTURE_BIRTH_DATE') {
    throw RecipientErrors.INVALID_BIRTH_DATE({ reason: parsed.code });
  }
  throw RecipientErrors.INVALID_RESIDENT_ID({ reason: parsed.code });
}

/**
 * Enters a person in the ledger: personal data encrypted, the ID also as a keyed hash (unique),
 * categories checked against the age rules, and the registration announced without personal data.
 */
@Injectable()
export class RegisterRecipient {
  constructor(
    private readonly db: CasesDb,
    private readonly recipients: RecipientRepository,
    private readonly outbox: OutboxWriter,
    private readonly cipher: FieldCipher,
  ) {}

  async execute(principal: Principal, input: RegisterRecipientInput): Promise<RecipientView> {
    const id = parseResidentIdOrThrow(input.residentId);
    let phone: string | undefined;
    if (input.phone !== undefined) {
      const parsed = parseMobile(input.phone);
      if (!parsed.ok) throw RecipientErrors.INVALID_PHONE({ reason: parsed.code });
      phone = parsed.value;
    }
    const writerScope = RegionScope.of(principal, RECIPIENT_WRITERS);
    writerScope.assertCovers(input.villageCode);
    for (const c of input.categories) assertCategoryAllowed(c.category, id.birthDate, c.validFrom);
    if (input.householdId) {
      const household = await this.recipients.findHousehold(writerScope, input.householdId);
      if (!household) throw CommonErrors.NOT_FOUND({ resource: 'household', id: input.householdId });
      if (household.villageCode !== input.villageCode) {
        throw RecipientErrors.HOUSEHOLD_VILLAGE_MISMATCH({ householdVillageCode: household.villageCode });
      }
    }

    const hash = this.cipher.lookupHash(id.normalized);
    const existing = await this.recipients.findRegistration(hash);
    if (existing) throw this.duplicate(principal, existing);

    const recipientId = uuidv7();
    let created: RecipientWithCategories;
    try {
      created = await this.db.$transaction(async (tx) => {
        const row = await this.recipients.createWithCategories(
          tx,
          {
            id: recipientId,
            residentIdHash: hash,
            residentIdEncrypted: this.cipher.encrypt(id.normalized),
            name: input.name,
            sex: id.sex,
            birthDate: new Date(`${id.birthDate}T00:00:00Z`),
            phoneEncrypted: phone ? this.cipher.encrypt(phone) : null,
            addressEncrypted: input.address ? this.cipher.encrypt(input.address) : null,
            villageCode: input.villageCode,
            householdId: input.householdId ?? null,
            legalBasis: input.legalBasis,
            consentRecordedAt: input.consentRecordedAt ? new Date(input.consentRecordedAt) : null,
            createdBy: principal.subject,
          },
          input.categories.map((c) => ({
            id: uuidv7(),
            category: c.category,
            validFrom: new Date(`${c.validFrom}T00:00:00Z`),
            source: c.source,
          })),
        );
        if (input.householdId && input.relation) {
          await tx.householdMember.create({
            data: { householdId: input.householdId, recipientId, relation: input.relation },
          });
        }
        await this.outbox.publish(
          tx,
          recipientRegisteredV1,
          {
            recipientId,
            villageCode: input.villageCode,
            categories: input.categories.map((c) => c.category),
            sex: id.sex,
            birthYear: Number(id.birthDate.slice(0, 4)),
            legalBasis: input.legalBasis,
          },
          { subject: recipientId, regionCode: input.villageCode },
        );
        return row;
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Lost the race to a concurrent registration of the same ID: the unique index decided.
      const winner = await this.recipients.findRegistration(hash);
      throw winner ? this.duplicate(principal, winner) : RecipientErrors.RECIPIENT_DUPLICATE_ID();
    }

    return presentRecipient(created, this.cipher);
  }

  /** Names the existing record only to a caller who may read it; others learn only that it exists. */
  private duplicate(principal: Principal, existing: { id: string; villageCode: string }): DomainError {
    const readable = RegionScope.of(principal, RECIPIENT_READERS).covers(existing.villageCode);
    return readable
      ? RecipientErrors.RECIPIENT_DUPLICATE_ID({ existingId: existing.id })
      : RecipientErrors.RECIPIENT_DUPLICATE_ID({ registeredElsewhere: true });
  }
}
