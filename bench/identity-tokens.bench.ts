// Identity logins per second over HTTP and access-token verifications per second, each beside its raw baseline.
//
// One run measures, in one process on the same machine:
//   1. argon2 baseline: argon2id verify of a correct password (the parameters identity uses), with C
//      verifications in flight, as many as the HTTP phase has clients. What a login cannot beat.
//   2. logins: C concurrent HTTP clients (keep-alive) POST /api/v1/identity/auth/login against the
//      identity API running in this process (real PostgreSQL, NATS, Redis), cycling over U accounts.
//      Every answer must be 200. First request → last answer: logins/s, with latency p50/p99.
//   3. verification: one access token identity issued, verified V times by libs/platform's
//      TokenVerifier fed with the JWKS identity serves (what every service does per request), beside
//      jose's jwtVerify with the public key imported once (no JWKS lookup, no claims schema).
// Isolated like a test (createTestEnvironment: its own schema, NATS prefix and Redis prefix), removed
// at the end, also when the run fails or is interrupted.
import { performance } from 'node:perf_hooks';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { hash, verify } from '@node-rs/argon2';
import { loadServiceConfig } from '@wushe/config';
import { apiPrefix, correlationMiddleware, TokenVerifier } from '@wushe/platform';
import { createTestEnvironment, mobile, TestEnvironment } from '@wushe/testing';
import { importJWK, JWK, jwtVerify } from 'jose';
import pino from 'pino';
import {
  ARGON2_PARAMS,
  AccountRegistry,
  IdentityDb,
  IdentityModule,
  identityEnvSchema,
} from '@wushe/identity';
import { describeMachine, loadAverage, machineLine } from './support/machine';
import { cleanupOnSignal, printReport, runScenario } from './support/run';
import { percentile, round } from './support/stats';

const SCENARIO = 'identity-tokens';
const TARGET_VERIFICATIONS_PER_SEC = 20_000;
const PASSWORD = 'Bench-Password-2026';
const ISSUER = 'wushe-identity';
const AUDIENCE = 'wushe';

interface Params {
  clients: number;
  logins: number;
  users: number;
  verifications: number;
  verifyInFlight: number;
}

const USAGE = `usage: npm run bench -- ${SCENARIO} [--clients C] [--logins N] [--users U] [--verifications V]
  --clients C        concurrent HTTP login clients, and argon2 verifications in flight for the baseline (default 16)
  --logins N         logins (and baseline verifications) to run (default 600)
  --users U          accounts the logins cycle over (default 20)
  --verifications V  token verifications per verifier and mode (default 50000)
  --verify-in-flight K  verifications pending at once in the concurrent mode (default 64)`;

function parseParams(argv: string[]): Params {
  const params: Params = { clients: 16, logins: 600, users: 20, verifications: 50_000, verifyInFlight: 64 };
  const flags: Record<string, keyof Params> = {
    '--clients': 'clients',
    '--logins': 'logins',
    '--users': 'users',
    '--verifications': 'verifications',
    '--verify-in-flight': 'verifyInFlight',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    const key = flags[flag];
    const raw = inline ?? argv[++i];
    const value = Number(raw);
    if (!key || !Number.isInteger(value) || value <= 0) {
      console.error(`bad option ${argv[i - (inline ? 0 : 1)]} ${raw ?? ''}\n${USAGE}`);
      process.exit(2);
    }
    params[key] = value;
  }
  // More clients than accounts would put several logins of one account in flight at once, which the
  // lockout counts as failures until they succeed (see LoginRepository): not what this measures.
  if (params.users < params.clients) {
    console.error(`--users (${params.users}) must be at least --clients (${params.clients})\n${USAGE}`);
    process.exit(2);
  }
  return params;
}

/** Runs `total` tasks with `concurrency` in flight; returns tasks/s and per-task latencies (ms). */
async function saturate(total: number, concurrency: number, task: (i: number) => Promise<void>) {
  let next = 0;
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: total / seconds,
    seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/**
 * Verifies `count` times with `inFlight` verifications pending at once; returns verifications/s.
 * jose verifies on the libuv threadpool (promisified crypto.verify), so one at a time uses one
 * thread and pays a hand-off per token, while a server verifying concurrent requests uses the pool.
 */
async function verifyLoop(
  count: number,
  inFlight: number,
  verifyOnce: () => Promise<unknown>,
): Promise<number> {
  await saturate(Math.min(2000, count), inFlight, async () => void (await verifyOnce())); // warm-up
  return (await saturate(count, inFlight, async () => void (await verifyOnce()))).perSecond;
}

/** The identity API as the tests build it (body limit, prefix, correlation), listening on a free port. */
async function startIdentity(env: TestEnvironment): Promise<{ app: NestExpressApplication; url: string }> {
  const config = loadServiceConfig(
    'identity',
    'api',
    // The address limit is raised to its maximum: every client here is 127.0.0.1.
    env.envFor('identity', {
      LOGIN_IP_LIMIT_PER_MINUTE: '10000',
      LOG_LEVEL: 'silent',
      DATABASE_POOL_SIZE: '20',
    }),
    identityEnvSchema,
  );
  const moduleRef = await Test.createTestingModule({
    imports: [IdentityModule.forRoot(config, pino({ level: 'silent' }), 'api')],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  app.useBodyParser('json', {
    limit: config.http.bodyLimit,
    type: ['application/json', 'application/*+json'],
  });
  app.use(correlationMiddleware);
  app.setGlobalPrefix(apiPrefix('identity'), { exclude: ['health/live', 'health/ready', 'metrics'] });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${port}/${apiPrefix('identity')}` };
}

async function main(): Promise<void> {
  const params = parseParams(process.argv.slice(2));
  let env: TestEnvironment | undefined;
  let app: NestExpressApplication | undefined;
  const cleanup = cleanupOnSignal(async () => {
    await app?.close().catch((e) => console.error('app close failed:', e));
    await env?.teardown().catch((e) => console.error(`could not clean up ${env?.runId}:`, e));
  });

  try {
    const loadAtStart = loadAverage();
    env = await createTestEnvironment(['identity']);
    const started = await startIdentity(env);
    app = started.app;
    const machine = await describeMachine(env.databases.identity.pool, loadAtStart, {
      uvThreadpool: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
    });

    console.error(`[${SCENARIO}] run ${env.runId}: creating ${params.users} accounts…`);
    const registry = app.get(AccountRegistry);
    const phones: string[] = [];
    for (let i = 0; i < params.users; i++) {
      const phone = mobile();
      await app
        .get(IdentityDb)
        .$transaction((tx) =>
          registry.createUser(tx, { phone, password: PASSWORD, displayName: `bench ${i}`, createdBy: null }),
        );
      phones.push(phone);
    }

    console.error(
      `[${SCENARIO}] argon2 baseline: ${params.logins} verifications, ${params.clients} in flight…`,
    );
    const stored = await hash(PASSWORD, ARGON2_PARAMS);
    const argon = await saturate(params.logins, params.clients, async () => {
      if (!(await verify(stored, PASSWORD))) throw new Error('argon2 baseline: verify failed');
    });

    console.error(`[${SCENARIO}] logins over HTTP: ${params.logins}, ${params.clients} clients…`);
    let token = '';
    const logins = await saturate(params.logins, params.clients, async (i) => {
      const res = await fetch(`${started.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone: phones[i % phones.length], password: PASSWORD }),
      });
      const body = (await res.json()) as { accessToken?: string; code?: string };
      if (res.status !== 200 || !body.accessToken)
        throw new Error(`login ${i}: ${res.status} ${body.code ?? ''}`);
      token = body.accessToken;
    });

    console.error(`[${SCENARIO}] token verification: ${params.verifications} per verifier…`);
    const jwks = (await (await fetch(`${started.url}/.well-known/jwks.json`)).json()) as { keys: JWK[] };
    const verifier = new TokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks: JSON.stringify(jwks) });
    const kid = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).kid as string;
    const publicKey = await importJWK(jwks.keys.find((k) => k.kid === kid) as JWK, 'ES256');
    const platformOnce = () => verifier.verify(token);
    const joseOnce = () =>
      jwtVerify(token, publicKey, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256'] });
    const platformRate = await verifyLoop(params.verifications, params.verifyInFlight, platformOnce);
    const joseRate = await verifyLoop(params.verifications, params.verifyInFlight, joseOnce);
    const platformSequential = await verifyLoop(params.verifications, 1, platformOnce);
    const joseSequential = await verifyLoop(params.verifications, 1, joseOnce);

    const argonParams = `argon2id m=${ARGON2_PARAMS.memoryCost} KiB, t=${ARGON2_PARAMS.timeCost}, p=${ARGON2_PARAMS.parallelism}`;
    const result = {
      scenario: SCENARIO,
      argon2: {
        memoryKiB: ARGON2_PARAMS.memoryCost,
        timeCost: ARGON2_PARAMS.timeCost,
        parallelism: ARGON2_PARAMS.parallelism,
      },
      argon2VerifiesPerSec: round(argon.perSecond, 1),
      loginsPerSec: round(logins.perSecond, 1),
      loginRatio: round(logins.perSecond / argon.perSecond, 3),
      loginLatencyMs: { p50: round(logins.p50, 1), p99: round(logins.p99, 1) },
      argon2LatencyMs: { p50: round(argon.p50, 1), p99: round(argon.p99, 1) },
      platformVerificationsPerSec: round(platformRate),
      joseVerificationsPerSec: round(joseRate),
      verificationRatio: round(platformRate / joseRate, 3),
      platformSequentialPerSec: round(platformSequential),
      joseSequentialPerSec: round(joseSequential),
      verificationTarget: TARGET_VERIFICATIONS_PER_SEC,
      verificationTargetMet: platformRate >= TARGET_VERIFICATIONS_PER_SEC,
      params,
      machine,
      runId: env.runId,
      at: new Date().toISOString(),
    };
    const table: Array<[string, string]> = [
      ['scenario', SCENARIO],
      ['password hashing', `${argonParams} (identity's ARGON2_PARAMS)`],
      [
        'argon2 verify/s',
        `${result.argon2VerifiesPerSec}  (raw @node-rs/argon2 verify, ${params.clients} in flight; p50 ${result.argon2LatencyMs.p50} ms, p99 ${result.argon2LatencyMs.p99} ms)`,
      ],
      [
        'logins/s',
        `${result.loginsPerSec}  (HTTP POST /auth/login, ${params.clients} clients, ${params.users} accounts; p50 ${result.loginLatencyMs.p50} ms, p99 ${result.loginLatencyMs.p99} ms)`,
      ],
      ['login ratio', `${result.loginRatio}  (logins ÷ raw argon2 verifications)`],
      [
        'TokenVerifier/s',
        `${result.platformVerificationsPerSec}  (libs/platform TokenVerifier, local JWKS, claims schema, ${params.verifyInFlight} in flight; target ≥ ${TARGET_VERIFICATIONS_PER_SEC}: ${result.verificationTargetMet ? 'met' : 'NOT met'})`,
      ],
      [
        'jose jwtVerify/s',
        `${result.joseVerificationsPerSec}  (jose jwtVerify, public key imported once, ${params.verifyInFlight} in flight)`,
      ],
      ['verify ratio', `${result.verificationRatio}  (TokenVerifier ÷ jose)`],
      [
        'one at a time',
        `TokenVerifier ${result.platformSequentialPerSec}/s, jose ${result.joseSequentialPerSec}/s  (each verification awaited before the next)`,
      ],
      ['machine', machineLine(machine, `libuv pool ${machine.uvThreadpool}`)],
    ];
    printReport(table, result);
  } finally {
    await cleanup();
  }
}

runScenario(SCENARIO, main);
