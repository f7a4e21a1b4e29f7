import { createHmac } from 'node:crypto';
import { exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import { TEST_AUDIENCE, TEST_ISSUER, TestAuthority } from '@wushe/testing';
import type { Grant, TokenVerifierOptions } from '@wushe/platform';

export const GRANTS: Grant[] = [{ role: 'county_admin', region: '430703' }];

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** The bad tokens every verifier and guard test walks through ('expired' is listed apart for its reason). */
export const BAD_TOKENS = [
  'not yet valid',
  'forged signature (other key, same kid)',
  'alg none',
  'alg none with the real signature kept',
  'HS256 with x as secret (raw bytes)',
  'HS256 with x as secret (text)',
  'unknown kid',
  'wrong issuer',
  'wrong audience',
  'no expiry',
  'no subject',
  'grants that break the schema',
  'payload edited after signing',
  'garbage',
] as const;
export type BadToken = (typeof BAD_TOKENS)[number] | 'expired';

export interface TokenKit {
  options: TokenVerifierOptions;
  /** Signed by the trusted TestAuthority. */
  valid: string;
  /** Signed by the second trusted key: proves that key is trusted, so its bad twins fail for their claims. */
  validSecondKey: string;
  serviceToken: string;
  /** A fresh valid token from the TestAuthority with these grants. */
  issue(subject: string, grants: Grant[]): Promise<string>;
  /** Each of these must be refused with 401 COMMON.UNAUTHENTICATED. */
  bad: Record<BadToken, string>;
}

/** A verifier trusting two keys (the TestAuthority's and one of our own) and tokens good and bad. */
export async function tokenKit(): Promise<TokenKit> {
  const authority = await TestAuthority.create('test-key-1');
  const impostor = await TestAuthority.create('test-key-1'); // another key pair, same kid
  const stranger = await TestAuthority.create('unknown-kid');
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const secondJwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key-2', alg: 'ES256', use: 'sig' };
  const authorityJwk = (JSON.parse(authority.jwks) as { keys: JWK[] }).keys[0];
  const x = authorityJwk.x ?? '';
  if (!x) throw new Error('the TestAuthority key has no x coordinate');
  const options = {
    issuer: TEST_ISSUER,
    audience: TEST_AUDIENCE,
    jwks: JSON.stringify({ keys: [authorityJwk, secondJwk] }),
  };

  const signSecond = (
    edit: (jwt: SignJWT) => SignJWT,
    claims: Record<string, unknown> = { grants: GRANTS },
  ) =>
    edit(new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'test-key-2' }).setIssuedAt()).sign(
      privateKey as KeyLike,
    );
  const standard = (jwt: SignJWT) =>
    jwt.setSubject('u-2').setIssuer(TEST_ISSUER).setAudience(TEST_AUDIENCE).setExpirationTime('5m');

  const payload = {
    sub: 'u-1',
    grants: GRANTS,
    iss: TEST_ISSUER,
    aud: TEST_AUDIENCE,
    exp: Math.floor(Date.now() / 1000) + 300,
  };
  const algNone = `${b64({ alg: 'none', typ: 'JWT', kid: 'test-key-1' })}.${b64(payload)}.`;
  // Key confusion: an HMAC "signed" with the public key material the verifier holds.
  const hs256 = (secret: Buffer | string) => {
    const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: 'test-key-1' })}.${b64(payload)}`;
    return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
  };

  const valid = await authority.token('u-1', GRANTS);
  return {
    options,
    valid,
    issue: (subject, grants) => authority.token(subject, grants),
    validSecondKey: await signSecond(standard),
    serviceToken: await signSecond(standard, {
      grants: [{ role: 'service_account', region: '43' }],
      typ: 'service',
    }),
    bad: {
      expired: await authority.token('u-1', GRANTS, { expiresIn: '-1m' }),
      'not yet valid': await signSecond((jwt) => standard(jwt).setNotBefore('10m')),
      'forged signature (other key, same kid)': await impostor.token('u-1', GRANTS),
      'alg none': algNone,
      'alg none with the real signature kept': `${algNone}${valid.split('.')[2]}`,
      'HS256 with x as secret (raw bytes)': hs256(Buffer.from(x, 'base64url')),
      'HS256 with x as secret (text)': hs256(x),
      'unknown kid': await stranger.token('u-1', GRANTS),
      'wrong issuer': await signSecond((jwt) => standard(jwt).setIssuer('someone-else')),
      'wrong audience': await authority.token('u-1', GRANTS, { audience: 'another-system' }),
      'no expiry': await signSecond((jwt) =>
        jwt.setSubject('u-2').setIssuer(TEST_ISSUER).setAudience(TEST_AUDIENCE),
      ),
      'no subject': await signSecond((jwt) =>
        jwt.setIssuer(TEST_ISSUER).setAudience(TEST_AUDIENCE).setExpirationTime('5m'),
      ),
      'grants that break the schema': await signSecond(standard, {
        grants: [{ role: 'emperor', region: '43' }],
      }),
      'payload edited after signing': `${valid.split('.')[0]}.${b64({ ...payload, grants: [{ role: 'province_admin', region: '43' }] })}.${valid.split('.')[2]}`,
      garbage: 'abc.def.ghi',
    },
  };
}
