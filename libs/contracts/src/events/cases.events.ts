import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { ASSESSMENT_DOMAINS } from './cases-case-work.events';
import { divisionCode, entityId } from './common';

// Cases events carry ids, region codes, categories, counts; never names, ID numbers or notes.
// A visit's findings and coordinates (a household's whereabouts) stay in the service.
export const visitRecordedV1 = defineEvent({
  service: 'cases',
  entity: 'visit',
  action: 'recorded',
  version: 1,
  description:
    'A social worker recorded a household visit (进村入户走访). `recipientIds` are the people already in the ledger who were visited; `registeredRecipientIds` those a discovery visit entered in the ledger (each also announced by cases.recipient.registered.v1).',
  schema: z.object({
    visitId: entityId,
    kind: z.enum(['discovery', 'routine', 'follow-up']),
    villageCode: divisionCode,
    workerId: z.string().min(1).max(64),
    visitedAt: z.iso.datetime({ offset: true }),
    needsFound: z.number().int().min(0),
    // Optional since the first release: older events lack them.
    needDomains: z.array(z.enum(ASSESSMENT_DOMAINS)).optional(),
    recipientIds: z.array(entityId).optional(),
    registeredRecipientIds: z.array(entityId).optional(),
  }),
});
