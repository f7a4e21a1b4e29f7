import { Injectable } from '@nestjs/common';
import { CommonErrors, FieldCipher, Principal } from '@wushe/platform';
import { v7 as uuidv7 } from 'uuid';
import { CasesDb } from '../../database/cases-db';
import { loadRecipientForAction } from '../recipient-access';
import { RecipientRepository } from '../recipient.repository';
import type { RevealableField, RevealInput } from '../recipient.schemas';
import { holds } from '../../access/permissions';

export type RevealedFields = { recipientId: string } & Partial<Record<RevealableField, string | null>>;

/**
 * Unmasked personal data for a stated reason. The access record (who, which fields, why, from
 * where) is written in the transaction that releases the values: no record, no values.
 */
@Injectable()
export class RevealPersonalData {
  constructor(
    private readonly db: CasesDb,
    private readonly recipients: RecipientRepository,
    private readonly cipher: FieldCipher,
  ) {}

  async execute(
    principal: Principal,
    id: string,
    input: RevealInput,
    ip: string | undefined,
  ): Promise<RevealedFields> {
    if (principal.kind !== 'user' || !holds(principal, 'recipients.reveal')) throw CommonErrors.FORBIDDEN();
    const recipient = await loadRecipientForAction(this.recipients, principal, 'recipients.reveal', id);

    const stored: Record<RevealableField, string | null> = {
      residentId: recipient.residentIdEncrypted,
      phone: recipient.phoneEncrypted,
      address: recipient.addressEncrypted,
    };
    return this.db.$transaction(async (tx) => {
      await tx.personalDataAccess.create({
        data: {
          id: uuidv7(),
          actorId: principal.subject,
          recipientId: recipient.id,
          fields: input.fields,
          reason: input.reason,
          ip: ip?.slice(0, 64) ?? null,
        },
      });
      const revealed: RevealedFields = { recipientId: recipient.id };
      for (const field of input.fields) {
        const value = stored[field];
        revealed[field] = value === null ? null : this.cipher.decrypt(value);
      }
      return revealed;
    });
  }
}
