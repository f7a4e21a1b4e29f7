import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { entityId } from './common';

const role = z.string().min(1).max(32);
// A grant's scope is a region, or (organization admins) an organization: exactly one of the two.
const scopeFields = {
  regionCode: z
    .string()
    .regex(/^\d{2,12}$/)
    .optional(),
  organizationId: z.string().min(1).max(64).optional(),
};
const oneScope = {
  check: (g: { regionCode?: string; organizationId?: string }) =>
    (g.regionCode === undefined) !== (g.organizationId === undefined),
  message: 'exactly one of regionCode and organizationId',
};

export const grantCreatedV1 = defineEvent({
  service: 'identity',
  entity: 'grant',
  action: 'created',
  version: 1,
  description: 'A role was granted to an account in a region (or an organization).',
  schema: z
    .object({ grantId: entityId, accountId: entityId, role, grantedBy: entityId.nullable(), ...scopeFields })
    .refine(oneScope.check, oneScope.message),
});

export const grantRevokedV1 = defineEvent({
  service: 'identity',
  entity: 'grant',
  action: 'revoked',
  version: 1,
  description: 'A role was taken away from an account.',
  schema: z
    .object({ grantId: entityId, accountId: entityId, role, revokedBy: entityId, ...scopeFields })
    .refine(oneScope.check, oneScope.message),
});
