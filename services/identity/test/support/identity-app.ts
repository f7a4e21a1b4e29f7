import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadServiceConfig } from '@wushe/config';
import { ensureStream, prefixedStream, prefixedSubject } from '@wushe/messaging';
import { apiPrefix, createHttpApp } from '@wushe/platform';
import { createTestEnvironment, TEST_NATS_URL, TestEnvironment, watchTeardown } from '@wushe/testing';
import { createServer } from 'node:net';
import pino from 'pino';
import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { IdentityModule } from '../../src/identity.module';
import { identityEnvSchema } from '../../src/settings/identity-settings';

export interface IdentityTestApp {
  env: TestEnvironment;
  app: NestExpressApplication;
  db: Pool;
  close(): Promise<void>;
}

export interface IdentityAppOptions {
  /** Create the streams of the services identity consumes from before it boots. */
  peerStreams?: boolean;
  /**
   * Listen on a local port and verify tokens through the app's own JWKS URL, as deployed
   * (AUTH_JWKS_URL), instead of trusting the run's test authority.
   */
  ownJwks?: boolean;
}

/** The identity API in-process, on this run's own schema, NATS prefix and Redis prefix. */
export async function startIdentityApp(
  overrides: Record<string, string> = {},
  options: IdentityAppOptions = {},
): Promise<IdentityTestApp> {
  const env = await createTestEnvironment(['identity']);
  if (options.peerStreams) await ensurePeerStreams(env);
  const app = await startIdentityOn(env, overrides, options);
  return {
    env,
    app,
    db: env.databases.identity.pool,
    close: async () => {
      await watchTeardown('identity app.close()', () => app.close());
      await watchTeardown('test environment teardown', () => env.teardown());
    },
  };
}

/**
 * Another identity API process on an existing run (its schema, NATS and Redis prefixes), started;
 * the caller closes it.
 */
export async function startIdentityOn(
  env: TestEnvironment,
  overrides: Record<string, string> = {},
  options: Pick<IdentityAppOptions, 'ownJwks'> = {},
): Promise<NestExpressApplication> {
  if (!options.ownJwks) {
    const app = await buildIdentityApp(env, overrides);
    await app.init();
    return app;
  }
  const port = await freePort();
  const app = await buildIdentityApp(env, {
    AUTH_JWKS: '',
    AUTH_JWKS_URL: `http://127.0.0.1:${port}/${apiPrefix('identity')}/.well-known/jwks.json`,
    ...overrides,
  });
  await app.listen(port, '127.0.0.1');
  return app;
}

/**
 * The identity API as `serveHttp` builds it (body limit, prefix, correlation), not initialised yet:
 * `init()` runs its startup work (signing keys, the bootstrap administrator) and may refuse.
 */
export async function buildIdentityApp(
  env: TestEnvironment,
  overrides: Record<string, string> = {},
): Promise<NestExpressApplication> {
  const config = loadServiceConfig('identity', 'api', env.envFor('identity', overrides), identityEnvSchema);
  const logger = pino({ level: 'silent' });
  return createHttpApp(IdentityModule.forRoot(config, logger, 'api'), config, logger);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * Identity consumes other services' streams (reminders); standing in for those services lets its
 * consumers attach at once instead of waiting for streams nobody creates here.
 */
async function ensurePeerStreams(env: TestEnvironment): Promise<void> {
  const nc = await connect({ servers: TEST_NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    for (const service of ['identity', 'cases', 'volunteers', 'funding'] as const) {
      await ensureStream(jsm, {
        name: prefixedStream(env.runId, service),
        subjects: [prefixedSubject(env.runId, `${service}.>`)],
        maxAgeDays: 365,
        description: 'test',
      });
    }
  } finally {
    await nc.close();
  }
}

const LEVEL: Record<number, string> = { 2: 'province', 4: 'city', 6: 'county', 9: 'township', 12: 'village' };
const PARENT: Record<number, number> = { 4: 2, 6: 4, 9: 6, 12: 9 };

/**
 * Inserts regions valid from 2023-01-01, current unless an end date is given, with their parents
 * inferred from the code; in batches, so a whole province's divisions go in quickly.
 */
export async function insertRegions(
  db: Pool,
  rows: Array<[code: string, name: string, validTo?: string]>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) {
    const batch = rows.slice(i, i + 5000);
    await db.query(
      `INSERT INTO region (code, name, level, parent_code, valid_from, valid_to)
       SELECT code, name, level, parent, '2023-01-01', valid_to
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[])
         AS u(code, name, level, parent, valid_to)
       ON CONFLICT (code) DO NOTHING`,
      [
        batch.map(([code]) => code),
        batch.map(([, name]) => name),
        batch.map(([code]) => LEVEL[code.length]),
        batch.map(([code]) => (PARENT[code.length] ? code.slice(0, PARENT[code.length]) : null)),
        batch.map(([, , validTo]) => validTo ?? null),
      ],
    );
  }
}

/** Inserts current regions (code → name) with their parents inferred from the code. */
export async function seedRegions(db: Pool, regions: Record<string, string>): Promise<void> {
  await insertRegions(db, Object.entries(regions));
}

/** An account row made directly (account creation itself is tested with the accounts module). */
export async function seedAccount(db: Pool, id: string, displayName = 'test'): Promise<string> {
  await db.query(`INSERT INTO account (id, kind, display_name, secret_hash) VALUES ($1, 'user', $2, 'x')`, [
    id,
    displayName,
  ]);
  return id;
}

/** An active grant made directly: an account that belongs to a region (granting itself is tested in grants.spec). */
export async function seedGrant(
  db: Pool,
  accountId: string,
  role: string,
  regionCode: string,
): Promise<void> {
  await db.query('INSERT INTO role_grant (id, account_id, role, region_code) VALUES ($1, $2, $3, $4)', [
    uuidv7(),
    accountId,
    role,
    regionCode,
  ]);
}
