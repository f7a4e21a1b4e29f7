import { Controller, Get, Param } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Writable } from 'node:stream';
import request from 'supertest';
import {
  correlationMiddleware,
  createLogger,
  PinoNestLogger,
  ProblemDetailsFilter,
  requestLogger,
} from '@wushe/platform';

// What an operator has to go on when a request fails with a 500: the log line of the error must
// say what broke, where and in which request and trace; the request lines must not leak a token
// passed in the query string.

const lines: string[] = [];
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});
const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

class LedgerUnavailable extends Error {
  constructor() {
    super('connect ECONNREFUSED 10.0.0.7:5432', {
      cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    });
    this.name = 'LedgerUnavailable';
    Object.assign(this, { detail: 'Key (name)=(欧阳明) already exists.' });
  }
}

@Controller('probe')
class ProbeController {
  @Get('recipients/:id')
  async boom(@Param('id') _id: string) {
    await Promise.resolve();
    throw new LedgerUnavailable();
  }

  @Get('thrown-object')
  thrownObject() {
    throw { status: 'odd', message: 'a plain object' };
  }

  @Get('ok')
  ok() {
    return { ok: true };
  }
}

describe('error and request logs', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    const logger = createLogger('probe', 'info', capture);
    const moduleRef = await Test.createTestingModule({ controllers: [ProbeController] }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger: new PinoNestLogger(logger) });
    app.use(correlationMiddleware);
    app.use(requestLogger(logger));
    app.useGlobalFilters(new ProblemDetailsFilter());
    app.setGlobalPrefix('api/v1/test'); // as createHttpApp does: the route template includes it
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  beforeEach(() => {
    lines.length = 0;
  });

  const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

  it('logs an unhandled error with its name, message, stack, cause, route, correlation and trace ids', async () => {
    const res = await request(app.getHttpServer())
      .get('/api/v1/test/probe/recipients/01a23787-55e4-775f-b47c-0772902bcda1')
      .set('X-Correlation-Id', 'corr-500-probe')
      .set('traceparent', `00-${TRACE_ID}-00f067aa0ba902b7-01`);
    expect(res.status).toBe(500);

    const errorLine = logged().find((l) => l.msg === 'Unhandled error');
    expect(errorLine).toMatchObject({
      level: 'error',
      context: 'ProblemDetails',
      route: 'GET /api/v1/test/probe/recipients/:id',
      correlationId: 'corr-500-probe',
      traceId: TRACE_ID,
      err: {
        type: 'LedgerUnavailable',
        message: 'connect ECONNREFUSED 10.0.0.7:5432',
        stack: expect.stringMatching(/^\s+at .*error-logging\.spec\.ts/),
        cause: { type: 'Error', message: 'socket hang up', code: 'ECONNRESET' },
      },
    });
    // No "[object Object]", and none of the error's other properties (a row, a query) in the log.
    const all = lines.join('\n');
    expect(all).not.toContain('[object Object]');
    expect(all).not.toContain('欧阳明');
  });

  it('names what was thrown when it is not an Error', async () => {
    expect((await request(app.getHttpServer()).get('/api/v1/test/probe/thrown-object')).status).toBe(500);
    expect(logged().find((l) => l.msg === 'Unhandled error')).toMatchObject({
      route: 'GET /api/v1/test/probe/thrown-object',
      err: { type: 'NonError', message: 'a plain object' },
    });
  });

  it('redacts credentials in the query string of request logs, and keeps the rest', async () => {
    const query =
      'access_token=tok-AAA&region=430703&Code=code-BBB&X-Amz-Signature=sig-CCC&client_secret=sec-DDD&apiKey=key-EEE&PASSWORD=pw-FFF&regionCode=4307';
    const res = await request(app.getHttpServer())
      .get(`/api/v1/test/probe/ok?${query}`)
      .set('Referer', 'https://app.example/callback?code=code-GGG&state=s1');
    expect(res.status).toBe(200);
    const requestLine = logged().find((l) => l.msg === 'request completed') as {
      req: { url: string; query: unknown; headers: { referer: string } };
    };
    expect(requestLine.req.headers.referer).toBe('https://app.example/callback?code=[redacted]&state=s1');
    expect(requestLine.req.url).toBe(
      '/api/v1/test/probe/ok?access_token=[redacted]&region=430703&Code=[redacted]&X-Amz-Signature=[redacted]&client_secret=[redacted]&apiKey=[redacted]&PASSWORD=[redacted]&regionCode=4307',
    );
    expect(requestLine.req.query).toEqual({
      access_token: '[redacted]',
      region: '430703',
      Code: '[redacted]',
      'X-Amz-Signature': '[redacted]',
      client_secret: '[redacted]',
      apiKey: '[redacted]',
      PASSWORD: '[redacted]',
      regionCode: '4307',
    });
    const all = lines.join('\n');
    for (const secret of ['tok-AAA', 'code-BBB', 'sig-CCC', 'sec-DDD', 'key-EEE', 'pw-FFF', 'code-GGG'])
      expect(all).not.toContain(secret);
  });

  it('puts the accepted correlation id on the request line, not a forged one', async () => {
    await request(app.getHttpServer())
      .get('/api/v1/test/probe/ok')
      .set('X-Correlation-Id', 'bad id with spaces');
    const requestLine = logged().find((l) => l.msg === 'request completed');
    expect(requestLine?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
