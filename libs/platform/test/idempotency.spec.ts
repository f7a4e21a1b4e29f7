import { Body, Controller, Get, INestApplication, Module, Post } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import {
  AuthGuard,
  CommonErrors,
  IdempotencyInterceptor,
  NotReplayable,
  PG_POOL,
  ProblemDetailsFilter,
  TokenVerifier,
} from '@wushe/platform';
import {
  createTestDatabase,
  newRunId,
  TEST_AUDIENCE,
  TEST_ISSUER,
  TestAuthority,
  TestDatabase,
} from '@wushe/testing';

/** What the handlers did, so a test can tell a replay from a second execution. */
const handler = { executions: 0, delayMs: 0, failNext: false };

@Controller()
class ThingsController {
  @Post('things')
  async create(@Body() body: { name?: string }) {
    handler.executions++;
    if (handler.delayMs) await new Promise((r) => setTimeout(r, handler.delayMs));
    if (handler.failNext) {
      handler.failNext = false;
      throw new Error('database hiccup');
    }
    return { id: randomUUID(), name: body?.name ?? null, execution: handler.executions };
  }

  @Post('others')
  other() {
    handler.executions++;
    return { other: true };
  }

  @Post('secrets')
  @NotReplayable('the response carries a secret')
  secret() {
    handler.executions++;
    return { secret: randomUUID() };
  }

  @Get('things')
  list() {
    handler.executions++;
    return [];
  }
}

describe('IdempotencyInterceptor (real PostgreSQL)', () => {
  const runId = newRunId();
  let db: TestDatabase;
  let app: INestApplication;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    db = await createTestDatabase('cases', runId);
    const authority = await TestAuthority.create();
    alice = await authority.token('alice', [{ role: 'point_worker', region: '430703100' }]);
    bob = await authority.token('bob', [{ role: 'point_worker', region: '430703100' }]);
    @Module({
      controllers: [ThingsController],
      providers: [
        { provide: PG_POOL, useValue: db.pool },
        {
          provide: TokenVerifier,
          useValue: new TokenVerifier({ issuer: TEST_ISSUER, audience: TEST_AUDIENCE, jwks: authority.jwks }),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    })
    class ThingsModule {}
    const moduleRef = await Test.createTestingModule({ imports: [ThingsModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  beforeEach(() => Object.assign(handler, { executions: 0, delayMs: 0, failNext: false }));

  const post = (path: string, token: string, body: object, key?: string) => {
    const req = request(app.getHttpServer()).post(path).set('Authorization', `Bearer ${token}`).send(body);
    return key === undefined ? req : req.set('Idempotency-Key', key);
  };
  const newKey = () => `key-${randomUUID()}`;
  const records = async (key?: string) =>
    (
      await db.pool.query<{ principal: string; status: number; body: unknown }>(
        'SELECT principal, status, body FROM idempotency_record WHERE $1::text IS NULL OR key = $1 ORDER BY principal',
        [key ?? null],
      )
    ).rows;

  it('runs a retried request once and replays the first response', async () => {
    const key = newKey();
    const first = await post('/things', alice, { name: 'well' }, key);
    const second = await post('/things', alice, { name: 'well' }, key);
    expect(handler.executions).toBe(1);
    expect(first.status).toBe(201);
    expect(first.headers['idempotency-replayed']).toBeUndefined();
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotency-replayed']).toBe('true');
    expect(await records(key)).toEqual([{ principal: 'alice', status: 201, body: first.body }]);
  });

  it('refuses the same key with a different body, or on another route, with 422 COMMON.IDEMPOTENCY_KEY_REUSED', async () => {
    const key = newKey();
    expect((await post('/things', alice, { name: 'well' }, key)).status).toBe(201);
    for (const res of [
      await post('/things', alice, { name: 'pump' }, key),
      await post('/others', alice, { name: 'well' }, key),
    ]) {
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('COMMON.IDEMPOTENCY_KEY_REUSED');
    }
    expect(handler.executions).toBe(1);
  });

  it('lets one of two concurrent requests run; the other gets 409 COMMON.IDEMPOTENCY_IN_PROGRESS', async () => {
    const key = newKey();
    handler.delayMs = 500;
    const [a, b] = await Promise.all([
      post('/things', alice, { name: 'x' }, key),
      post('/things', alice, { name: 'x' }, key),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const conflict = a.status === 409 ? a : b;
    expect(conflict.body.code).toBe('COMMON.IDEMPOTENCY_IN_PROGRESS');
    expect(handler.executions).toBe(1);
    // Once the first is done, the retry gets its response.
    const winner = a.status === 201 ? a : b;
    const retry = await post('/things', alice, { name: 'x' }, key);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(winner.body);
    expect(handler.executions).toBe(1);
  });

  it('releases the key when the handler fails, so a retry runs the handler', async () => {
    const key = newKey();
    handler.failNext = true;
    const failed = await post('/things', alice, { name: 'x' }, key);
    expect(failed.status).toBe(500);
    expect(failed.body.code).toBe('COMMON.INTERNAL');
    expect(await records(key)).toEqual([]);
    const retry = await post('/things', alice, { name: 'x' }, key);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotency-replayed']).toBeUndefined();
    expect(retry.body.execution).toBe(2);
    expect(handler.executions).toBe(2);
  });

  it.each([
    ['too short', 'abc'],
    ['too long', 'k'.repeat(201)],
    ['a space', 'has a space'],
    ['a slash', 'abc/defgh'],
    ['non-ASCII letters', 'clé-clé-clé'],
  ])('refuses a key with %s with 400 and never runs the handler', async (_name, key) => {
    const res = await post('/things', alice, { name: 'x' }, key);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('COMMON.VALIDATION_FAILED');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'header.idempotency-key' })]);
    expect(handler.executions).toBe(0);
  });

  it('a reservation its request could not release (the database went away mid-request) answers 409 for a minute, then a retry takes it over', async () => {
    // What a failed release leaves behind: the key reserved, in progress, by the same request.
    const key = newKey();
    expect((await post('/things', alice, { name: 'well' }, key)).status).toBe(201);
    await db.pool.query(
      `UPDATE idempotency_record SET status = 0, body = 'null', created_at = now() - interval '30 seconds' WHERE key = $1`,
      [key],
    );
    handler.executions = 0;
    const recent = await post('/things', alice, { name: 'well' }, key);
    expect({ status: recent.status, code: recent.body.code }).toEqual({
      status: 409,
      code: 'COMMON.IDEMPOTENCY_IN_PROGRESS',
    });
    // A different body under the key is still refused, abandoned or not.
    await db.pool.query(
      `UPDATE idempotency_record SET created_at = now() - interval '2 minutes' WHERE key = $1`,
      [key],
    );
    expect((await post('/things', alice, { name: 'pump' }, key)).status).toBe(422);
    const retry = await post('/things', alice, { name: 'well' }, key);
    expect(retry.status).toBe(201);
    expect(handler.executions).toBe(1);
    expect(await records(key)).toEqual([{ principal: 'alice', status: 201, body: retry.body }]);
  });

  it('accepts keys at the bounds of the format', async () => {
    for (const key of [`a${randomUUID().slice(0, 7)}`, `${randomUUID()}:${'k'.repeat(163)}`]) {
      expect(key.length === 8 || key.length === 200).toBe(true);
      expect((await post('/things', alice, {}, key)).status).toBe(201);
    }
    expect(handler.executions).toBe(2);
  });

  it('keeps keys per principal: the same key from two callers runs twice', async () => {
    const key = newKey();
    const fromAlice = await post('/things', alice, { name: 'x' }, key);
    const fromBob = await post('/things', bob, { name: 'x' }, key);
    expect([fromAlice.status, fromBob.status]).toEqual([201, 201]);
    expect(fromBob.headers['idempotency-replayed']).toBeUndefined();
    expect(fromBob.body.id).not.toBe(fromAlice.body.id);
    expect(handler.executions).toBe(2);
    expect((await records(key)).map((r) => r.principal)).toEqual(['alice', 'bob']);
  });

  it('writes nothing and replays nothing without the header, or for other methods', async () => {
    const before = (await records()).length;
    const one = await post('/things', alice, { name: 'x' });
    const two = await post('/things', alice, { name: 'x' });
    expect(two.body.id).not.toBe(one.body.id);
    const key = newKey();
    await request(app.getHttpServer())
      .get('/things')
      .set('Authorization', `Bearer ${alice}`)
      .set('Idempotency-Key', key);
    expect(handler.executions).toBe(3);
    expect((await records()).length).toBe(before);
  });

  it('never stores a route marked NotReplayable: the key is ignored and the request runs again', async () => {
    const key = newKey();
    const first = await post('/secrets', alice, {}, key);
    const second = await post('/secrets', alice, {}, key);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.secret).not.toBe(first.body.secret);
    expect(handler.executions).toBe(2);
    expect(await records(key)).toEqual([]);
  });

  it('still answers unauthenticated callers before touching the store', async () => {
    const key = newKey();
    const res = await request(app.getHttpServer()).post('/things').set('Idempotency-Key', key).send({});
    expect(res.status).toBe(401);
    expect(res.body.code).toBe(CommonErrors.UNAUTHENTICATED().code);
    expect(await records(key)).toEqual([]);
  });
});
