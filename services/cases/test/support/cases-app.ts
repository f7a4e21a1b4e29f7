import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadServiceConfig } from '@wushe/config';
import { createHttpApp } from '@wushe/platform';
import { createTestEnvironment, TestEnvironment, watchTeardown } from '@wushe/testing';
import pino, { type Logger } from 'pino';
import type { Pool } from 'pg';
import { CasesModule } from '../../src/cases.module';
import { casesEnvSchema } from '../../src/settings/cases-settings';

export interface CasesTestApp {
  env: TestEnvironment;
  app: NestExpressApplication;
  db: Pool;
  close(): Promise<void>;
}

const silent = () => pino({ level: 'silent' });

/** The cases API in-process, on this run's own schema, NATS prefix and Redis prefix. */
export async function startCasesApp(
  overrides: Record<string, string> = {},
  logger: Logger = silent(),
): Promise<CasesTestApp> {
  const env = await createTestEnvironment(['cases']);
  const config = loadServiceConfig('cases', 'api', env.envFor('cases', overrides), casesEnvSchema);
  const app = await createHttpApp(CasesModule.forRoot(config, logger, 'api'), config, logger);
  await app.init();
  return {
    env,
    app,
    db: env.databases.cases.pool,
    close: async () => {
      await watchTeardown('cases app.close()', () => app.close());
      await watchTeardown('test environment teardown', () => env.teardown());
    },
  };
}

/**
 * A second Nest app with role 'worker' on the same schema and prefixes: the one that runs the
 * BullMQ jobs (roster import, monitoring reminders). Close it before the API app, whose close
 * drops the schema under it.
 */
export async function startCasesWorker(
  t: CasesTestApp,
  logger: Logger = silent(),
): Promise<NestExpressApplication> {
  const config = loadServiceConfig('cases', 'worker', t.env.envFor('cases'), casesEnvSchema);
  const worker = await createHttpApp(CasesModule.forRoot(config, logger, 'worker'), config, logger);
  await worker.init();
  return worker;
}
