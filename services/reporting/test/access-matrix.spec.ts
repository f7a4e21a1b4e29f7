import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadServiceConfig } from '@wushe/config';
import { buildOpenApiDocument, createHttpApp } from '@wushe/platform';
import {
  createTestEnvironment,
  describeBadInput,
  describeMatrix,
  OpenApiDocument,
  runAccessMatrix,
  runBadInputPass,
  matrixFailures,
  summarizeBadInput,
  TestEnvironment,
  watchTeardown,
} from '@wushe/testing';
import pino from 'pino';
import { ReportingModule } from '../src/reporting.module';

// The generated access matrix and bad-input pass over every route of the reporting API (see
// libs/testing's access-matrix). Reporting's routes name regions, not records: the callers ask
// for the figures of 鼎城区's 武陵镇 from there, a sibling township, the county and its villages.

let env: TestEnvironment;
let app: NestExpressApplication;
let document: OpenApiDocument;

beforeAll(async () => {
  env = await createTestEnvironment(['reporting']);
  const config = loadServiceConfig('reporting', 'api', env.envFor('reporting'));
  const logger = pino({ level: 'silent' });
  app = await createHttpApp(ReportingModule.forRoot(config, logger, 'api'), config, logger);
  await app.init();
  document = buildOpenApiDocument(app, 'reporting', '') as unknown as OpenApiDocument;
});

afterAll(async () => {
  if (app) await watchTeardown('reporting app.close()', () => app.close());
  if (env) await watchTeardown('test environment teardown', () => env.teardown());
});

describe('reporting: the generated access matrix', () => {
  it('answers every role in every region as the permission table and the scopes say: no leaks, no 5xx', async () => {
    const report = await runAccessMatrix({
      server: app.getHttpServer(),
      authority: env.authority,
      document,
      village: '430703100001',
      otherVillage: '430703100002',
      siblingTownship: '430703101',
      records: {},
    });
    console.log(describeMatrix('reporting', report));
    expect(report.routes).toBeGreaterThan(0);
    expect(matrixFailures(report)).toEqual({ leaks: [], serverErrors: [] });
  }, 600_000);

  it('answers the bad-input corpus on every route without a 5xx', async () => {
    const report = await runBadInputPass({
      server: app.getHttpServer(),
      authority: env.authority,
      document,
      province: '43',
      records: {},
    });
    console.log(describeBadInput('reporting', report));
    expect(summarizeBadInput(report.serverErrors)).toEqual([]);
  }, 600_000);
});
