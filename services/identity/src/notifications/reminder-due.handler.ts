import { Injectable } from '@nestjs/common';
import { Envelope, EventData, identityReminderDueV1 } from '@wushe/contracts';
import { InboxHandler } from '@wushe/messaging';
import { v7 as uuidv7 } from 'uuid';
import type { IdentityTx } from '../database/identity-db';
import { notificationLink, notificationText } from './notification-texts';

type ReminderDue = EventData<typeof identityReminderDueV1>;

/**
 * Turns a `<service>.reminder.due.v1` into one notification per named account. Unique on
 * (account, source event), so a replayed or re-published reminder notifies once.
 */
@Injectable()
export class ReminderDueHandler {
  forDefinition<D extends typeof identityReminderDueV1>(definition: D): InboxHandler<D, IdentityTx> {
    return { definition, handle: (event, tx) => this.handle(event, tx) };
  }

  async handle(event: Envelope<ReminderDue>, tx: IdentityTx): Promise<void> {
    const { kind, accountIds, subjectType, subjectId } = event.data;
    const { title, body } = notificationText(kind);
    // Reminders may name accounts identity no longer has; those are skipped, not failed.
    const known = await tx.account.findMany({ where: { id: { in: accountIds } }, select: { id: true } });
    await tx.notification.createMany({
      data: known.map(({ id }) => ({
        id: uuidv7(),
        accountId: id,
        sourceEvent: event.id,
        kind,
        title,
        body,
        link: notificationLink(subjectType, subjectId),
      })),
      skipDuplicates: true,
    });
  }
}
