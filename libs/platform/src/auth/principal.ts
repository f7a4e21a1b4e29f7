import { z } from 'zod';
import { opaqueText } from '../input/text';

// What a verified access token says about its bearer. Identity issues the tokens; every service
// reads them the same way through this schema.
export const ROLES = [
  'province_admin',
  'city_admin',
  'county_admin',
  'station_worker',
  'point_worker',
  'supervisor',
  'volunteer_coordinator',
  'organization_admin',
  'auditor',
  'service_account',
] as const;
export type Role = (typeof ROLES)[number];

/** A role held in one scope: a region-code prefix, or (organization admins) an organization id. */
export const grantSchema = z.union([
  z.object({ role: z.enum(ROLES), region: z.string().regex(/^\d{2,12}$/) }),
  z.object({ role: z.literal('organization_admin'), organization: opaqueText({ max: 64 }) }),
]);
export type Grant = z.infer<typeof grantSchema>;

export const accessTokenClaimsSchema = z.object({
  sub: z.string().min(1).max(64),
  grants: z.array(grantSchema).max(100).default([]),
  typ: z.enum(['user', 'service']).default('user'),
});

export interface Principal {
  readonly subject: string;
  readonly kind: 'user' | 'service';
  readonly grants: readonly Grant[];
}

export function hasRole(principal: Principal, ...roles: Role[]): boolean {
  return principal.grants.some((g) => roles.includes(g.role));
}
