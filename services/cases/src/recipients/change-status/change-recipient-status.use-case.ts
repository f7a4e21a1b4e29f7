import { Injectable } from '@nestjs/common';
import { RecipientStatus, recipientStatusChangedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { CommonErrors, FieldCipher, Principal } from '@wushe/platform';
import { CasesDb } from '../../database/cases-db';
import { loadRecipientForAction } from '../recipient-access';
import { RecipientErrors } from '../recipient.errors';
import { presentRecipient, RecipientView } from '../recipient.presenter';
import { RecipientRepository } from '../recipient.repository';
import type { ChangeStatusInput } from '../recipient.schemas';
import { scopeFor } from '../../access/permissions';

/**
 * identified → assessed → in-service → closed; a case may also close before service starts
 * (moved away, deceased, declined), and a closed case reopens as identified.
 */
const TRANSITIONS: Record<RecipientStatus, readonly RecipientStatus[]> = {
  identified: ['assessed', 'closed'],
  assessed: ['in-service', 'closed'],
  'in-service': ['closed'],
  closed: ['identified'],
};

@Injectable()
export class ChangeRecipientStatus {
  constructor(
    private readonly db: CasesDb,
    private readonly recipients: RecipientRepository,
    private readonly outbox: OutboxWriter,
    private readonly cipher: FieldCipher,
  ) {}

  async execute(principal: Principal, id: string, input: ChangeStatusInput): Promise<RecipientView> {
    const scope = scopeFor(principal, 'recipients.manage');
    const recipient = await loadRecipientForAction(this.recipients, principal, 'recipients.manage', id);
    if (recipient.version !== input.version) {
      throw RecipientErrors.VERSION_CONFLICT({ currentVersion: recipient.version });
    }
    const from = recipient.status as RecipientStatus;
    if (!TRANSITIONS[from]?.includes(input.status)) {
      throw RecipientErrors.INVALID_STATUS_TRANSITION({ from, to: input.status });
    }
    const closedReason =
      input.status === 'closed' && input.reason
        ? [input.reason, input.note].filter(Boolean).join(': ')
        : null;

    await this.db.$transaction(async (tx) => {
      const updated = await this.recipients.updateVersioned(tx, scope, id, input.version, {
        status: input.status,
        closedReason,
      });
      if (!updated) throw RecipientErrors.VERSION_CONFLICT();
      await this.outbox.publish(
        tx,
        recipientStatusChangedV1,
        {
          recipientId: id,
          villageCode: recipient.villageCode,
          from,
          to: input.status,
          ...(input.reason ? { reasonCode: input.reason } : {}),
          version: input.version + 1,
        },
        { subject: id, regionCode: recipient.villageCode },
      );
    });
    const after = await this.recipients.findById(scope, id);
    if (!after) throw CommonErrors.NOT_FOUND({ resource: 'recipient', id });
    return presentRecipient(after, this.cipher);
  }
}
