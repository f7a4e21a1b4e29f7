import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, JWTVerifyGetKey } from 'jose';
import { CommonErrors } from '../errors/domain-error';
import { accessTokenClaimsSchema, Principal } from './principal';

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** Identity's JWKS endpoint; keys are cached and refetched when an unknown `kid` appears. */
  jwksUrl?: string;
  /** A literal JWKS (JSON), for tests and air-gapped setups. */
  jwks?: string;
}

// Only asymmetric algorithms: a token signed with a shared secret, or `alg: none`, never passes.
const ALGORITHMS = ['ES256', 'RS256', 'EdDSA'];

/** Verifies access tokens locally against identity's JWKS and turns them into a Principal. */
export class TokenVerifier {
  private readonly keys?: JWTVerifyGetKey;

  constructor(private readonly options: TokenVerifierOptions) {
    if (options.jwks) this.keys = createLocalJWKSet(JSON.parse(options.jwks));
    else if (options.jwksUrl) {
      this.keys = createRemoteJWKSet(new URL(options.jwksUrl), {
        cooldownDuration: 30_000,
        cacheMaxAge: 600_000,
      });
    }
  }

  async verify(token: string): Promise<Principal> {
    if (!this.keys) throw CommonErrors.UNAUTHENTICATED({ reason: 'no key set configured' });
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ALGORITHMS,
        clockTolerance: 5,
        requiredClaims: ['exp', 'sub'],
      });
      const claims = accessTokenClaimsSchema.parse(payload);
      return { subject: claims.sub, kind: claims.typ, grants: claims.grants };
    } catch (error) {
      const reason = error instanceof errors.JWTExpired ? 'expired' : 'invalid';
      throw CommonErrors.UNAUTHENTICATED({ reason });
    }
  }
}
