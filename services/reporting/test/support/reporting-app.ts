import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadServiceConfig } from '@wushe/config';
import { createHttpApp } from '@wushe/platform';
import { createTestEnvironment, TestEnvironment, watchTeardown } from '@wushe/testing';
import pino from 'pino';
import { ReportingModule } from '../../src/reporting.module';

export interface ReportingSpec {
  readonly env: TestEnvironment;
  readonly app: NestExpressApplication;
}

/**
 * The reporting API in-process on this run's own schema and prefixes, started in beforeAll and
 * closed in afterAll; its parts are read lazily, inside hooks and tests.
 */
export function useReportingApp(): ReportingSpec {
  let env: TestEnvironment | undefined;
  let app: NestExpressApplication | undefined;
  beforeAll(async () => {
    env = await createTestEnvironment(['reporting']);
    const config = loadServiceConfig('reporting', 'api', env.envFor('reporting'));
    const logger = pino({ level: 'silent' });
    app = await createHttpApp(ReportingModule.forRoot(config, logger, 'api'), config, logger);
    await app.init();
  });
  afterAll(async () => {
    const [a, e] = [app, env];
    if (a) await watchTeardown('reporting app.close()', () => a.close());
    if (e) await watchTeardown('test environment teardown', () => e.teardown());
  });
  const started = <T>(part: T | undefined): T => {
    if (!part) throw new Error('the reporting app starts in beforeAll: use it inside a hook or a test');
    return part;
  };
  return {
    get env() {
      return started(env);
    },
    get app() {
      return started(app);
    },
  };
}
