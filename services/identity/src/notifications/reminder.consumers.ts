import { Injectable } from '@nestjs/common';
import {
  casesReminderDueV1,
  fundingReminderDueV1,
  identityReminderDueV1,
  ServiceName,
  volunteersReminderDueV1,
} from '@wushe/contracts';
import { InboxConsumerHost, InboxDependencies } from '@wushe/messaging';
import { IdentityDb, IdentityTx } from '../database/identity-db';
import { ReminderDueHandler } from './reminder-due.handler';

// One durable consumer per source stream: a stream that does not exist yet (its service not
// deployed) only delays that consumer, not the others.
function reminderConsumer(
  source: Exclude<ServiceName, 'reporting'>,
  definition: typeof identityReminderDueV1,
) {
  @Injectable()
  class ReminderConsumer extends InboxConsumerHost<IdentityTx> {
    constructor(deps: InboxDependencies, db: IdentityDb, handler: ReminderDueHandler) {
      super(deps, {
        durable: `identity-notifications-${source}`,
        source,
        filter: `${source}.reminder.>`,
        handlers: [handler.forDefinition(definition)],
        db,
      });
    }
  }
  return ReminderConsumer;
}

export const reminderConsumers = [
  reminderConsumer('identity', identityReminderDueV1),
  reminderConsumer('cases', casesReminderDueV1),
  reminderConsumer('volunteers', volunteersReminderDueV1),
  reminderConsumer('funding', fundingReminderDueV1),
];
