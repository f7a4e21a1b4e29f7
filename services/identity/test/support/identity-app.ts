import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadServiceConfig } from '@wushe/config';
import { createHttpApp } from '@wushe/platform';
import { createTestEnvironment, TestEnvironment } from '@wushe/testing';
import pino from 'pino';
import type { Pool } from 'pg';
import { IdentityModule } from '../../src/identity.module';
import { identityEnvSchema } from '../../src/settings/identity-settings';

export interface IdentityTestApp {
  env: TestEnvironment;
  app: NestExpressApplication;
  db: Pool;
  close(): Promise<void>;
}

/** The identity API in-process, on this run's own schema, NATS prefix and Redis prefix. */
export async function startIdentityApp(overrides: Record<string, string> = {}): Promise<IdentityTestApp> {
  const env = await createTestEnvironment(['identity']);
  const config = loadServiceConfig('identity', 'api', env.envFor('identity', overrides), identityEnvSchema);
  const logger = pino({ level: 'silent' });
  const app = await createHttpApp(IdentityModule.forRoot(config, logger, 'api'), config, logger);
  await app.init();
  return {
    env,
    app,
    db: env.databases.identity.pool,
    close: async () => {
      await app.close();
      await env.teardown();
    },
  };
}

/** Inserts current regions (code → name) with their parents inferred from the code. */
export async function seedRegions(db: Pool, regions: Record<string, string>): Promise<void> {
  const levels: Record<number, [string, number | null]> = {
    2: ['province', null],
    4: ['city', 2],
    6: ['county', 4],
    9: ['township', 6],
    12: ['village', 9],
  };
  for (const [code, name] of Object.entries(regions)) {
    const [level, parentLength] = levels[code.length];
    await db.query(
      `INSERT INTO region (code, name, level, parent_code, valid_from) VALUES ($1, $2, $3, $4, '2023-01-01')
       ON CONFLICT (code) DO NOTHING`,
      [code, name, level, parentLength ? code.slice(0, parentLength) : null],
    );
  }
}

/** An account row made directly (account creation itself is tested with the accounts module). */
export async function seedAccount(db: Pool, id: string, displayName = 'test'): Promise<string> {
  await db.query(`INSERT INTO account (id, kind, display_name, secret_hash) VALUES ($1, 'user', $2, 'x')`, [
    id,
    displayName,
  ]);
  return id;
}
