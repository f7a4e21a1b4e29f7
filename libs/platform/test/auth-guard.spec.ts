import { Controller, Get, INestApplication, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import {
  AuthGuard,
  CurrentPrincipal,
  Principal,
  ProblemDetailsFilter,
  Public,
  RequireRoles,
  TokenVerifier,
} from '@wushe/platform';
import { BAD_TOKENS, BadToken, GRANTS, tokenKit, TokenKit } from './support/tokens';

@Controller()
class ProbeController {
  @Get('me')
  me(@CurrentPrincipal() principal: Principal) {
    return principal;
  }

  @Public()
  @Get('open')
  open() {
    return { open: true };
  }

  @RequireRoles('province_admin', 'auditor')
  @Get('admin')
  admin() {
    return { admin: true };
  }
}

@Public()
@Controller('public-class')
class PublicController {
  @Get()
  get() {
    return { open: true };
  }
}

describe('AuthGuard over HTTP', () => {
  let kit: TokenKit;
  let app: INestApplication;

  beforeAll(async () => {
    kit = await tokenKit();
    @Module({
      controllers: [ProbeController, PublicController],
      providers: [
        { provide: TokenVerifier, useValue: new TokenVerifier(kit.options) },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    })
    class ProbeModule {}
    const moduleRef = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  const get = (path: string, authorization?: string) => {
    const req = request(app.getHttpServer()).get(path);
    return authorization === undefined ? req : req.set('Authorization', authorization);
  };

  function expectUnauthenticated(res: request.Response, instance = '/me') {
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 401, code: 'COMMON.UNAUTHENTICATED', instance });
    expect(res.body.title).toEqual(expect.any(String));
    expect(res.body.titleZh).toEqual(expect.any(String));
  }

  it('a valid token reaches the handler with its principal and grants', async () => {
    const res = await get('/me', `Bearer ${kit.valid}`);
    // RFC 7235: the scheme name is case-insensitive.
    expect((await get('/me', `bearer ${kit.valid}`)).status).toBe(200);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ subject: 'u-1', kind: 'user', grants: GRANTS });
  });

  it.each<BadToken>(['expired', ...BAD_TOKENS])('token case "%s" gets 401 problem details', async (name) => {
    expectUnauthenticated(await get('/me', `Bearer ${kit.bad[name]}`));
  });

  it('an expired token says so', async () => {
    expect((await get('/me', `Bearer ${kit.bad.expired}`)).body.reason).toBe('expired');
  });

  it.each([
    ['no Authorization header', undefined],
    ['empty header', ''],
    ['scheme only', 'Bearer'],
    ['scheme and space', 'Bearer '],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['token without scheme', 'TOKEN'],
    ['two tokens', 'Bearer aaa.bbb.ccc ddd.eee.fff'],
    ['characters outside the token alphabet', 'Bearer abc.d"f.ghi'],
  ])('%s gets 401 problem details', async (_name, header) => {
    const res = await get('/me', header);
    expectUnauthenticated(res);
    expect(res.body.reason).toBe('missing bearer token');
  });

  it('a valid token behind the wrong scheme is still refused', async () => {
    expectUnauthenticated(await get('/me', `Basic ${kit.valid}`));
    expectUnauthenticated(await get('/me', kit.valid));
  });

  it('@Public() routes and controllers work without a token (and with a bad one)', async () => {
    expect((await get('/open')).status).toBe(200);
    expect((await get('/open')).body).toEqual({ open: true });
    expect((await get('/open', 'Bearer garbage')).status).toBe(200);
    expect((await get('/public-class')).status).toBe(200);
  });

  it('@RequireRoles refuses a caller without the role with 403 COMMON.FORBIDDEN', async () => {
    const res = await get('/admin', `Bearer ${kit.valid}`);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 403, code: 'COMMON.FORBIDDEN' });
  });

  it('@RequireRoles lets a holder of one of the roles in, and still needs a token', async () => {
    const auditor = await kit.issue('a-1', [{ role: 'auditor', region: '43' }]);
    const res = await get('/admin', `Bearer ${auditor}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ admin: true });
    expectUnauthenticated(await get('/admin'), '/admin');
  });
});
