import { Body, Controller, Get, NotFoundException, Post, Query } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { z } from 'zod';
import { ProblemDetailsFilter, ZodPipe, defineErrors, pageQuerySchema } from '@wushe/platform';

const SECRET = 'password=hunter2 at /srv/cases/src/secret-module.ts:42';
const CasesErrors = defineErrors('CASES', {
  RECIPIENT_DUPLICATE_ID: {
    status: 409,
    zh: '该身份证号已登记',
    en: 'A recipient with this ID number exists',
  },
  PLAN_LOCKED: { status: 409, zh: '计划已锁定', en: 'The plan is locked' },
});
const bodySchema = z.object({ field: z.string().min(1), nested: z.object({ n: z.number().int() }) });

@Controller()
class ProbeController {
  @Post('echo')
  echo(@Body(new ZodPipe(bodySchema)) body: z.infer<typeof bodySchema>) {
    return body;
  }

  @Get('list')
  list(@Query(new ZodPipe(pageQuerySchema, 'query')) query: unknown) {
    return query;
  }

  @Get('domain')
  domain() {
    throw CasesErrors.RECIPIENT_DUPLICATE_ID({ existingId: 'r-1' });
  }

  @Get('domain-with-clashing-details')
  clashing() {
    // A detail named like a problem member must not overwrite it.
    throw CasesErrors.PLAN_LOCKED({ status: 'closed', code: 'x', type: 'household', title: 'mine' });
  }

  @Get('boom')
  boom() {
    throw new Error(`connect ECONNREFUSED ${SECRET}`);
  }

  @Get('boom-async')
  async boomAsync() {
    await Promise.resolve();
    throw Object.assign(new TypeError(SECRET), { query: `SELECT * FROM recipient -- ${SECRET}` });
  }

  @Get('gone')
  gone() {
    throw new NotFoundException(`no row ${SECRET}`);
  }
}

describe('ProblemDetailsFilter', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [ProbeController] }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
    app.useBodyParser('json', { limit: '1kb' });
    app.useGlobalFilters(new ProblemDetailsFilter());
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  const http = () => request(app.getHttpServer());
  const postJson = (path: string, raw: string, contentType = 'application/json') =>
    http().post(path).set('Content-Type', contentType).send(raw);

  function expectProblem(res: request.Response, status: number, code: string) {
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, code, type: expect.stringMatching(/^https:\/\//) });
    expect(res.body.title).toEqual(expect.any(String));
    expect(res.body.titleZh).toEqual(expect.any(String));
  }

  it('passes valid requests through untouched', async () => {
    const res = await postJson('/echo', JSON.stringify({ field: 'x', nested: { n: 1 } }));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ field: 'x', nested: { n: 1 } });
  });

  it.each(['{"field":', 'nope', '{"field":"x",}', '{field:"x"}', '"just a string"', '{"a":1}}'])(
    'malformed JSON %s → 400 COMMON.MALFORMED_JSON without echoing the parser',
    async (raw) => {
      const res = await postJson('/echo', raw);
      expectProblem(res, 400, 'COMMON.MALFORMED_JSON');
      expect(res.body.title).toBe('The request body is not valid JSON');
      expect(res.body.instance).toBe('/echo');
    },
  );

  it('an oversized body → 413 COMMON.PAYLOAD_TOO_LARGE', async () => {
    const res = await postJson('/echo', JSON.stringify({ field: 'x'.repeat(2048), nested: { n: 1 } }));
    expectProblem(res, 413, 'COMMON.PAYLOAD_TOO_LARGE');
  });

  it('an unsupported charset → 415 COMMON.UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await postJson('/echo', '{"field":"x"}', 'application/json; charset=klingon');
    expectProblem(res, 415, 'COMMON.UNSUPPORTED_MEDIA_TYPE');
  });

  it('an unknown route → 404 COMMON.NOT_FOUND', async () => {
    const res = await http().get('/no/such/route?x=1');
    expectProblem(res, 404, 'COMMON.NOT_FOUND');
    expect(res.body.instance).toBe('/no/such/route');
  });

  it('a NotFoundException keeps 404 COMMON.NOT_FOUND and drops its message', async () => {
    const res = await http().get('/gone');
    expectProblem(res, 404, 'COMMON.NOT_FOUND');
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
  });

  it('a DomainError keeps its code, status, bilingual titles and details', async () => {
    const res = await http().get('/domain');
    expectProblem(res, 409, 'CASES.RECIPIENT_DUPLICATE_ID');
    expect(res.body).toEqual({
      type: 'https://wushe.dev/problems/cases-recipient-duplicate-id',
      title: 'A recipient with this ID number exists',
      titleZh: '该身份证号已登记',
      detail: 'A recipient with this ID number exists',
      status: 409,
      code: 'CASES.RECIPIENT_DUPLICATE_ID',
      instance: '/domain',
      existingId: 'r-1',
    });
  });

  it('details cannot overwrite the problem members', async () => {
    const res = await http().get('/domain-with-clashing-details');
    expectProblem(res, 409, 'CASES.PLAN_LOCKED');
    expect(res.body).toMatchObject({
      title: 'The plan is locked',
      type: 'https://wushe.dev/problems/cases-plan-locked',
    });
  });

  it.each(['/boom', '/boom-async'])(
    'an unexpected error at %s → 500 COMMON.INTERNAL, nothing leaked',
    async (path) => {
      const res = await http().get(path);
      expectProblem(res, 500, 'COMMON.INTERNAL');
      const text = JSON.stringify(res.body);
      for (const leak of ['hunter2', 'ECONNREFUSED', 'secret-module', 'SELECT', 'stack', 'at /'])
        expect(text).not.toContain(leak);
      expect(Object.keys(res.body).sort()).toEqual([
        'code',
        'detail',
        'instance',
        'status',
        'title',
        'titleZh',
        'type',
      ]);
    },
  );

  it('a ZodPipe failure → 400 COMMON.VALIDATION_FAILED with a path per issue', async () => {
    const res = await postJson('/echo', JSON.stringify({ field: '', nested: { n: 1.5 } }));
    expectProblem(res, 400, 'COMMON.VALIDATION_FAILED');
    const paths = (res.body.errors as Array<{ path: string }>).map((e) => e.path).sort();
    expect(paths).toEqual(['body.field', 'body.nested.n']);
    for (const issue of res.body.errors)
      expect(issue).toEqual({
        path: expect.any(String),
        code: expect.any(String),
        message: expect.any(String),
        messageZh: expect.any(String),
      });
  });

  it('a missing body fails validation rather than crashing', async () => {
    const res = await http().post('/echo');
    expectProblem(res, 400, 'COMMON.VALIDATION_FAILED');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['body']);
  });

  it('query validation names the query parameter', async () => {
    const res = await http().get('/list?limit=500');
    expectProblem(res, 400, 'COMMON.VALIDATION_FAILED');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'query.limit', code: 'too_big' })]);
    expect((await http().get('/list?limit=5')).body).toEqual({ limit: 5 });
  });
});
