import { deleteTestKeys, TEST_REDIS_URL } from './test-redis';
import { createTestDatabase, TestDatabase } from './test-database';
import { deleteTestStreams, TEST_NATS_URL } from './test-nats';
import { newRunId } from './run-id';
import { TestAuthority } from './test-authority';

export interface TestEnvironment {
  runId: string;
  databases: Record<string, TestDatabase>;
  authority: TestAuthority;
  /** Environment for loadConfig(): this run's schema, NATS prefix and Redis prefix. */
  envFor(service: string, overrides?: Record<string, string>): NodeJS.ProcessEnv;
  teardown(): Promise<void>;
}

/**
 * Everything one test file needs to run against the real PostgreSQL, NATS and Redis without
 * seeing any other run: its own schemas, stream/subject prefix and key prefix, removed afterwards.
 */
export async function createTestEnvironment(services: string[]): Promise<TestEnvironment> {
  const runId = newRunId();
  const databases: Record<string, TestDatabase> = {};
  for (const service of services) databases[service] = await createTestDatabase(service, runId);
  const authority = await TestAuthority.create();
  return {
    runId,
    databases,
    authority,
    envFor: (service, overrides = {}) => ({
      NODE_ENV: 'test',
      DATABASE_URL: databases[service]?.url,
      DATABASE_SCHEMA: databases[service]?.schema,
      NATS_URL: TEST_NATS_URL,
      NATS_PREFIX: runId,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: runId,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      AUTH_JWKS: authority.jwks,
      OUTBOX_POLL_MS: '200',
      INBOX_BACKOFF_MS: '100',
      INBOX_MAX_DELIVERIES: '3',
      ...overrides,
    }),
    teardown: async () => {
      await Promise.all(Object.values(databases).map((db) => db.drop()));
      await deleteTestStreams(runId);
      await deleteTestKeys(runId);
    },
  };
}
