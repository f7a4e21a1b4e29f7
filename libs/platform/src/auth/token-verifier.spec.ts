import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DomainError } from '../errors/domain-error';
import { BAD_TOKENS, GRANTS, tokenKit, TokenKit } from '../../test/support/tokens';
import { TokenVerifier } from './token-verifier';

async function refusal(verifier: TokenVerifier, token: string): Promise<unknown> {
  try {
    await verifier.verify(token);
  } catch (error) {
    return error instanceof DomainError
      ? { code: error.code, status: error.status, reason: error.details?.reason }
      : error;
  }
  return 'accepted';
}

describe('TokenVerifier', () => {
  let kit: TokenKit;
  let verifier: TokenVerifier;

  beforeAll(async () => {
    kit = await tokenKit();
    verifier = new TokenVerifier(kit.options);
  });

  it('turns a valid token into a principal with its grants', async () => {
    await expect(verifier.verify(kit.valid)).resolves.toEqual({
      subject: 'u-1',
      kind: 'user',
      grants: GRANTS,
    });
  });

  it('remembers a verified token, but never lets a near-copy of it through', async () => {
    const fresh = new TokenVerifier(kit.options);
    const first = await fresh.verify(kit.valid);
    expect(await fresh.verify(kit.valid)).toBe(first);
    const [header, payload, signature] = kit.valid.split('.');
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    await expect(fresh.verify(`${header}.${payload}.${flipped}`)).rejects.toBeInstanceOf(DomainError);
  });

  it('trusts every key of the JWKS and reads the token type', async () => {
    await expect(verifier.verify(kit.validSecondKey)).resolves.toMatchObject({
      subject: 'u-2',
      kind: 'user',
    });
    await expect(verifier.verify(kit.serviceToken)).resolves.toEqual({
      subject: 'u-2',
      kind: 'service',
      grants: [{ role: 'service_account', region: '43' }],
    });
  });

  it('refuses an expired token with reason "expired"', async () => {
    await expect(refusal(verifier, kit.bad.expired)).resolves.toEqual({
      code: 'COMMON.UNAUTHENTICATED',
      status: 401,
      reason: 'expired',
    });
  });

  it.each(BAD_TOKENS)('refuses a token: %s', async (name) => {
    await expect(refusal(verifier, kit.bad[name])).resolves.toEqual({
      code: 'COMMON.UNAUTHENTICATED',
      status: 401,
      reason: 'invalid',
    });
  });

  it('refuses everything when no key set is configured', async () => {
    const bare = new TokenVerifier({ issuer: kit.options.issuer, audience: kit.options.audience });
    await expect(refusal(bare, kit.valid)).resolves.toMatchObject({
      code: 'COMMON.UNAUTHENTICATED',
      status: 401,
    });
  });

  describe('with a remote JWKS', () => {
    let server: Server;
    let fetches = 0;

    beforeAll(async () => {
      server = createServer((_req, res) => {
        fetches++;
        res.setHeader('content-type', 'application/json');
        res.end(kit.options.jwks);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('fetches the keys once and verifies locally afterwards', async () => {
      const { port } = server.address() as AddressInfo;
      const remote = new TokenVerifier({
        ...kit.options,
        jwks: undefined,
        jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
      });
      await expect(remote.verify(kit.valid)).resolves.toMatchObject({ subject: 'u-1' });
      await expect(remote.verify(kit.validSecondKey)).resolves.toMatchObject({ subject: 'u-2' });
      await expect(refusal(remote, kit.bad['forged signature (other key, same kid)'])).resolves.toMatchObject(
        { status: 401 },
      );
      expect(fetches).toBe(1);
    });
  });
});
