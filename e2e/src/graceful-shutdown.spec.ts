import { Agent, request as httpRequest } from 'node:http';
import { createTestEnvironment, TestEnvironment } from '@wushe/testing';
import { ServiceProcess, startService } from './support/service-process';

// SIGTERM to a real cases API process in the middle of a burst and of continued keep-alive load:
// every request it received is answered, none is reset, and it exits 0 well inside
// SHUTDOWN_GRACE_MS (25 s by default).

type Outcome = { status: number; connection?: string } | { error: string; reusedSocket: boolean };

function get(url: URL, path: string, agent: Agent, token: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path, agent, headers: { Authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
        res.on('error', (e: NodeJS.ErrnoException) =>
          resolve({ error: e.code ?? e.message, reusedSocket: req.reusedSocket }),
        );
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) =>
      resolve({ error: e.code ?? e.message, reusedSocket: req.reusedSocket }),
    );
    req.end();
  });
}

const failed = (o: Outcome): o is Extract<Outcome, { error: string }> => 'error' in o;

describe('SIGTERM to an API process under load', () => {
  let env: TestEnvironment;
  let api: ServiceProcess;
  let token: string;
  const agents: Agent[] = [];

  beforeAll(async () => {
    env = await createTestEnvironment(['cases']);
    // Info logs, to read the shutdown's own account of itself.
    api = await startService('cases', env.envFor('cases', { LOG_LEVEL: 'info' }));
    token = await env.authority.token('shutdown-worker', [{ role: 'point_worker', region: '430703100' }]);
  });

  afterAll(async () => {
    for (const agent of agents) agent.destroy();
    await api?.stop();
    await env?.teardown();
  });

  it('answers every request it received (0 reset), refuses new connections, and exits 0 well inside the grace period', async () => {
    // (While clients keep opening connections it keeps accepting them, up to 5 s: see drainHttpServer.)
    const url = new URL(api.url);
    const path = '/api/v1/cases/recipients';
    const agent = (maxSockets: number) => {
      const a = new Agent({ keepAlive: true, maxSockets });
      agents.push(a);
      return a;
    };
    // 20 idle keep-alive connections, used once already.
    const warm = agent(20);
    const warmed = await Promise.all(Array.from({ length: 20 }, () => get(url, path, warm, token)));
    expect(warmed.filter(failed)).toEqual([]);

    // Continued load: ten clients sending back to back on their own keep-alive connections.
    const load = agent(10);
    const loadOutcomes: Outcome[] = [];
    const deadline = Date.now() + 30_000;
    const clients = Array.from({ length: 10 }, async () => {
      while (Date.now() < deadline) {
        const outcome = await get(url, path, load, token);
        loadOutcomes.push(outcome);
        if (failed(outcome)) return;
      }
    });
    await new Promise((r) => setTimeout(r, 500));

    // The burst: 20 requests on the idle connections and 40 on new ones, then SIGTERM 50 ms later.
    const fresh = agent(40);
    const burst = [
      ...Array.from({ length: 20 }, () => get(url, path, warm, token)),
      ...Array.from({ length: 40 }, () => get(url, path, fresh, token)),
    ];
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    const stopping = api.stop();
    // Readiness goes 503 while it drains (probed on a connection of its own until turned away).
    const probe = agent(1);
    let readiness: Outcome = { status: 0 };
    while (!failed(readiness) && readiness.status !== 503 && Date.now() - t0 < 10_000)
      readiness = await get(url, '/health/ready', probe, token);
    const exitCode = await stopping;
    const stopMs = Date.now() - t0;
    const answered = await Promise.all(burst);
    await Promise.all(clients);

    const tally = (outcomes: Outcome[]) =>
      outcomes.reduce<Record<string, number>>((acc, o) => {
        const key = failed(o) ? o.error : String(o.status);
        return { ...acc, [key]: (acc[key] ?? 0) + 1 };
      }, {});
    process.stdout.write(
      `SIGTERM: exit ${exitCode} after ${stopMs} ms; burst ${JSON.stringify(tally(answered))}; ` +
        `continued load ${JSON.stringify(tally(loadOutcomes))}\n`,
    );
    expect(readiness).toEqual({ status: 503, connection: 'close' });
    expect(exitCode).toBe(0);
    expect(stopMs).toBeLessThan(15_000); // SHUTDOWN_GRACE_MS is 25 s
    expect(tally(answered)).toEqual({ 200: 60 });
    // Under continued load, nothing on an accepted connection failed; each client's last request,
    // on a new connection, was turned away (refused, or reset in the instant the listening socket
    // closed — see drainHttpServer).
    const loadFailures = loadOutcomes.filter(failed);
    expect(loadFailures.filter((f) => f.reusedSocket)).toEqual([]);
    expect(loadFailures).toHaveLength(10);
    for (const f of loadFailures) expect(['ECONNREFUSED', 'ECONNRESET']).toContain(f.error);
    expect(await get(url, path, new Agent(), token)).toEqual({ error: 'ECONNREFUSED', reusedSocket: false });
    expect(api.logs.join('')).toContain('every request answered');
  });
});
