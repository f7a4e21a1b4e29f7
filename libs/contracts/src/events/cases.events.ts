import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { divisionCode, entityId } from './common';

// Cases events carry ids, region codes, categories, counts; never names, ID numbers or notes.
export const visitRecordedV1 = defineEvent({
  service: 'cases',
  entity: 'visit',
  action: 'recorded',
  version: 1,
  description: 'A social worker recorded a household visit (进村入户走访).',
  schema: z.object({
    visitId: entityId,
    kind: z.enum(['discovery', 'routine', 'follow-up']),
    villageCode: divisionCode,
    workerId: z.string().min(1).max(64),
    visitedAt: z.iso.datetime({ offset: true }),
    needsFound: z.number().int().min(0),
  }),
});
