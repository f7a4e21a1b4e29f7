import { connect, NatsConnection } from '@nats-io/transport-node';
import { JWKS_REQUEST_SUBJECT } from '@wushe/contracts';
import { prefixedSubject } from '@wushe/messaging';
import { buildOpenApiDocument, Grant } from '@wushe/platform';
import { mobile, TEST_NATS_URL } from '@wushe/testing';
import { decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { SigningKeys } from '../src/accounts/keys/signing-keys';
import { AccountRegistry } from '../src/accounts/registry/account-registry';
import { IdentityDb } from '../src/database/identity-db';
import {
  claimsOf,
  createUser,
  Jwks,
  login as postLogin,
  servedJwks as servedBy,
  verifierFor,
} from './support/accounts';
import { API as base, useIdentityApp } from './support/identity-spec';

// Access tokens, signing keys, JWKS (HTTP and NATS), key rotation, service accounts and client
// credentials, against real PostgreSQL, NATS and Redis. Every token is checked the way other
// services check it: libs/platform's TokenVerifier fed with the JWKS identity serves. Identity
// verifies its own tokens through its own JWKS URL, as deployed (AUTH_JWKS_URL).

const ISSUER = 'wushe-identity';
const AUDIENCE = 'wushe';

describe('identity tokens and signing keys (real PostgreSQL, NATS, Redis)', () => {
  const t = useIdentityApp({ ownJwks: true, overrides: { LOGIN_IP_LIMIT_PER_MINUTE: '10000' } });
  const { http, rows: query } = t;
  let nc: NatsConnection;

  beforeAll(async () => {
    nc = await connect({ servers: TEST_NATS_URL });
  });

  afterAll(async () => {
    await nc?.close();
  });

  async function newUser(grants: Array<{ role: string; region: string }> = []) {
    const phone = mobile();
    const account = await createUser(t, phone);
    for (const g of grants) {
      await query('INSERT INTO role_grant (id, account_id, role, region_code) VALUES ($1, $2, $3, $4)', [
        uuidv7(),
        account.id,
        g.role,
        g.region,
      ]);
    }
    return { id: account.id, phone };
  }

  async function login(phone: string) {
    const res = await postLogin(t, phone);
    expect(res.status).toBe(200);
    return res.body as { accessToken: string; refreshToken: string; expiresIn: number };
  }

  const servedJwks = () => servedBy(t);

  async function expectRefused(token: string, jwks?: Jwks) {
    await expect(verifierFor(jwks ?? (await servedJwks())).verify(token)).rejects.toMatchObject({
      code: 'COMMON.UNAUTHENTICATED',
    });
  }

  it('the OpenAPI document builds and lists the accounts endpoints', () => {
    const document = buildOpenApiDocument(t.app, 'identity', 'test');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(
        [
          'auth/login',
          'auth/refresh',
          'auth/logout',
          'auth/token',
          '.well-known/jwks.json',
          'keys/rotate',
          'service-accounts',
        ].map((path) => `${base}/${path}`),
      ),
    );
  });

  describe('JWKS', () => {
    it('serves ES256 public keys only (active and next), cacheable for 5 minutes', async () => {
      const res = await http().get(`${base}/.well-known/jwks.json`);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=300');
      const statuses = await query<{ kid: string; status: string }>('SELECT kid, status FROM signing_key');
      expect(statuses.map((s) => s.status).sort()).toEqual(['active', 'next']);
      expect(res.body.keys.map((k: { kid?: string }) => k.kid).sort()).toEqual(
        statuses.map((s) => s.kid).sort(),
      );
      for (const key of res.body.keys as Jwks['keys']) {
        expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
        expect(key.d).toBeUndefined();
      }
    });

    it('stores private keys encrypted (PKCS#8 PEM under the field cipher), never in the clear', async () => {
      const rows = await query<{ private_key_encrypted: string }>(
        'SELECT private_key_encrypted FROM signing_key',
      );
      for (const row of rows) {
        expect(row.private_key_encrypted).toMatch(/^v1\./);
        expect(row.private_key_encrypted).not.toContain('PRIVATE KEY');
      }
    });

    it('answers the same JWKS over core NATS request/reply as over HTTP', async () => {
      const reply = await nc.request(prefixedSubject(t.env.runId, JWKS_REQUEST_SUBJECT), '', {
        timeout: 5000,
      });
      expect(JSON.parse(reply.string())).toEqual(await servedJwks());
    });
  });

  describe('access tokens', () => {
    it('a login token verifies with the platform verifier and carries sub, typ, active grants, jti', async () => {
      const user = await newUser([
        { role: 'county_admin', region: '430703' },
        { role: 'supervisor', region: '430703100' },
      ]);
      await query("UPDATE role_grant SET revoked_at = now() WHERE account_id = $1 AND role = 'supervisor'", [
        user.id,
      ]);
      const { accessToken, expiresIn } = await login(user.phone);
      const principal = await verifierFor(await servedJwks()).verify(accessToken);
      expect(principal).toEqual({
        subject: user.id,
        kind: 'user',
        grants: [{ role: 'county_admin', region: '430703' }] satisfies Grant[],
      });
      const claims = claimsOf(accessToken);
      expect(claims).toMatchObject({ iss: ISSUER, aud: AUDIENCE, sub: user.id, typ: 'user' });
      expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
      expect(claims.nbf).toBe(claims.iat);
      expect(claims.exp - claims.iat).toBe(expiresIn);
      expect(expiresIn).toBe(900);
      const header = decodeProtectedHeader(accessToken);
      const active = await query<{ kid: string }>("SELECT kid FROM signing_key WHERE status = 'active'");
      expect(header).toMatchObject({ alg: 'ES256', kid: active[0].kid });
    });

    describe('refused by the platform verifier fed with the served JWKS', () => {
      /** Claims like identity's, signed with whatever key and header the case needs. */
      const claims = (sub: string, overrides: Record<string, unknown> = {}) => {
        const now = Math.floor(Date.now() / 1000);
        return {
          iss: ISSUER,
          aud: AUDIENCE,
          sub,
          typ: 'user',
          grants: [],
          iat: now,
          nbf: now,
          exp: now + 300,
          ...overrides,
        };
      };
      const signWithActive = async (payload: Record<string, unknown>) => {
        const signer = await t.app.get(SigningKeys).currentSigner();
        return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: signer.kid }).sign(signer.key);
      };
      const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

      it('the control: identity-shaped claims signed with the active key verify', async () => {
        await expect(
          verifierFor(await servedJwks()).verify(await signWithActive(claims('u-1'))),
        ).resolves.toMatchObject({
          subject: 'u-1',
        });
      });

      it('expired', async () => {
        const now = Math.floor(Date.now() / 1000);
        await expectRefused(
          await signWithActive(claims('u-1', { iat: now - 1000, nbf: now - 1000, exp: now - 60 })),
        );
      });

      it('not yet valid', async () => {
        const now = Math.floor(Date.now() / 1000);
        await expectRefused(await signWithActive(claims('u-1', { nbf: now + 600, exp: now + 900 })));
      });

      it('forged signature (another key under the active kid)', async () => {
        const { privateKey } = await generateKeyPair('ES256');
        const signer = await t.app.get(SigningKeys).currentSigner();
        const forged = await new SignJWT(claims('u-1'))
          .setProtectedHeader({ alg: 'ES256', kid: signer.kid })
          .sign(privateKey);
        await expectRefused(forged);
      });

      it('alg none (and alg none keeping a real signature)', async () => {
        const signer = await t.app.get(SigningKeys).currentSigner();
        const unsigned = `${b64({ alg: 'none', typ: 'JWT', kid: signer.kid })}.${b64(claims('u-1'))}.`;
        await expectRefused(unsigned);
        const real = await signWithActive(claims('u-1'));
        await expectRefused(`${unsigned}${real.split('.')[2]}`);
      });

      it('unknown kid', async () => {
        const { privateKey, publicKey } = await generateKeyPair('ES256');
        const stranger = await new SignJWT(claims('u-1'))
          .setProtectedHeader({ alg: 'ES256', kid: 'not-a-wushe-key' })
          .sign(privateKey);
        await expectRefused(stranger);
        // …and the key itself would have verified it: only the kid's absence refuses it.
        const jwk = { ...(await exportJWK(publicKey)), kid: 'not-a-wushe-key', alg: 'ES256' };
        await expect(verifierFor({ keys: [jwk] }).verify(stranger)).resolves.toBeTruthy();
      });

      it('wrong audience or issuer', async () => {
        await expectRefused(await signWithActive(claims('u-1', { aud: 'another-system' })));
        await expectRefused(await signWithActive(claims('u-1', { iss: 'someone-else' })));
      });
    });
  });

  describe('refresh tokens', () => {
    const refresh = (refreshToken: string) => http().post(`${base}/auth/refresh`).send({ refreshToken });
    const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
    const familyOf = async (token: string) => {
      const [row] = await query<{ family_id: string }>(
        'SELECT family_id FROM refresh_token WHERE token_hash = $1',
        [sha256(token)],
      );
      return row.family_id;
    };

    it('rotates: a refresh gives a new pair in the same family and uses up the old token', async () => {
      const user = await newUser([{ role: 'point_worker', region: '430703100001' }]);
      const first = await login(user.phone);
      expect(first.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const stored = await query<{ token_hash: string }>(
        'SELECT token_hash FROM refresh_token WHERE account_id = $1',
        [user.id],
      );
      expect(stored[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored[0].token_hash).not.toBe(first.refreshToken);

      // Grants changed since login reach the next access token.
      await query(
        "INSERT INTO role_grant (id, account_id, role, region_code) VALUES ($1, $2, 'supervisor', '430703')",
        [uuidv7(), user.id],
      );
      const res = await refresh(first.refreshToken);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: 900,
      });
      expect(res.body.refreshToken).not.toBe(first.refreshToken);
      expect(await familyOf(res.body.refreshToken)).toBe(await familyOf(first.refreshToken));
      const principal = await verifierFor(await servedJwks()).verify(res.body.accessToken);
      expect(principal.grants).toEqual([
        { role: 'point_worker', region: '430703100001' },
        { role: 'supervisor', region: '430703' },
      ]);
      const next = await refresh(res.body.refreshToken);
      expect(next.status).toBe(200);
    });

    it('reuse of a used token revokes the whole family', async () => {
      const user = await newUser();
      const first = await login(user.phone);
      const second = (await refresh(first.refreshToken)).body;
      const reused = await refresh(first.refreshToken);
      expect(reused.status).toBe(401);
      expect(reused.body.code).toBe('IDENTITY.REFRESH_REUSED');
      // The legitimate successor is gone too: whoever holds it must log in again.
      const successor = await refresh(second.refreshToken);
      expect(successor.status).toBe(401);
      expect(successor.body.code).toBe('IDENTITY.INVALID_REFRESH_TOKEN');
      const family = await familyOf(first.refreshToken);
      const [open] = await query<{ n: number }>(
        'SELECT count(*)::int AS n FROM refresh_token WHERE family_id = $1 AND revoked_at IS NULL',
        [family],
      );
      expect(open.n).toBe(0);
      const audit = await query<{ action: string; details: { familyId: string } }>(
        "SELECT action, details FROM audit_entry WHERE action = 'auth.refresh-reuse' AND target_id = $1",
        [user.id],
      );
      expect(audit).toEqual([{ action: 'auth.refresh-reuse', details: { familyId: family, revoked: 2 } }]);
    });

    it('two concurrent refreshes with the same token: exactly one succeeds', async () => {
      const user = await newUser();
      const { refreshToken } = await login(user.phone);
      const results = await Promise.all([
        refresh(refreshToken),
        refresh(refreshToken),
        refresh(refreshToken),
      ]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 401, 401]);
      expect(results.filter((r) => r.status === 401).map((r) => r.body.code)).toEqual([
        'IDENTITY.REFRESH_REUSED',
        'IDENTITY.REFRESH_REUSED',
      ]);
      const [issued] = await query<{ n: number }>(
        'SELECT count(*)::int AS n FROM refresh_token WHERE family_id = $1',
        [await familyOf(refreshToken)],
      );
      expect(issued.n).toBe(2); // the original and exactly one successor
    });

    it('refuses unknown and expired tokens, and tokens of a disabled account', async () => {
      const unknown = await refresh('A'.repeat(43));
      expect(unknown.status).toBe(401);
      expect(unknown.body.code).toBe('IDENTITY.INVALID_REFRESH_TOKEN');

      const user = await newUser();
      const expiring = await login(user.phone);
      await query("UPDATE refresh_token SET expires_at = now() - interval '1 second' WHERE token_hash = $1", [
        sha256(expiring.refreshToken),
      ]);
      expect((await refresh(expiring.refreshToken)).body.code).toBe('IDENTITY.INVALID_REFRESH_TOKEN');

      const held = await login(user.phone);
      await t.app.get(IdentityDb).$transaction((tx) => t.app.get(AccountRegistry).disable(tx, user.id));
      const disabled = await refresh(held.refreshToken);
      expect(disabled.status).toBe(401);
      expect(disabled.body.code).toBe('IDENTITY.INVALID_REFRESH_TOKEN');
    });

    it('logout revokes the family; the revoked token is refused afterwards', async () => {
      const user = await newUser();
      const session = await login(user.phone);
      const other = await login(user.phone); // another device: another family, untouched
      const res = await http()
        .post(`${base}/auth/logout`)
        .set('Authorization', `Bearer ${session.accessToken}`)
        .send({ refreshToken: session.refreshToken });
      expect(res.status).toBe(204);
      const revoked = await refresh(session.refreshToken);
      expect(revoked.status).toBe(401);
      expect(revoked.body.code).toBe('IDENTITY.INVALID_REFRESH_TOKEN');
      expect((await refresh(other.refreshToken)).status).toBe(200);
      const audit = await query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_entry WHERE action = 'auth.logout' AND actor_id = $1",
        [user.id],
      );
      expect(audit[0].n).toBe(1);
    });

    it('logout needs a token, and only ends the caller’s own sessions', async () => {
      const alice = await newUser();
      const bob = await newUser();
      const aliceSession = await login(alice.phone);
      const bobSession = await login(bob.phone);
      const anonymous = await http()
        .post(`${base}/auth/logout`)
        .send({ refreshToken: bobSession.refreshToken });
      expect(anonymous.status).toBe(401);
      const foreign = await http()
        .post(`${base}/auth/logout`)
        .set('Authorization', `Bearer ${aliceSession.accessToken}`)
        .send({ refreshToken: bobSession.refreshToken });
      expect(foreign.status).toBe(401);
      expect(foreign.body.code).toBe('IDENTITY.INVALID_REFRESH_TOKEN');
      expect((await refresh(bobSession.refreshToken)).status).toBe(200);
    });
  });

  describe('key rotation', () => {
    it('only a province_admin may rotate', async () => {
      const county = await newUser([{ role: 'county_admin', region: '430703' }]);
      const { accessToken } = await login(county.phone);
      const res = await http().post(`${base}/keys/rotate`).set('Authorization', `Bearer ${accessToken}`);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('COMMON.FORBIDDEN');
      expect((await http().post(`${base}/keys/rotate`)).status).toBe(401);
    });

    it('publishes the next key before it signs, keeps the retired key published, and announces the rotation', async () => {
      const admin = await newUser([{ role: 'province_admin', region: '43' }]);
      const before = await login(admin.phone);
      const jwksBefore = await servedJwks();
      const [oldActive] = await query<{ kid: string }>("SELECT kid FROM signing_key WHERE status = 'active'");
      const [oldNext] = await query<{ kid: string }>("SELECT kid FROM signing_key WHERE status = 'next'");
      expect(decodeProtectedHeader(before.accessToken).kid).toBe(oldActive.kid);

      const res = await http()
        .post(`${base}/keys/rotate`)
        .set('Authorization', `Bearer ${before.accessToken}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        activeKid: oldNext.kid,
        nextKid: expect.any(String),
        retiredKid: oldActive.kid,
      });
      const states = Object.fromEntries(
        (await query<{ kid: string; status: string }>('SELECT kid, status FROM signing_key')).map((r) => [
          r.kid,
          r.status,
        ]),
      );
      expect(states).toEqual({
        [oldActive.kid]: 'retired',
        [oldNext.kid]: 'active',
        [res.body.nextKid]: 'next',
      });

      // A token signed before the rotation still verifies: the retired key is still published.
      const jwksAfter = await servedJwks();
      expect(jwksAfter.keys.map((k) => k.kid)).toEqual([oldNext.kid, res.body.nextKid, oldActive.kid]);
      await expect(verifierFor(jwksAfter).verify(before.accessToken)).resolves.toMatchObject({
        subject: admin.id,
      });

      // The new active key was in the JWKS before it signed: a verifier holding the old JWKS accepts its tokens.
      const after = await login(admin.phone);
      expect(decodeProtectedHeader(after.accessToken).kid).toBe(oldNext.kid);
      expect(jwksBefore.keys.map((k) => k.kid)).toContain(oldNext.kid);
      await expect(verifierFor(jwksBefore).verify(after.accessToken)).resolves.toMatchObject({
        subject: admin.id,
      });
      // …and NATS answers the new set too.
      const reply = await nc.request(prefixedSubject(t.env.runId, JWKS_REQUEST_SUBJECT), '', {
        timeout: 5000,
      });
      expect(JSON.parse(reply.string())).toEqual(jwksAfter);

      const events = await query<{ envelope: { type: string; data: unknown; regioncode: string } }>(
        "SELECT envelope FROM outbox_event WHERE subject = 'identity.signing-key.rotated.v1'",
      );
      expect(events.map((e) => e.envelope.data)).toEqual([{ kid: oldNext.kid }]);
      expect(events[0].envelope.regioncode).toBe('00');
      const audit = await query<{ action: string; target_id: string; actor_id: string }>(
        "SELECT action, target_id, actor_id FROM audit_entry WHERE action LIKE 'key.%' AND actor_id = $1 ORDER BY at, action",
        [admin.id],
      );
      expect(audit.map((a) => [a.action, a.target_id])).toEqual(
        expect.arrayContaining([
          ['key.retired', oldActive.kid],
          ['key.activated', oldNext.kid],
          ['key.created', res.body.nextKid],
        ]),
      );
    });

    it('stops publishing a retired key once no token it signed can still be valid', async () => {
      const [retired] = await query<{ kid: string }>("SELECT kid FROM signing_key WHERE status = 'retired'");
      await query("UPDATE signing_key SET retired_at = now() - interval '66 minutes' WHERE kid = $1", [
        retired.kid,
      ]);
      t.app.get(SigningKeys).forget();
      expect((await servedJwks()).keys.map((k) => k.kid)).not.toContain(retired.kid);
    });
  });

  describe('service accounts and client credentials', () => {
    let cityAdminToken: string;
    let client: { id: string; clientId: string; clientSecret: string };

    beforeAll(async () => {
      const cityAdmin = await newUser([{ role: 'city_admin', region: '4307' }]);
      cityAdminToken = (await login(cityAdmin.phone)).accessToken;
    });

    it('a city or province admin creates one and sees its secret once; the event has no name', async () => {
      const res = await http()
        .post(`${base}/service-accounts`)
        .set('Authorization', `Bearer ${cityAdminToken}`)
        .send({ name: '民政数据中心' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        name: '民政数据中心',
        clientId: expect.stringMatching(/^svc_/),
        clientSecret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        createdAt: expect.any(String),
      });
      client = res.body;
      const [row] = await query<{ secret_hash: string; kind: string; phone_hash: string | null }>(
        'SELECT secret_hash, kind, phone_hash FROM account WHERE id = $1',
        [client.id],
      );
      expect(row.kind).toBe('service');
      expect(row.secret_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(row.secret_hash).not.toContain(client.clientSecret);
      const [event] = await query<{ envelope: { data: unknown; regioncode: string } }>(
        "SELECT envelope FROM outbox_event WHERE subject = 'identity.account.created.v1' AND envelope->>'subject' = $1",
        [client.id],
      );
      expect(event.envelope.data).toEqual({ accountId: client.id, kind: 'service' });
      expect(event.envelope.regioncode).toBe('4307');
    });

    it('anyone else may not create one', async () => {
      const worker = await newUser([{ role: 'station_worker', region: '430703100' }]);
      const res = await http()
        .post(`${base}/service-accounts`)
        .set('Authorization', `Bearer ${(await login(worker.phone)).accessToken}`)
        .send({ name: 'x' });
      expect(res.status).toBe(403);
    });

    it('exchanges the client credentials (JSON) for a service token with the account grants', async () => {
      await query(
        "INSERT INTO role_grant (id, account_id, role, region_code) VALUES ($1, $2, 'service_account', '4307')",
        [uuidv7(), client.id],
      );
      const res = await http().post(`${base}/auth/token`).send({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
      });
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 900 });
      await expect(verifierFor(await servedJwks()).verify(res.body.access_token)).resolves.toEqual({
        subject: client.id,
        kind: 'service',
        grants: [{ role: 'service_account', region: '4307' }],
      });
    });

    it('accepts application/x-www-form-urlencoded, as OAuth clients send it', async () => {
      const res = await http().post(`${base}/auth/token`).type('form').send({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
        scope: 'x',
      });
      expect(res.status).toBe(200);
      expect(res.body.token_type).toBe('Bearer');
    });

    it('refuses a wrong secret, an unknown client and another grant type with stable codes', async () => {
      const wrong = await http()
        .post(`${base}/auth/token`)
        .send({
          grant_type: 'client_credentials',
          client_id: client.clientId,
          client_secret: 'x'.repeat(43),
        });
      expect(wrong.status).toBe(401);
      expect(wrong.body).toMatchObject({ code: 'IDENTITY.INVALID_CLIENT', error: 'invalid_client' });
      const unknown = await http().post(`${base}/auth/token`).send({
        grant_type: 'client_credentials',
        client_id: 'svc_nobody',
        client_secret: client.clientSecret,
      });
      expect(unknown.status).toBe(401);
      expect(unknown.body.code).toBe('IDENTITY.INVALID_CLIENT');
      const password = await http()
        .post(`${base}/auth/token`)
        .send({ grant_type: 'password', client_id: client.clientId, client_secret: client.clientSecret });
      expect(password.status).toBe(400);
      expect(password.body.code).toBe('IDENTITY.UNSUPPORTED_GRANT_TYPE');
      const missing = await http()
        .post(`${base}/auth/token`)
        .type('form')
        .send({ grant_type: 'client_credentials' });
      expect(missing.status).toBe(400);
      expect(missing.body.code).toBe('COMMON.VALIDATION_FAILED');
    });

    it('refuses a disabled service account', async () => {
      await t.app.get(IdentityDb).$transaction((tx) => t.app.get(AccountRegistry).disable(tx, client.id));
      const res = await http().post(`${base}/auth/token`).send({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
      });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('IDENTITY.INVALID_CLIENT');
    });
  });
});
