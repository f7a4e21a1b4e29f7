import { Injectable } from '@nestjs/common';
import { parseMobile, type ResidentId } from '@wushe/cn-standards';
import { EventData, recipientRegisteredV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { CommonErrors, DomainError, FieldCipher, Principal } from '@wushe/platform';
import { v7 as uuidv7 } from 'uuid';
import { CasesDb, CasesTx } from '../../database/cases-db';
import { HouseholdErrors, HouseholdRepository, joinHousehold } from '../../households';
import { assertCategoryAllowed } from '../category-rules';
import { RecipientErrors } from '../recipient.errors';
import { presentRecipient, RecipientView } from '../recipient.presenter';
import { RecipientRepository, RecipientWithCategories } from '../recipient.repository';
import { NewCategory, NewRecipient, RegistrationWriter } from '../registration-writer';
import type { RegisterRecipientInput } from '../recipient.schemas';
import { parseResidentIdOrThrow } from '../resident-ids';
import { isUniqueViolation } from '../unique-violation';
import { scopeFor } from '../../access/permissions';

/** A registration checked outside any transaction, ready to be written by `insert`. */
export interface PreparedRegistration {
  input: RegisterRecipientInput;
  residentId: ResidentId;
  phone: string | undefined;
  hash: string;
  /** The household to join, checked to be in scope and in the recipient's village. */
  household?: { id: string; villageCode: string };
}

/**
 * Enters a person in the ledger: personal data encrypted, the ID also as a keyed hash (unique),
 * categories checked against the age rules, and the registration announced without personal data.
 * `prepare` and `insert` are also used by a discovery visit, which registers the people it finds
 * in its own transaction.
 */
@Injectable()
export class RegisterRecipient {
  constructor(
    private readonly db: CasesDb,
    private readonly households: HouseholdRepository,
    private readonly recipients: RecipientRepository,
    private readonly outbox: OutboxWriter,
    private readonly cipher: FieldCipher,
    private readonly writer: RegistrationWriter,
  ) {}

  async execute(principal: Principal, input: RegisterRecipientInput): Promise<RecipientView> {
    const prepared = await this.check(principal, input);
    if (prepared.household)
      return presentRecipient(await this.intoHousehold(principal, prepared), this.cipher);
    // No duplicate pre-check: the single-statement write inserts nothing for a registered ID, and
    // only then is the existing record looked up for the 409.
    const { recipient, categories, event } = this.rows(principal, prepared);
    const created = await this.writer.register(
      scopeFor(principal, 'recipients.manage'),
      recipient,
      categories,
      this.outbox.prepare(recipientRegisteredV1, event, {
        subject: recipient.id,
        regionCode: recipient.villageCode,
      }),
    );
    if (!created) {
      throw (await this.duplicateOf(principal, prepared.hash)) ?? RecipientErrors.RECIPIENT_DUPLICATE_ID();
    }
    this.outbox.appended();
    return presentRecipient(created, this.cipher);
  }

  /** Registering straight into a household also joins it, with the household's rules and event. */
  private async intoHousehold(principal: Principal, prepared: PreparedRegistration) {
    try {
      return await this.db.$transaction((tx) => this.insert(tx, principal, prepared));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // A concurrent request won: the same ID was registered, or the household got its head.
      throw (await this.duplicateOf(principal, prepared.hash)) ?? HouseholdErrors.HOUSEHOLD_HAS_HEAD();
    }
  }

  /** Every check that needs no transaction: ID, phone, scope, categories, household, duplicate. */
  async prepare(principal: Principal, input: RegisterRecipientInput): Promise<PreparedRegistration> {
    const prepared = await this.check(principal, input);
    const existing = await this.recipients.findRegistration(prepared.hash);
    if (existing) throw this.duplicate(principal, existing);
    return prepared;
  }

  private async check(principal: Principal, input: RegisterRecipientInput): Promise<PreparedRegistration> {
    const residentId = parseResidentIdOrThrow(input.residentId);
    let phone: string | undefined;
    if (input.phone !== undefined) {
      const parsed = parseMobile(input.phone);
      if (!parsed.ok) throw RecipientErrors.INVALID_PHONE({ reason: parsed.code });
      phone = parsed.value;
    }
    const writerScope = scopeFor(principal, 'recipients.manage');
    writerScope.assertCovers(input.villageCode);
    for (const c of input.categories) assertCategoryAllowed(c.category, residentId.birthDate, c.validFrom);
    let household: PreparedRegistration['household'];
    if (input.householdId) {
      household = (await this.recipients.findHousehold(writerScope, input.householdId)) ?? undefined;
      if (!household) throw CommonErrors.NOT_FOUND({ resource: 'household', id: input.householdId });
      if (household.villageCode !== input.villageCode) {
        throw RecipientErrors.HOUSEHOLD_VILLAGE_MISMATCH({ householdVillageCode: household.villageCode });
      }
    }
    return { input, residentId, phone, hash: this.cipher.lookupHash(residentId.normalized), household };
  }

  /**
   * Writes a prepared registration and its event in the caller's transaction. A concurrent
   * registration of the same ID surfaces as a unique violation; map it with `duplicateOf`.
   */
  async insert(
    tx: CasesTx,
    principal: Principal,
    prepared: PreparedRegistration,
  ): Promise<RecipientWithCategories> {
    const { recipient, categories, event } = this.rows(principal, prepared);
    const scope = scopeFor(principal, 'recipients.manage');
    const row = await this.recipients.createWithCategories(tx, scope, recipient, categories);
    await this.outbox.publish(tx, recipientRegisteredV1, event, {
      subject: recipient.id,
      regionCode: recipient.villageCode,
    });
    const { household, input } = prepared;
    if (!household || !input.relation) return row;
    await joinHousehold(tx, scope, this.households, this.outbox, household, recipient.id, input.relation);
    return { ...row, householdId: household.id };
  }

  /** The rows and the event of a registration: personal data encrypted, nothing personal in the event. */
  private rows(principal: Principal, { input, residentId: id, phone, hash }: PreparedRegistration) {
    const recipient: NewRecipient = {
      id: uuidv7(),
      residentIdHash: hash,
      residentIdEncrypted: this.cipher.encrypt(id.normalized),
      name: input.name,
      sex: id.sex,
      birthDate: new Date(`${id.birthDate}T00:00:00Z`),
      phoneEncrypted: phone ? this.cipher.encrypt(phone) : null,
      addressEncrypted: input.address ? this.cipher.encrypt(input.address) : null,
      villageCode: input.villageCode,
      // Set by joining the household (with its member row and event), never directly.
      householdId: null,
      legalBasis: input.legalBasis,
      consentRecordedAt: input.consentRecordedAt ? new Date(input.consentRecordedAt) : null,
      createdBy: principal.subject,
    };
    const categories: NewCategory[] = input.categories.map((c) => ({
      id: uuidv7(),
      category: c.category,
      validFrom: new Date(`${c.validFrom}T00:00:00Z`),
      source: c.source,
    }));
    const event: EventData<typeof recipientRegisteredV1> = {
      recipientId: recipient.id,
      villageCode: input.villageCode,
      categories: input.categories.map((c) => c.category),
      sex: id.sex,
      birthYear: Number(id.birthDate.slice(0, 4)),
      legalBasis: input.legalBasis,
    };
    return { recipient, categories, event };
  }

  /** After a unique violation: the 409 for this ID if it is now registered, else null. */
  async duplicateOf(principal: Principal, hash: string): Promise<DomainError | null> {
    const winner = await this.recipients.findRegistration(hash);
    return winner ? this.duplicate(principal, winner) : null;
  }

  /** Names the existing record only to a caller who may read it; others learn only that it exists. */
  private duplicate(principal: Principal, existing: { id: string; villageCode: string }): DomainError {
    const readable = scopeFor(principal, 'recipients.read').covers(existing.villageCode);
    return readable
      ? RecipientErrors.RECIPIENT_DUPLICATE_ID({ existingId: existing.id })
      : RecipientErrors.RECIPIENT_DUPLICATE_ID({ registeredElsewhere: true });
  }
}
