import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { entityId } from './common';

// Households (一户一条救助链): a household in a village and its members. Events carry ids, the
// village code and the relation code; never names, ID numbers, phones or addresses (PIPL).

/** How a member relates to the household's head (户主). At most one head per household. */
export const HOUSEHOLD_RELATIONS = [
  'head',
  'spouse',
  'child',
  'parent',
  'grandchild',
  'grandparent',
  'sibling',
  'other',
] as const;
export type HouseholdRelation = (typeof HOUSEHOLD_RELATIONS)[number];

const villageCode = z.string().regex(/^\d{12}$/);
const relation = z.enum(HOUSEHOLD_RELATIONS);

export const householdCreatedV1 = defineEvent({
  service: 'cases',
  entity: 'household',
  action: 'created',
  version: 1,
  description: 'A household was set up in a village. Its members follow as member-added events.',
  schema: z.object({ householdId: entityId, villageCode }),
});

export const householdMemberAddedV1 = defineEvent({
  service: 'cases',
  entity: 'household',
  action: 'member-added',
  version: 1,
  description: 'A recipient joined a household with a relation to its head (a recipient is in at most one).',
  schema: z.object({ householdId: entityId, recipientId: entityId, villageCode, relation }),
});

export const householdMemberRemovedV1 = defineEvent({
  service: 'cases',
  entity: 'household',
  action: 'member-removed',
  version: 1,
  description: 'A recipient left a household; `relation` is the one they held in it.',
  schema: z.object({ householdId: entityId, recipientId: entityId, villageCode, relation }),
});

export const householdEvents = [
  householdCreatedV1,
  householdMemberAddedV1,
  householdMemberRemovedV1,
] as const;
