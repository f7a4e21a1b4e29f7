import { exportJWK, generateKeyPair, SignJWT, JWK, KeyLike } from 'jose';

export const TEST_ISSUER = 'wushe-identity';
export const TEST_AUDIENCE = 'wushe';

/** A role in a scope, as identity puts it in access tokens (see libs/platform's grantSchema). */
export type TestGrant =
  { role: string; region: string } | { role: 'organization_admin'; organization: string };

/**
 * Stands in for identity in other services' tests: a real ES256 key pair, a JWKS the services
 * verify against, and tokens with whatever grants a test needs.
 */
export class TestAuthority {
  private constructor(
    private readonly privateKey: KeyLike,
    private readonly publicJwk: JWK,
  ) {}

  static async create(kid = 'test-key-1'): Promise<TestAuthority> {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    return new TestAuthority(privateKey, jwk);
  }

  get jwks(): string {
    return JSON.stringify({ keys: [this.publicJwk] });
  }

  async token(subject: string, grants: TestGrant[], options: { expiresIn?: string; audience?: string } = {}) {
    return new SignJWT({ grants, typ: 'user' })
      .setProtectedHeader({ alg: 'ES256', kid: this.publicJwk.kid })
      .setSubject(subject)
      .setIssuer(TEST_ISSUER)
      .setAudience(options.audience ?? TEST_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(this.privateKey);
  }
}
