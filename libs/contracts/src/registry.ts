import { EventDefinition } from './event-definition';
import { visitRecordedV1 } from './events/cases.events';
import { recipientEvents } from './events/cases-recipients.events';
import { referralEvents } from './events/cases-referrals.events';
import { caseWorkEvents } from './events/cases-case-work.events';
import { programmeEvents } from './events/cases-programmes.events';
import { rosterEvents } from './events/cases-roster.events';
import { householdEvents } from './events/cases-households.events';
import { regionsImportedV1 } from './events/identity-regions.events';
import { reminderDueEvents } from './events/reminder.events';
import { identityAccountEvents } from './events/identity-accounts.events';
import { grantCreatedV1, grantRevokedV1 } from './events/identity-access.events';
import { identityStationEvents } from './events/identity-stations.events';
import { identityStaffEvents } from './events/identity-staff.events';

/** Every event type the platform publishes. The AsyncAPI document is generated from this list. */
export const eventRegistry: readonly EventDefinition[] = [
  ...reminderDueEvents,
  grantCreatedV1,
  grantRevokedV1,
  visitRecordedV1,
  ...recipientEvents,
  ...referralEvents,
  ...caseWorkEvents,
  ...programmeEvents,
  ...rosterEvents,
  ...householdEvents,
  regionsImportedV1,
  ...identityAccountEvents,
  ...identityStationEvents,
  ...identityStaffEvents,
];

const byType = new Map(eventRegistry.map((def) => [def.type, def]));
if (byType.size !== eventRegistry.length) throw new Error('Duplicate event type in the registry');

export function findEventDefinition(type: string): EventDefinition | undefined {
  return byType.get(type);
}
