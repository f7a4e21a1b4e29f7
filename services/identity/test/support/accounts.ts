import { TokenVerifier } from '@wushe/platform';
import type { JWK } from 'jose';
import { AccountRegistry } from '../../src/accounts/registry/account-registry';
import { IdentityDb } from '../../src/database/identity-db';
import { API, IdentitySpec } from './identity-spec';

// People with accounts, logging in, and the tokens they get, checked the way other services check
// them: libs/platform's TokenVerifier fed with the JWKS identity serves.

/** A password the policy accepts (12+ characters of 3 classes). */
export const PASSWORD = 'Correct-Horse-42';

export interface Jwks {
  keys: JWK[];
}

/** A user account made through the registry (phone encrypted and hashed, password hashed). */
export function createUser(t: IdentitySpec, phone: string, password = PASSWORD) {
  return t.app
    .get(IdentityDb)
    .$transaction((tx) =>
      t.app.get(AccountRegistry).createUser(tx, { phone, password, displayName: '张三', createdBy: null }),
    );
}

/** POST /auth/login with a phone and password. */
export function login(t: IdentitySpec, phone: string, password = PASSWORD) {
  return t.http().post(`${API}/auth/login`).send({ phone, password });
}

/** The claims of a JWT, read without verifying it. */
export function claimsOf(token: string) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

/** The JWKS identity serves over HTTP. */
export async function servedJwks(t: IdentitySpec): Promise<Jwks> {
  const res = await t.http().get(`${API}/.well-known/jwks.json`);
  expect(res.status).toBe(200);
  return res.body;
}

/** A verifier as other services build it, trusting `jwks`. */
export function verifierFor(jwks: Jwks): TokenVerifier {
  return new TokenVerifier({ issuer: 'wushe-identity', audience: 'wushe', jwks: JSON.stringify(jwks) });
}
