import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { entityId } from './common';

// Identity's account and signing-key events. They carry ids and kinds only: never a phone number,
// a name or a credential.

/**
 * Region code of identity facts that belong to no region (signing keys, accounts created without
 * one): a 2-digit prefix no province has, so region-scoped subscribers never match it.
 */
export const UNREGIONED = '00';

export const accountCreatedV1 = defineEvent({
  service: 'identity',
  entity: 'account',
  action: 'created',
  version: 1,
  description: 'An account was created: a person (user) or an outside system (service, client credentials).',
  schema: z.object({
    accountId: entityId,
    kind: z.enum(['user', 'service']),
  }),
});

export const signingKeyRotatedV1 = defineEvent({
  service: 'identity',
  entity: 'signing-key',
  action: 'rotated',
  version: 1,
  description:
    'Identity rotated its token signing keys: `kid` now signs access tokens. It was published in the JWKS before; refetch the JWKS if it is not cached.',
  schema: z.object({ kid: z.string().min(1).max(40) }),
});

export const identityAccountEvents = [accountCreatedV1, signingKeyRotatedV1] as const;

/**
 * Core NATS request/reply subject answering identity's JWKS (JSON `{ keys: [...] }`), under the
 * deployment's NATS prefix. Deliberately outside `identity.>`: the IDENTITY stream captures every
 * subject there, and JetStream would store each request and answer it with a publish ack before
 * identity could answer with the keys.
 */
export const JWKS_REQUEST_SUBJECT = 'rpc.identity.jwks.get';
