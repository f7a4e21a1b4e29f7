import { Injectable } from '@nestjs/common';
import { parseMobile } from '@wushe/cn-standards';
import { RECIPIENT_DETAILS, recipientDetailsChangedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { CommonErrors, FieldCipher, Principal } from '@wushe/platform';
import { CasesDb } from '../../database/cases-db';
import type { Prisma } from '../../generated/prisma';
import { loadRecipientForAction } from '../recipient-access';
import { RecipientErrors } from '../recipient.errors';
import { presentRecipient, RecipientView } from '../recipient.presenter';
import { RecipientRepository, RecipientWithCategories } from '../recipient.repository';
import type { ChangeDetailsInput } from '../recipient.schemas';
import { scopeFor } from '../../access/permissions';

type Detail = (typeof RECIPIENT_DETAILS)[number];

/**
 * Corrects or updates a recipient's name, phone or address (a new number, a move within the
 * village, a typo at registration), compare-and-set on the version the writer read. Phone and
 * address stay encrypted; the event says which details changed, never their values. The resident
 * ID is not edited here: it is who the person is, and its hash is the ledger's duplicate check.
 */
@Injectable()
export class ChangeRecipientDetails {
  constructor(
    private readonly db: CasesDb,
    private readonly recipients: RecipientRepository,
    private readonly outbox: OutboxWriter,
    private readonly cipher: FieldCipher,
  ) {}

  async execute(principal: Principal, id: string, input: ChangeDetailsInput): Promise<RecipientView> {
    const phone = input.phone ? this.checkedPhone(input.phone) : input.phone;
    const recipient = await loadRecipientForAction(this.recipients, principal, 'recipients.manage', id);
    if (recipient.version !== input.version) {
      throw RecipientErrors.VERSION_CONFLICT({ currentVersion: recipient.version });
    }
    const changes = this.changes(recipient, { ...input, phone });
    // Sending what the record already says changes nothing and announces nothing.
    if (changes.changed.length === 0) return presentRecipient(recipient, this.cipher);

    await this.db.$transaction(async (tx) => {
      const updated = await this.recipients.updateVersioned(
        tx,
        scopeFor(principal, 'recipients.manage'),
        id,
        input.version,
        {
          ...changes.data,
          detailsChangedBy: principal.subject,
          detailsChangedAt: new Date(),
        },
      );
      if (!updated) throw RecipientErrors.VERSION_CONFLICT();
      await this.outbox.publish(
        tx,
        recipientDetailsChangedV1,
        {
          recipientId: id,
          villageCode: recipient.villageCode,
          changed: changes.changed,
          version: input.version + 1,
        },
        { subject: id, regionCode: recipient.villageCode },
      );
    });
    const after = await this.recipients.findById(scopeFor(principal, 'recipients.manage'), id);
    if (!after) throw CommonErrors.NOT_FOUND({ resource: 'recipient', id });
    return presentRecipient(after, this.cipher);
  }

  private checkedPhone(raw: string): string {
    const parsed = parseMobile(raw);
    if (!parsed.ok) throw RecipientErrors.INVALID_PHONE({ reason: parsed.code });
    return parsed.value;
  }

  /** What differs from the stored record (decrypted to compare), as column updates. */
  private changes(
    recipient: RecipientWithCategories,
    input: { name?: string; phone?: string | null; address?: string | null },
  ): { changed: Detail[]; data: Prisma.RecipientUpdateManyMutationInput } {
    const open = (v: string | null) => (v === null ? null : this.cipher.decrypt(v));
    const seal = (v: string | null) => (v === null ? null : this.cipher.encrypt(v));
    const changed: Detail[] = [];
    const data: Prisma.RecipientUpdateManyMutationInput = {};
    if (input.name !== undefined && input.name !== recipient.name) {
      changed.push('name');
      data.name = input.name;
    }
    if (input.phone !== undefined && input.phone !== open(recipient.phoneEncrypted)) {
      changed.push('phone');
      data.phoneEncrypted = seal(input.phone);
    }
    if (input.address !== undefined && input.address !== open(recipient.addressEncrypted)) {
      changed.push('address');
      data.addressEncrypted = seal(input.address);
    }
    return { changed, data };
  }
}
