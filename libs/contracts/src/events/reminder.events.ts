import { z } from 'zod';
import { defineEvent } from '../event-definition';
import type { ServiceName } from '../naming';
import { entityId } from './common';

/**
 * `<service>.reminder.due.v1`: a reminder a service's worker produced (training tomorrow,
 * monitoring due, wish expiring …). Identity turns it into in-app notifications for the accounts
 * named; delivery channels (SMS, WeChat) key off the same event. It names accounts and the thing
 * concerned by id only — the notification text is made from `kind` by the receiver.
 */
const reminderDueSchema = z.object({
  reminderId: entityId,
  kind: z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/),
  accountIds: z.array(entityId).min(1).max(500),
  subjectType: z.string().min(1).max(32),
  subjectId: z.string().min(1).max(64),
  dueAt: z.iso.datetime({ offset: true }),
});

function reminderDue(service: Exclude<ServiceName, 'reporting'>) {
  return defineEvent({
    service,
    entity: 'reminder',
    action: 'due',
    version: 1,
    description: `A reminder from ${service} is due for the named accounts.`,
    schema: reminderDueSchema,
  });
}

export const identityReminderDueV1 = reminderDue('identity');
export const casesReminderDueV1 = reminderDue('cases');
export const volunteersReminderDueV1 = reminderDue('volunteers');
export const fundingReminderDueV1 = reminderDue('funding');
export const reminderDueEvents = [
  identityReminderDueV1,
  casesReminderDueV1,
  volunteersReminderDueV1,
  fundingReminderDueV1,
];
