import { EventDefinition } from './event-definition';
import { visitRecordedV1 } from './events/cases.events';
import { grantCreatedV1, grantRevokedV1 } from './events/identity-access.events';

/** Every event type the platform publishes. The AsyncAPI document is generated from this list. */
export const eventRegistry: readonly EventDefinition[] = [grantCreatedV1, grantRevokedV1, visitRecordedV1];

const byType = new Map(eventRegistry.map((def) => [def.type, def]));
if (byType.size !== eventRegistry.length) throw new Error('Duplicate event type in the registry');

export function findEventDefinition(type: string): EventDefinition | undefined {
  return byType.get(type);
}
