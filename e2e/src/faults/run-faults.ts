// `npm run test:faults`: the platform as real processes — two replicas each of the cases API, the
// cases worker and the reporting API — on the suite's own PostgreSQL cluster, nats-server and
// redis-server, under a steady write load (visits recorded through the cases API, projected by
// reporting), while the suite kills and restarts what production loses. After each fault it checks
// that every accepted write produced exactly one event and one projection update, that the outage
// was answered with 503 (no 500, no reset, no hang), that every process is alive or exited 0 and
// that the job schedulers are in Redis. Prints a table; exits 1 when a row breaks those rules.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { migrationScripts, newRunId, TestAuthority } from '@wushe/testing';
import IORedis from 'ioredis';
import { Client, Pool } from 'pg';
import { account, StreamEvent } from './ledger';
import { Balancer, emptyTally, WriteLoad } from './load';
import { Replica } from './replicas';
import { failures, FaultRow, renderTable } from './report';
import { destroyServers, killServersNow, PrivateNats, PrivatePostgres, PrivateRedis } from './servers';

const ROOT = join(__dirname, '..', '..', '..');
const TOWNSHIP = '430703100';
const VISITS_CONSUMER = 'reporting-visits';
const STREAM = 'CASES';
const VISIT_SUBJECT = 'cases.visit.recorded.v1';
const REDIS_PREFIX = 'wushe';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (message: string) =>
  process.stdout.write(`[faults ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

interface Platform {
  pg: PrivatePostgres;
  nats: PrivateNats;
  redis: PrivateRedis;
  casesApi: Replica[];
  casesWorker: Replica[];
  reportingApi: Replica[];
  all: Replica[];
  reportingDb: Pool;
  nc: NatsConnection;
  stream: StreamIndex;
  balancer: Balancer;
  load: WriteLoad;
  /** The village the current fault's writes go to: each fault's writes are told apart by it. */
  village: string;
  schedulers: Set<string>;
}

// ---- cleanup: the private servers and every replica go, whatever ends the run -------------------

const cleanups: (() => Promise<void>)[] = [];
const lastResort: (() => void)[] = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) await step().catch((e) => log(`cleanup: ${String(e)}`));
  })();
  return cleaning;
}
process.once('exit', () => lastResort.forEach((kill) => kill()));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping everything the suite started`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---- set-up ---------------------------------------------------------------------------------------

async function createSchema(pg: PrivatePostgres, service: string, runId: string): Promise<string> {
  const schema = `${runId}_${service}`;
  const client = new Client({ connectionString: pg.url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA "${schema}"`);
    await client.query(`SET search_path TO "${schema}"`);
    for (const script of migrationScripts(service)) await client.query(script);
  } finally {
    await client.end();
  }
  return schema;
}

async function boot(workDir: string): Promise<Platform> {
  cleanups.push(destroyServers);
  lastResort.push(killServersNow);
  const [pg, nats, redis] = await Promise.all([
    PrivatePostgres.create(),
    PrivateNats.create(),
    PrivateRedis.create(),
  ]);
  log(`postgres :${pg.port}, nats :${nats.port}, redis :${redis.port}`);

  const admin = new Client({ connectionString: pg.url.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE wushe_faults_test');
  await admin.end();
  const runId = newRunId();
  const schemas = {
    cases: await createSchema(pg, 'cases', runId),
    reporting: await createSchema(pg, 'reporting', runId),
  };

  const authority = await TestAuthority.create();
  const envFor = (service: 'cases' | 'reporting'): NodeJS.ProcessEnv => ({
    NODE_ENV: 'test',
    DATABASE_URL: pg.url,
    DATABASE_SCHEMA: schemas[service],
    NATS_URL: nats.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX,
    AUTH_JWKS: authority.jwks,
    LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'warn',
  });
  const logDir = join(workDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const make = (name: string, service: 'cases' | 'reporting', entry: 'main.ts' | 'worker.ts') =>
    Replica.create(name, service, entry, envFor(service), logDir);
  const casesApi = [
    await make('cases-api-1', 'cases', 'main.ts'),
    await make('cases-api-2', 'cases', 'main.ts'),
  ];
  const casesWorker = [
    await make('cases-worker-1', 'cases', 'worker.ts'),
    await make('cases-worker-2', 'cases', 'worker.ts'),
  ];
  const reportingApi = [
    await make('reporting-api-1', 'reporting', 'main.ts'),
    await make('reporting-api-2', 'reporting', 'main.ts'),
  ];
  const all = [...casesApi, ...casesWorker, ...reportingApi];
  for (const r of all) {
    cleanups.push(() => r.shutdown());
    lastResort.push(() => r.killNow());
  }
  const started = Date.now();
  // Two at a time: six TypeScript boots at once on a small CI machine only make each slower.
  for (let i = 0; i < all.length; i += 2) await Promise.all(all.slice(i, i + 2).map((r) => r.start()));
  log(`six replicas ready in ${((Date.now() - started) / 1000).toFixed(1)} s; logs in ${logDir}`);

  const reportingDb = new Pool({
    connectionString: pg.url,
    max: 2,
    options: `-c search_path="${schemas.reporting}"`,
  });
  reportingDb.on('error', () => undefined); // the suite restarts PostgreSQL under it
  cleanups.push(() => reportingDb.end());
  const nc = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
  cleanups.push(() => nc.close());

  const balancer = new Balancer(casesApi);
  balancer.watch();
  cleanups.push(async () => balancer.close());
  const token = await authority.token('faults-worker', [{ role: 'point_worker', region: TOWNSHIP }], {
    expiresIn: '2h',
  });
  const platform: Platform = {
    pg,
    nats,
    redis,
    casesApi,
    casesWorker,
    reportingApi,
    all,
    reportingDb,
    nc,
    stream: new StreamIndex(nc),
    balancer,
    village: `${TOWNSHIP}001`,
    schedulers: new Set(),
    load: undefined as unknown as WriteLoad,
  };
  platform.load = new WriteLoad({
    balancer,
    token,
    clients: 4,
    pauseMs: 100,
    body: () => ({
      kind: 'discovery',
      villageCode: platform.village,
      visitedAt: new Date().toISOString(),
      needsFound: 1,
    }),
  });
  platform.schedulers = await schedulersIn(redis);
  return platform;
}

// ---- what the suite observes ----------------------------------------------------------------------

/** Job schedulers registered in Redis, as `<queue>/<scheduler id>`. */
async function schedulersIn(redis: PrivateRedis): Promise<Set<string>> {
  const client = new IORedis(redis.url, { maxRetriesPerRequest: 1, lazyConnect: true });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const found = new Set<string>();
    const keys = await client.keys(`${REDIS_PREFIX}:*:repeat`);
    for (const key of keys) {
      const queue = key.slice(0, -':repeat'.length);
      for (const id of await client.zrange(key, 0, -1)) found.add(`${queue}/${id}`);
    }
    return found;
  } catch {
    return new Set();
  } finally {
    client.disconnect();
  }
}

/**
 * The visit events on the CASES stream, read incrementally: each call reads only what was stored
 * since the last (every message is kept, copies included, so duplicates stay visible).
 */
class StreamIndex {
  private readonly events: (StreamEvent & { village: string })[] = [];
  private lastSeq = 0;

  constructor(private readonly nc: NatsConnection) {}

  async of(village: string): Promise<StreamEvent[]> {
    await this.refresh();
    return this.events.filter((e) => e.village === village);
  }

  private async refresh(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    const last = (await jsm.streams.info(STREAM)).state.last_seq;
    if (last <= this.lastSeq) return;
    const consumer = await jetstream(this.nc).consumers.get(STREAM, {
      filter_subjects: VISIT_SUBJECT,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: this.lastSeq + 1,
    });
    while (this.lastSeq < last) {
      const batch = await consumer.fetch({ max_messages: 1000, expires: 1000 });
      let got = 0;
      for await (const m of batch) {
        got++;
        this.lastSeq = m.info.streamSequence;
        const event = m.json<{ id: string; subject: string; data: { villageCode: string } }>();
        this.events.push({ eventId: event.id, visitId: event.subject, village: event.data.villageCode });
        if (m.info.pending === 0) this.lastSeq = Math.max(this.lastSeq, last);
      }
      // Nothing more for this subject up to `last` (other subjects fill the rest).
      if (got === 0) this.lastSeq = last;
    }
  }
}

async function projected(db: Pool, village: string): Promise<{ events: Set<string>; tallied: number }> {
  const processed = await db.query<{ event_id: string }>(
    'SELECT event_id FROM processed_event WHERE consumer = $1',
    [VISITS_CONSUMER],
  );
  const tally = await db.query<{ n: number }>(
    'SELECT coalesce(sum(visits), 0)::int AS n FROM visit_tally WHERE village_code = $1',
    [village],
  );
  return { events: new Set(processed.rows.map((r) => r.event_id)), tallied: tally.rows[0].n };
}

async function deadLetters(db: Pool): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM dead_letter');
  return rows[0].n;
}

/** True once every given visit has an event on the stream that the projection applied. */
async function allProjected(p: Platform, visitIds: string[]): Promise<boolean> {
  if (visitIds.length === 0) return true;
  const [events, applied] = await Promise.all([p.stream.of(p.village), projected(p.reportingDb, p.village)]);
  const done = new Set(events.filter((e) => applied.events.has(e.eventId)).map((e) => e.visitId));
  return visitIds.every((v) => done.has(v));
}

async function everyReplicaReady(p: Platform): Promise<boolean> {
  const ready = await Promise.all(p.all.map((r) => r.ready()));
  return ready.every(Boolean);
}

/** Polls `probe` (errors count as "not yet") until it is true; the time it took, or undefined. */
async function until(probe: () => Promise<boolean>, timeoutMs: number): Promise<number | undefined> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await probe().catch(() => false)) return Date.now() - started;
    await sleep(500);
  }
  return undefined;
}

// ---- one fault ------------------------------------------------------------------------------------

interface Fault {
  name: string;
  /** Does the damage and undoes it; resolves when the cause is gone (server back, replica replaced). */
  inject(p: Platform, notes: string[]): Promise<void>;
  checkSchedulers?: boolean;
}

async function runFault(p: Platform, fault: Fault, index: number): Promise<FaultRow> {
  log(`${fault.name}: starting`);
  p.village = `${TOWNSHIP}${String(index + 1).padStart(3, '0')}`;
  p.load.tally = emptyTally();
  const endingsBefore = new Map(p.all.map((r) => [r, r.endings.length]));
  const restartsBefore = new Map(p.all.map((r) => [r, r.restarts]));
  const deadBefore = await deadLetters(p.reportingDb).catch(() => 0);
  const notes: string[] = [];

  p.load.start();
  await sleep(3000);
  await fault.inject(p, notes);
  const restoredAt = Date.now();
  const acceptedAtRestore = [...p.load.tally.accepted];
  log(`${fault.name}: cause removed; waiting for recovery`);
  const recovered = await until(
    async () => (await everyReplicaReady(p)) && (await allProjected(p, acceptedAtRestore)),
    120_000,
  );
  const recoveryMs = recovered === undefined ? undefined : Date.now() - restoredAt;
  await sleep(2000);
  await p.load.stop();
  const tally = p.load.tally;
  const settled = await until(() => allProjected(p, tally.accepted), 60_000);
  if (settled === undefined) notes.push('writes after recovery still unprojected after 60 s');

  const events = await p.stream.of(p.village);
  const applied = await projected(p.reportingDb, p.village);
  const accounting = account({
    accepted: tally.accepted,
    stream: events,
    projected: applied.events,
    tallied: applied.tallied,
  });
  if (accounting.unconfirmed) notes.push(`${accounting.unconfirmed} committed writes whose answer was lost`);
  if (tally.refused) notes.push(`${tally.refused} writes refused by every replica`);
  const dead = (await deadLetters(p.reportingDb)) - deadBefore;
  if (dead) notes.push(`${dead} events dead-lettered`);

  const badProcesses: string[] = [];
  for (const r of p.all) {
    for (const ending of r.endings.slice(endingsBefore.get(r))) {
      if (!ending.expected && ending.code !== 0)
        badProcesses.push(`${r.name} exited ${ending.code ?? ending.signal}`);
    }
    if (!r.running) badProcesses.push(`${r.name} not running`);
  }
  const restarted = p.all.filter((r) => r.restarts > (restartsBefore.get(r) ?? 0)).map((r) => r.name);
  if (restarted.length) notes.push(`started again after dying: ${restarted.join(', ')}`);

  const row: FaultRow = { fault: fault.name, accounting, tally, recoveryMs, badProcesses, notes };
  if (fault.checkSchedulers) {
    const wanted = p.schedulers;
    let found = new Set<string>();
    await until(async () => {
      found = await schedulersIn(p.redis);
      return [...wanted].every((s) => found.has(s));
    }, 30_000);
    row.schedulers = { found: [...wanted].filter((s) => found.has(s)).length, expected: wanted.size };
  }
  log(`${fault.name}: ${failures(row).length ? `FAIL (${failures(row).join('; ')})` : 'ok'}`);
  return row;
}

// ---- the faults -----------------------------------------------------------------------------------

async function visitsConsumer(nc: NatsConnection) {
  const jsm = await jetstreamManager(nc);
  return jsm.consumers.info(STREAM, VISITS_CONSUMER);
}

const FAULTS: Fault[] = [
  { name: 'none (baseline)', inject: async () => void (await sleep(3000)) },
  {
    name: 'NATS SIGKILL, 15 s down',
    inject: async (p) => {
      await p.nats.kill();
      await sleep(15_000);
      await p.nats.start();
    },
  },
  {
    name: 'consumer SIGKILL with unacked',
    inject: async (p, notes) => {
      const victim = p.reportingApi[0];
      // Frozen first, so the events JetStream keeps handing to its open pull requests stay
      // unacknowledged in it; killed once it holds some. They come back after ack_wait (30 s).
      const before = (await visitsConsumer(p.nc)).num_ack_pending;
      victim.freeze();
      let pending = 0;
      await until(async () => (pending = (await visitsConsumer(p.nc)).num_ack_pending) > before, 15_000);
      await victim.kill();
      notes.push(
        pending > before
          ? `${pending} unacknowledged when ${victim.name} was killed`
          : `no unacknowledged event seen at ${victim.name}: the kill proved nothing`,
      );
      await victim.start();
    },
  },
  {
    name: 'PostgreSQL restart',
    inject: async (p) => {
      await p.pg.stop();
      await p.pg.start();
    },
  },
  {
    name: 'PostgreSQL stopped 10 s',
    inject: async (p) => {
      await p.pg.stop();
      await sleep(10_000);
      await p.pg.start();
    },
  },
  {
    name: 'Redis stopped 20 s',
    checkSchedulers: true,
    inject: async (p) => {
      await p.redis.stop();
      await sleep(20_000);
      await p.redis.start();
    },
  },
  {
    name: 'Redis restarted empty',
    checkSchedulers: true,
    inject: async (p) => {
      await p.redis.stop();
      p.redis.wipe();
      await p.redis.start();
    },
  },
  {
    name: 'cases API SIGTERM in a burst',
    inject: async (p, notes) => {
      const victim = p.casesApi[0];
      const burst = Array.from({ length: 40 }, () => p.load.write(victim));
      await sleep(30);
      const ending = await victim.terminate();
      const outcomes = await Promise.all(burst);
      const accepted = outcomes.filter((o) => o.kind === 'accepted').length;
      notes.push(`burst: ${accepted}/40 accepted, ${victim.name} exited ${ending.code ?? ending.signal}`);
      await victim.start();
    },
  },
];

// ---- main -----------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const only = process.env.FAULTS_ONLY?.toLowerCase();
  const faults = only ? FAULTS.filter((f, i) => i === 0 || f.name.toLowerCase().includes(only)) : FAULTS;
  const workDir = mkdtempSync(join(tmpdir(), 'wushe-faults-'));
  const started = Date.now();
  const rows: FaultRow[] = [];
  let ok = false;
  let shutdownLine = '';
  try {
    const p = await boot(workDir);
    log(`schedulers registered: ${[...p.schedulers].join(', ') || 'none'}`);
    if (p.schedulers.size === 0) throw new Error('the cases workers registered no job schedulers');
    for (const [i, fault] of faults.entries()) rows.push(await runFault(p, fault, i));
    ok = rows.every((r) => failures(r).length === 0);
    // The end of the run is a SIGTERM to every replica at once: each must exit 0 too.
    const endings = await Promise.all(p.all.map((r) => r.terminate()));
    const bad = endings.filter((e) => e.code !== 0);
    shutdownLine = bad.length
      ? `final SIGTERM: FAIL — ${bad.map((e) => `${e.replica} exited ${e.code ?? e.signal}`).join(', ')}`
      : `final SIGTERM: all ${endings.length} replicas exited 0`;
    ok = ok && bad.length === 0;
  } catch (error) {
    log(`the suite itself failed: ${(error as Error).stack ?? String(error)}`);
  } finally {
    await cleanup();
  }
  const table = [renderTable(rows), shutdownLine].filter(Boolean).join('\n');
  process.stdout.write(`\n${table}\n\n`);
  const reportFile = join(ROOT, 'tmp', 'faults-report.txt');
  mkdirSync(join(ROOT, 'tmp'), { recursive: true });
  writeFileSync(reportFile, `${table}\n`);
  log(
    `${ok ? 'all faults ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s` +
      ` (table in ${reportFile}; replica logs ${ok ? 'removed' : `kept in ${workDir}`})`,
  );
  if (ok) rmSync(workDir, { recursive: true, force: true });
  return ok ? 0 : 1;
}

void main().then((code) => process.exit(code));
