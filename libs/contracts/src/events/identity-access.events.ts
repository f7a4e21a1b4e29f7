import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { entityId } from './common';

const role = z.string().min(1).max(32);
const scope = z.union([
  z.object({ regionCode: z.string().regex(/^\d{2,12}$/) }),
  z.object({ organizationId: z.string().min(1).max(64) }),
]);

export const grantCreatedV1 = defineEvent({
  service: 'identity',
  entity: 'grant',
  action: 'created',
  version: 1,
  description: 'A role was granted to an account in a region (or an organization).',
  schema: z
    .object({ grantId: entityId, accountId: entityId, role, grantedBy: entityId.nullable() })
    .and(scope),
});

export const grantRevokedV1 = defineEvent({
  service: 'identity',
  entity: 'grant',
  action: 'revoked',
  version: 1,
  description: 'A role was taken away from an account.',
  schema: z.object({ grantId: entityId, accountId: entityId, role, revokedBy: entityId }).and(scope),
});
