import { Client } from 'pg';
import {
  mobile,
  residentId,
  startTcpProxy,
  TcpProxy,
  TestEnvironment,
  createTestEnvironment,
  villageCode,
} from '@wushe/testing';
import { ServiceProcess, startService } from './support/service-process';

// The cases API and worker as real processes, their database behind a TCP proxy this test owns.
// A PostgreSQL restart is what pg_terminate_backend does to their connections (found by their
// application_name, the run's schema); an outage is the proxy stopped for 10 s. Both processes
// must live through both and recover by themselves; requests meanwhile get 503, never 500.

const TOWN = '430703100';
const API = '/api/v1/cases';

describe('the cases processes through database faults', () => {
  let env: TestEnvironment;
  let proxy: TcpProxy;
  let api: ServiceProcess;
  let worker: ServiceProcess;
  let admin: Client;
  let token: string;

  beforeAll(async () => {
    env = await createTestEnvironment(['cases']);
    const direct = env.databases.cases.url;
    proxy = await startTcpProxy(direct);
    const processEnv = env.envFor('cases', { DATABASE_URL: proxy.urlFor(direct), OUTBOX_POLL_MS: '100' });
    [api, worker] = await Promise.all([
      startService('cases', processEnv),
      startService('cases', processEnv, 'worker.ts'),
    ]);
    admin = new Client({ connectionString: direct });
    await admin.connect();
    token = await env.authority.token('faults-worker', [{ role: 'point_worker', region: TOWN }]);
  });

  afterAll(async () => {
    await proxy?.start().catch(() => undefined);
    await Promise.all([api?.stop(), worker?.stop()]);
    await admin?.end();
    await env?.teardown();
    await proxy?.stop();
  });

  const register = () =>
    fetch(`${api.url}${API}/recipients`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        name: '张三',
        residentId: residentId(),
        phone: mobile(),
        address: `湖南省常德市鼎城区武陵镇${Math.floor(Math.random() * 1e6)}号`,
        villageCode: villageCode(TOWN),
        categories: [{ category: 'dibao', validFrom: '2024-01-01' }],
        legalBasis: 'statutory-duty',
      }),
    });
  const ready = async (p: ServiceProcess) => (await fetch(`${p.url}/health/ready`)).status;

  /** Registers recipients and probes both readiness endpoints until stopped; counts statuses. */
  function load() {
    const statuses: Record<string, number> = {};
    const count = (key: string) => (statuses[key] = (statuses[key] ?? 0) + 1);
    let running = true;
    const loop = (async () => {
      while (running) {
        const answers = await Promise.allSettled([register(), ready(api), ready(worker)]);
        const [write] = answers;
        if (write.status === 'fulfilled') {
          count(`register ${write.value.status}`);
          if (write.value.status >= 500) {
            const body = (await write.value.json()) as { code: string };
            count(
              `register ${write.value.status} ${body.code} retry-after=${write.value.headers.get('retry-after')}`,
            );
          }
        } else count('register failed');
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    return {
      statuses,
      stop: async () => {
        running = false;
        await loop;
        return statuses;
      },
    };
  }

  async function untilReady(timeoutMs: number): Promise<number> {
    const t0 = Date.now();
    while (Date.now() - t0 < timeoutMs) {
      const codes = await Promise.all([ready(api), ready(worker)]).catch(() => [0, 0]);
      if (codes.every((c) => c === 200)) return Date.now() - t0;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`not ready again within ${timeoutMs} ms`);
  }

  const unsent = async () =>
    Number(
      (
        await admin.query(
          `SELECT count(*)::int AS n FROM "${env.databases.cases.schema}".outbox_event WHERE sent_at IS NULL`,
        )
      ).rows[0].n,
    );

  it('three restarts (every backend terminated) under load: both processes live on, nothing answers 500, the outbox drains', async () => {
    const traffic = load();
    for (let restart = 0; restart < 3; restart++) {
      await new Promise((r) => setTimeout(r, 1_500));
      const { rowCount } = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`,
        [env.databases.cases.schema],
      );
      expect(rowCount).toBeGreaterThan(0);
    }
    await new Promise((r) => setTimeout(r, 1_500));
    const statuses = await traffic.stop();
    process.stdout.write(`restarts: ${JSON.stringify(statuses)}\n`);

    expect({ api: api.exitCode, worker: worker.exitCode }).toEqual({ api: null, worker: null });
    expect(Object.keys(statuses).filter((k) => /register (500|failed)/.test(k))).toEqual([]);
    expect(statuses['register 201']).toBeGreaterThan(0);
    await untilReady(10_000);
    const deadline = Date.now() + 20_000;
    while ((await unsent()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await unsent()).toBe(0);
  });

  it('a 10 s outage under load: both processes live on, requests get 503 with Retry-After (never 500), and recover by themselves', async () => {
    const traffic = load();
    await new Promise((r) => setTimeout(r, 1_000));
    await proxy.stop();
    await new Promise((r) => setTimeout(r, 10_000));
    expect([await ready(api), await ready(worker)]).toEqual([503, 503]);
    await proxy.start();
    const recoveredMs = await untilReady(15_000);
    await new Promise((r) => setTimeout(r, 500));
    const statuses = await traffic.stop();
    process.stdout.write(
      `outage: ${JSON.stringify(statuses)}; ready again ${recoveredMs} ms after the database\n`,
    );

    expect({ api: api.exitCode, worker: worker.exitCode }).toEqual({ api: null, worker: null });
    const failures = Object.keys(statuses).filter((k) => /register (5\d\d|failed)/.test(k));
    expect(failures.filter((k) => !k.startsWith('register 503'))).toEqual([]);
    expect(statuses['register 503 COMMON.DEPENDENCY_UNAVAILABLE retry-after=5']).toBeGreaterThan(0);
    expect(statuses['register 503']).toBe(
      statuses['register 503 COMMON.DEPENDENCY_UNAVAILABLE retry-after=5'],
    );
    expect((await register()).status).toBe(201);
  });

  it('then both stop with exit code 0 on SIGTERM', async () => {
    expect(await Promise.all([api.stop(), worker.stop()])).toEqual([0, 0]);
  });
});
