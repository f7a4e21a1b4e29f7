import { Injectable } from '@nestjs/common';
import { recipientAssignedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { CommonErrors, FieldCipher, Principal } from '@wushe/platform';
import { CasesDb, CasesTx } from '../../database/cases-db';
import { loadRecipientForAction } from '../recipient-access';
import { RecipientErrors } from '../recipient.errors';
import { presentRecipient, RecipientView } from '../recipient.presenter';
import { RecipientRepository } from '../recipient.repository';
import type { AssignWorkerInput } from '../recipient.schemas';
import { scopeFor } from '../../access/permissions';

/**
 * Names the social worker responsible for a recipient. Cases never reads identity's tables: the
 * worker is checked against cases' own copy of identity's staff and stations (built from their
 * events), so an assignment is refused for someone who left, works elsewhere, or whose township's
 * station is closed.
 */
@Injectable()
export class AssignWorker {
  constructor(
    private readonly db: CasesDb,
    private readonly recipients: RecipientRepository,
    private readonly outbox: OutboxWriter,
    private readonly cipher: FieldCipher,
  ) {}

  async execute(principal: Principal, id: string, input: AssignWorkerInput): Promise<RecipientView> {
    const recipient = await loadRecipientForAction(this.recipients, principal, 'recipients.manage', id);
    if (recipient.version !== input.version) {
      throw RecipientErrors.VERSION_CONFLICT({ currentVersion: recipient.version });
    }
    await this.db.$transaction(async (tx) => {
      if (input.staffId !== null) await assertAssignable(tx, input.staffId, recipient.villageCode);
      const updated = await this.recipients.updateVersioned(
        tx,
        scopeFor(principal, 'recipients.manage'),
        id,
        input.version,
        {
          assignedWorkerId: input.staffId,
        },
      );
      if (!updated) throw RecipientErrors.VERSION_CONFLICT();
      await this.outbox.publish(
        tx,
        recipientAssignedV1,
        {
          recipientId: id,
          villageCode: recipient.villageCode,
          staffId: input.staffId,
          previousStaffId: recipient.assignedWorkerId,
          version: input.version + 1,
        },
        { subject: id, regionCode: recipient.villageCode },
      );
    });
    const after = await this.recipients.findById(scopeFor(principal, 'recipients.manage'), id);
    if (!after) throw CommonErrors.NOT_FOUND({ resource: 'recipient', id });
    return presentRecipient(after, this.cipher);
  }
}

/** Read in the writing transaction, so the checks and the assignment see the same copy. */
async function assertAssignable(tx: CasesTx, staffId: string, villageCode: string): Promise<void> {
  const staff = await tx.staffCopy.findUnique({ where: { staffId } });
  if (!staff) throw RecipientErrors.STAFF_UNKNOWN({ staffId });
  if (!staff.active) throw RecipientErrors.STAFF_INACTIVE({ staffId });
  // A station worker (township code) covers its villages, a point worker (village code) only theirs.
  if (!villageCode.startsWith(staff.regionCode)) {
    throw RecipientErrors.STAFF_OUT_OF_REGION({ staffRegionCode: staff.regionCode });
  }
  const township = villageCode.slice(0, 9);
  const station = await tx.stationCopy.findFirst({
    where: { townshipCode: township },
    orderBy: { version: 'desc' },
  });
  if (station && !station.open) throw RecipientErrors.STATION_CLOSED({ townshipCode: township });
}
