import type { NestExpressApplication } from '@nestjs/platform-express';
import { hash } from '@node-rs/argon2';
import { FieldCipher } from '@wushe/platform';
import { createTestEnvironment, mobile, TestEnvironment } from '@wushe/testing';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { clientKey } from '../src/accounts/login/login-throttle';
import { PasswordHasher } from '../src/accounts/passwords/password-hasher';
import { weakPasswordReasons } from '../src/accounts/passwords/password-policy';
import { AccountRegistry } from '../src/accounts/registry/account-registry';
import { IdentityDb } from '../src/database/identity-db';
import {
  claimsOf,
  createUser as createUserIn,
  login as postLogin,
  PASSWORD,
  servedJwks,
  verifierFor,
} from './support/accounts';
import { buildIdentityApp, startIdentityOn } from './support/identity-app';
import { API as base, useIdentityApp } from './support/identity-spec';

// Accounts (registry, phones, passwords), login with lockout and per-address throttling, bad
// input, and the bootstrap administrator, against real PostgreSQL, NATS and Redis.

/** A lockout short enough to test: 3 failures lock for a minute; no per-address limit to speak of. */
const LOGIN_SETTINGS = {
  LOGIN_IP_LIMIT_PER_MINUTE: '10000',
  LOGIN_MAX_FAILURES: '3',
  LOGIN_LOCK_MINUTES: '1',
};

describe('identity accounts and login (real PostgreSQL, NATS, Redis)', () => {
  const t = useIdentityApp({ overrides: LOGIN_SETTINGS });
  const { http, rows: query } = t;
  const count = (sql: string, params: unknown[] = []) => t.count(`(${sql}) q`, params);

  const registry = () => t.app.get(AccountRegistry);
  const inTx = <T>(fn: Parameters<IdentityDb['$transaction']>[0]) =>
    t.app.get(IdentityDb).$transaction(fn) as Promise<T>;
  const createUser = (phone: string, password = PASSWORD) => createUserIn(t, phone, password);
  const login = (phone: string, password = PASSWORD, userAgent = 'jest') =>
    postLogin(t, phone, password).set('User-Agent', userAgent);
  const accountRow = (id: string) =>
    query<{ failed_logins: number; locked_until: Date | null; secret_hash: string; status: string }>(
      'SELECT failed_logins, locked_until, secret_hash, status FROM account WHERE id = $1',
      [id],
    ).then((rows) => rows[0]);

  describe('AccountRegistry', () => {
    it('creates a user with the phone encrypted and hashed for lookup, never stored in the clear', async () => {
      const phone = mobile();
      const spaced = `+86 ${phone.slice(0, 3)}-${phone.slice(3, 7)} ${phone.slice(7)}`;
      const account = await createUser(spaced);
      expect(account).toMatchObject({ kind: 'user', displayName: '张三', status: 'active' });
      const [row] = await query<Record<string, unknown>>('SELECT * FROM account WHERE id = $1', [account.id]);
      const cipher = t.app.get(FieldCipher);
      expect(row.phone_hash).toBe(cipher.lookupHash(phone));
      expect(cipher.decrypt(row.phone_encrypted as string)).toBe(phone);
      expect(JSON.stringify(row)).not.toContain(phone);
      expect(row.secret_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      const [event] = await query<{ envelope: { data: unknown; regioncode: string } }>(
        "SELECT envelope FROM outbox_event WHERE subject = 'identity.account.created.v1' AND envelope->>'subject' = $1",
        [account.id],
      );
      expect(event.envelope.data).toEqual({ accountId: account.id, kind: 'user' }); // no phone, no name
      expect(event.envelope.regioncode).toBe('00');
      expect(
        await count("SELECT 1 FROM audit_entry WHERE action = 'account.created' AND target_id = $1", [
          account.id,
        ]),
      ).toBe(1);
    });

    it('finds an account by phone in any format parseMobile accepts', async () => {
      const phone = mobile();
      const account = await createUser(phone);
      expect((await registry().findByPhone(`0086${phone}`))?.id).toBe(account.id);
      expect(await registry().findByPhone(mobile())).toBeNull();
      expect(await registry().findByPhone('not a phone')).toBeNull();
    });

    it('refuses an invalid phone (400), a taken phone (409) and weak passwords (400)', async () => {
      await expect(createUser('12345')).rejects.toMatchObject({
        code: 'IDENTITY.INVALID_PHONE',
        status: 400,
      });
      const phone = mobile();
      await createUser(phone);
      await expect(createUser(`+86${phone}`)).rejects.toMatchObject({
        code: 'IDENTITY.PHONE_TAKEN',
        status: 409,
      });
      const other = mobile();
      for (const [candidate, weak] of [
        [other, 'Short-1a'],
        [other, 'alllowercase12'],
        [other, 'ALLUPPERCASEONE'],
        [other, `Pw-${other}`],
      ]) {
        await expect(createUser(candidate, weak)).rejects.toMatchObject({
          code: 'IDENTITY.WEAK_PASSWORD',
          status: 400,
          details: { reasons: expect.any(Array) },
        });
      }
      expect(await registry().findByPhone(other)).toBeNull();
    });

    it('password policy: 12+ of 3 classes, or 16+ of anything; never the phone', () => {
      expect(weakPasswordReasons('Abcdefgh123!')).toEqual([]);
      expect(weakPasswordReasons('abcdefgh1234')).toEqual(['too-few-character-classes']);
      expect(weakPasswordReasons('abcdefghijklmnop')).toEqual([]);
      expect(weakPasswordReasons('Ab1!Ab1!Ab1')).toEqual(['too-short']);
      expect(weakPasswordReasons('13812345678Abc!', '13812345678')).toEqual(['contains-phone']);
      expect(weakPasswordReasons('长城长城长城长城长城长城长城长城')).toEqual([]);
    });

    it('two concurrent creations of one phone: exactly one account', async () => {
      const phone = mobile();
      const results = await Promise.allSettled([createUser(phone), createUser(phone)]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toMatchObject({ code: 'IDENTITY.PHONE_TAKEN' });
    });

    it('creates a service account whose secret is answered once and stored only as argon2id', async () => {
      const created = await inTx<Awaited<ReturnType<AccountRegistry['createServiceAccount']>>>((tx) =>
        registry().createServiceAccount(tx, { name: 'district dashboard', createdBy: null }),
      );
      expect(created.clientId).toMatch(/^svc_/);
      const row = await accountRow(created.account.id);
      expect(row.secret_hash).toMatch(/^\$argon2id\$/);
      expect(await t.app.get(PasswordHasher).verify(row.secret_hash, created.clientSecret)).toBe(true);
    });

    it('disable() refuses unknown ids', async () => {
      await expect(inTx((tx) => registry().disable(tx, uuidv7()))).rejects.toMatchObject({
        code: 'IDENTITY.ACCOUNT_NOT_FOUND',
      });
    });
  });

  describe('POST /auth/login', () => {
    it('answers a token pair whose access token verifies against the served JWKS', async () => {
      const phone = mobile();
      const account = await createUser(phone);
      const res = await login(phone, PASSWORD, 'field-app/1.0');
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: 900,
      });
      const verifier = verifierFor(await servedJwks(t));
      expect(await verifier.verify(res.body.accessToken)).toEqual({
        subject: account.id,
        kind: 'user',
        grants: [],
      });
      const [audit] = await query<{ actor_id: string; ip: string; user_agent: string }>(
        "SELECT actor_id, ip, user_agent FROM audit_entry WHERE action = 'auth.login' AND target_id = $1",
        [account.id],
      );
      expect(audit).toEqual({
        actor_id: account.id,
        ip: expect.stringMatching(/127\.0\.0\.1|::1/),
        user_agent: 'field-app/1.0',
      });
      expect((await accountRow(account.id)).failed_logins).toBe(0);
    });

    it('wrong password, unknown phone, malformed phone and disabled account get the same 401', async () => {
      const phone = mobile();
      const account = await createUser(phone);
      const disabledPhone = mobile();
      const disabled = await createUser(disabledPhone);
      await inTx((tx) => registry().disable(tx, disabled.id));
      const hasher = t.app.get(PasswordHasher);
      const dummy = jest.spyOn(hasher, 'verifyDummy');
      const verify = jest.spyOn(hasher, 'verify');
      try {
        const answers = [
          await login(phone, 'Wrong-Password-1'),
          await login(mobile()),
          await login('12345'),
          await login(disabledPhone),
        ];
        for (const res of answers) {
          expect(res.status).toBe(401);
          expect(res.body).toEqual(answers[0].body);
        }
        expect(answers[0].body).toMatchObject({ code: 'IDENTITY.INVALID_CREDENTIALS', status: 401 });
        // Each refusal paid for one argon2 verification: a dummy one when there was no account.
        expect(dummy).toHaveBeenCalledTimes(2);
        expect(verify).toHaveBeenCalledTimes(4); // 2 real + 2 inside verifyDummy
      } finally {
        dummy.mockRestore();
        verify.mockRestore();
      }
      const reasons = await query<{ details: { reason: string }; target_id: string | null }>(
        "SELECT details, target_id FROM audit_entry WHERE action = 'auth.login-failed' AND (target_id = $1 OR target_id = $2)",
        [account.id, disabled.id],
      );
      expect(reasons.map((r) => r.details.reason).sort()).toEqual(['disabled', 'wrong-password']);
      expect((await accountRow(account.id)).failed_logins).toBe(1);
    });

    it(`locks the account after LOGIN_MAX_FAILURES (3) failures with 423 and Retry-After, even for the right password`, async () => {
      const phone = mobile();
      const account = await createUser(phone);
      expect((await login(phone, 'Wrong-Password-1')).status).toBe(401);
      expect((await login(phone, 'Wrong-Password-2')).status).toBe(401);
      const third = await login(phone, 'Wrong-Password-3');
      expect(third.status).toBe(423);
      expect(third.body).toMatchObject({ code: 'IDENTITY.ACCOUNT_LOCKED', retryAfter: expect.any(Number) });
      expect(third.body.retryAfter).toBeGreaterThan(50);
      expect(third.body.retryAfter).toBeLessThanOrEqual(60);
      expect(third.headers['retry-after']).toBe(String(third.body.retryAfter));
      const right = await login(phone);
      expect(right.status).toBe(423);
      expect(right.body.code).toBe('IDENTITY.ACCOUNT_LOCKED');
      expect(
        await count("SELECT 1 FROM audit_entry WHERE action = 'auth.locked' AND target_id = $1", [
          account.id,
        ]),
      ).toBe(1);

      // The lock time passes (LOGIN_LOCK_MINUTES is at least 1: the clock is moved instead of waited).
      await query("UPDATE account SET locked_until = now() - interval '1 second' WHERE id = $1", [
        account.id,
      ]);
      expect((await login(phone)).status).toBe(200);
      expect(await accountRow(account.id)).toMatchObject({ failed_logins: 0, locked_until: null });
    });

    it('an expired lock starts the count over, and a success resets it', async () => {
      const phone = mobile();
      const account = await createUser(phone);
      for (let i = 0; i < 3; i++) await login(phone, 'Wrong-Password-1');
      await query("UPDATE account SET locked_until = now() - interval '1 second' WHERE id = $1", [
        account.id,
      ]);
      expect((await login(phone, 'Wrong-Password-1')).status).toBe(401); // 1st failure of a new run
      expect((await login(phone, 'Wrong-Password-1')).status).toBe(401);
      expect((await login(phone)).status).toBe(200);
      expect((await login(phone, 'Wrong-Password-1')).status).toBe(401);
      expect((await login(phone, 'Wrong-Password-1')).status).toBe(401);
      expect((await accountRow(account.id)).failed_logins).toBe(2);
    });

    it('concurrent guesses cannot get past the limit: at most LOGIN_MAX_FAILURES passwords are checked', async () => {
      const phone = mobile();
      await createUser(phone);
      const verify = jest.spyOn(t.app.get(PasswordHasher), 'verify');
      try {
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) => login(phone, `Wrong-Password-${i}`)),
        );
        const statuses = results.map((r) => r.status).sort();
        expect(statuses).toEqual([401, 401, 423, 423, 423, 423, 423, 423]);
        expect(verify).toHaveBeenCalledTimes(3);
      } finally {
        verify.mockRestore();
      }
    });

    it('re-hashes a password stored with other argon2 parameters at the next login', async () => {
      const phone = mobile();
      const account = await createUser(phone);
      const old = await hash(PASSWORD, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
      await query('UPDATE account SET secret_hash = $2 WHERE id = $1', [account.id, old]);
      expect((await login(phone)).status).toBe(200);
      expect((await accountRow(account.id)).secret_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect((await login(phone)).status).toBe(200);
    });

    it('ignores Idempotency-Key: credentials are never stored for replay', async () => {
      const phone = mobile();
      await createUser(phone);
      const send = () =>
        http()
          .post(`${base}/auth/login`)
          .set('Idempotency-Key', 'login-key-0001')
          .send({ phone, password: PASSWORD });
      const [a, b] = [await send(), await send()];
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(a.body.refreshToken).not.toBe(b.body.refreshToken);
      expect(await count('SELECT 1 FROM idempotency_record')).toBe(0);
    });

    describe('bad input: 400 with stable codes, nothing written', () => {
      const written = () =>
        count(
          'SELECT 1 FROM audit_entry UNION ALL SELECT 1 FROM refresh_token UNION ALL SELECT 1 FROM outbox_event',
        );

      it.each<[string, string, object, string]>([
        ['malformed JSON', '{"phone": "138', {}, 'COMMON.MALFORMED_JSON'],
        ['missing password', JSON.stringify({ phone: '13812345678' }), {}, 'COMMON.VALIDATION_FAILED'],
        ['missing everything', '{}', {}, 'COMMON.VALIDATION_FAILED'],
        [
          'a number for a phone',
          JSON.stringify({ phone: 13812345678, password: PASSWORD }),
          {},
          'COMMON.VALIDATION_FAILED',
        ],
        [
          'an unknown field',
          JSON.stringify({ phone: '13812345678', password: PASSWORD, admin: true }),
          {},
          'COMMON.VALIDATION_FAILED',
        ],
        [
          'a 300-character password',
          JSON.stringify({ phone: '13812345678', password: 'x'.repeat(300) }),
          {},
          'COMMON.VALIDATION_FAILED',
        ],
        ['an array body', '[]', {}, 'COMMON.VALIDATION_FAILED'],
      ])('%s', async (_name, body, _unused, code) => {
        const before = await written();
        const res = await http()
          .post(`${base}/auth/login`)
          .set('Content-Type', 'application/json')
          .send(body);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.code).toBe(code);
        expect(await written()).toBe(before);
      });

      it('an oversized body gets 413 COMMON.PAYLOAD_TOO_LARGE', async () => {
        const before = await written();
        const res = await http()
          .post(`${base}/auth/login`)
          .set('Content-Type', 'application/json')
          .send(JSON.stringify({ phone: '13812345678', password: 'x'.repeat(300 * 1024) }));
        expect(res.status).toBe(413);
        expect(res.body.code).toBe('COMMON.PAYLOAD_TOO_LARGE');
        expect(await written()).toBe(before);
      });

      it('missing or bad fields on refresh and token', async () => {
        const refresh = await http().post(`${base}/auth/refresh`).send({});
        expect([refresh.status, refresh.body.code]).toEqual([400, 'COMMON.VALIDATION_FAILED']);
        const token = await http()
          .post(`${base}/auth/token`)
          .type('form')
          .send('grant_type=client_credentials');
        expect([token.status, token.body.code]).toEqual([400, 'COMMON.VALIDATION_FAILED']);
        const bigForm = await http()
          .post(`${base}/auth/token`)
          .type('form')
          .send(`grant_type=client_credentials&client_id=x&client_secret=${'x'.repeat(20_000)}`);
        expect([bigForm.status, bigForm.body.code]).toEqual([413, 'COMMON.PAYLOAD_TOO_LARGE']);
      });
    });
  });

  describe('per-address throttle', () => {
    let throttled: NestExpressApplication;

    beforeAll(async () => {
      throttled = await startIdentityOn(t.env, {
        ...LOGIN_SETTINGS,
        LOGIN_IP_LIMIT_PER_MINUTE: '5',
        REDIS_PREFIX: `${t.env.runId}-throttle`,
      });
    });

    afterAll(async () => {
      await throttled?.close();
    });

    it('refuses the attempts over LOGIN_IP_LIMIT_PER_MINUTE with 429 and Retry-After, right password or not', async () => {
      const phone = mobile();
      await createUser(phone);
      // Counted per minute window: do not start right before one ends. The user is made first:
      // hashing its password is the slow part, and must not eat into the margin.
      const left = 60_000 - (Date.now() % 60_000);
      if (left < 10_000) await new Promise((r) => setTimeout(r, left + 200));
      const post = (password: string) =>
        request(throttled.getHttpServer()).post(`${base}/auth/login`).send({ phone, password });
      for (let i = 0; i < 4; i++) expect((await post(`Wrong-Password-${i}`)).status).toBeLessThan(429);
      expect((await post(PASSWORD)).status).toBe(423); // the account locked after 3; still under the address limit
      const over = await post(PASSWORD);
      expect(over.status).toBe(429);
      expect(over.body).toMatchObject({ code: 'IDENTITY.TOO_MANY_ATTEMPTS', retryAfter: expect.any(Number) });
      expect(over.body.retryAfter).toBeGreaterThanOrEqual(1);
      expect(over.body.retryAfter).toBeLessThanOrEqual(60);
      expect(over.headers['retry-after']).toBe(String(over.body.retryAfter));
      const client = await request(throttled.getHttpServer())
        .post(`${base}/auth/token`)
        .send({ grant_type: 'client_credentials', client_id: 'svc_x', client_secret: 'y' });
      expect(client.status).toBe(429);
    });

    it('counts IPv4 addresses as they are and IPv6 by /64', () => {
      expect(clientKey('::ffff:10.1.2.3')).toBe('10.1.2.3');
      expect(clientKey('10.1.2.3')).toBe('10.1.2.3');
      expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:0db8:0001:0002::/64');
      expect(clientKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:0db8:0001:0002::/64');
      expect(clientKey('2001:db8::1')).toBe('2001:0db8:0000:0000::/64');
      expect(clientKey('::1')).toBe('0000:0000:0000:0000::/64');
      expect(clientKey(undefined)).toBe('unknown');
    });
  });
});

describe('bootstrap administrator (real PostgreSQL, NATS, Redis)', () => {
  let env: TestEnvironment;
  const phone = mobile();
  const settings = {
    BOOTSTRAP_ADMIN_PHONE: phone,
    BOOTSTRAP_ADMIN_PASSWORD: PASSWORD,
    BOOTSTRAP_ADMIN_REGION: '43',
  };
  const query = <T extends object>(sql: string, params: unknown[] = []) =>
    env.databases.identity.pool.query<T>(sql, params).then((r) => r.rows);
  const buildIdentity = (overrides: Record<string, string>) =>
    buildIdentityApp(env, { ...LOGIN_SETTINGS, ...overrides });
  const snapshot = async () =>
    (
      await query<Record<string, number>>(
        `SELECT (SELECT count(*) FROM account)::int AS accounts,
                (SELECT count(*) FROM role_grant WHERE role = 'province_admin' AND revoked_at IS NULL)::int AS admins,
                (SELECT count(*) FROM signing_key WHERE status = 'active')::int AS active_keys,
                (SELECT count(*) FROM signing_key WHERE status = 'next')::int AS next_keys,
                (SELECT count(*) FROM outbox_event)::int AS events,
                (SELECT count(*) FROM audit_entry WHERE action = 'grant.created')::int AS grant_audits`,
      )
    )[0];

  beforeAll(async () => {
    env = await createTestEnvironment(['identity']);
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('refuses to start with only some of the BOOTSTRAP_ADMIN_* settings, naming the missing ones', async () => {
    const app = await buildIdentity({ BOOTSTRAP_ADMIN_PHONE: phone });
    try {
      await expect(app.init()).rejects.toThrow(
        /BOOTSTRAP_ADMIN_PHONE is set, BOOTSTRAP_ADMIN_PASSWORD, BOOTSTRAP_ADMIN_REGION missing/,
      );
    } finally {
      await app.close();
    }
    expect((await snapshot()).accounts).toBe(0);
  });

  it('refuses to start with a bootstrap password the policy refuses, naming the settings', async () => {
    const app = await buildIdentity({ ...settings, BOOTSTRAP_ADMIN_PASSWORD: 'lowercaseonly' });
    try {
      await expect(app.init()).rejects.toThrow(/BOOTSTRAP_ADMIN_\* refused \(IDENTITY.WEAK_PASSWORD\)/);
    } finally {
      await app.close();
    }
    expect((await snapshot()).accounts).toBe(0);
  });

  it('two API instances starting together create exactly one admin (and one active key)', async () => {
    const apps = await Promise.all([buildIdentity(settings), buildIdentity(settings)]);
    try {
      await Promise.all(apps.map((a) => a.init()));
      expect(await snapshot()).toEqual({
        accounts: 1,
        admins: 1,
        active_keys: 1,
        next_keys: 1,
        events: 2, // account.created + grant.created
        grant_audits: 1,
      });
      const [grant] = await query<{ region_code: string; granted_by: string | null }>(
        "SELECT region_code, granted_by FROM role_grant WHERE role = 'province_admin'",
      );
      expect(grant).toEqual({ region_code: '43', granted_by: null });
      const subjects = await query<{ subject: string }>('SELECT subject FROM outbox_event ORDER BY subject');
      expect(subjects.map((s) => s.subject)).toEqual([
        'identity.account.created.v1',
        'identity.grant.created.v1',
      ]);

      const res = await request(apps[1].getHttpServer())
        .post(`${base}/auth/login`)
        .send({ phone, password: PASSWORD });
      expect(res.status).toBe(200);
      expect(claimsOf(res.body.accessToken).grants).toEqual([{ role: 'province_admin', region: '43' }]);
    } finally {
      await Promise.all(apps.map((a) => a.close()));
    }
  });

  it('a later start does nothing', async () => {
    const before = await snapshot();
    const app = await startIdentityOn(env, { ...LOGIN_SETTINGS, ...settings });
    try {
      expect(await snapshot()).toEqual(before);
    } finally {
      await app.close();
    }
  });
});
