import { Agent, request as httpRequest } from 'node:http';
import { Controller, Get, Query } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { drainHttpServer, HttpDrain } from '@wushe/platform';

jest.setTimeout(30_000);

@Controller()
class WorkController {
  /** Answers after `ms`: a request with work in flight when the drain starts. */
  @Get('work')
  async work(@Query('ms') ms = '0') {
    await new Promise((resolve) => setTimeout(resolve, Number(ms)));
    return { done: true };
  }
}

type Outcome = { status: number; connection?: string } | { error: string; reusedSocket: boolean };

/**
 * One GET on `agent`; resolves with the answer or the socket error's code, never rejects. An error
 * says whether the request went out on a kept-alive connection (the server had accepted it) or on
 * a new one.
 */
function get(port: number, path: string, agent: Agent): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
      res.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ error: error.code ?? error.message, reusedSocket: req.reusedSocket }),
      );
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ error: error.code ?? error.message, reusedSocket: req.reusedSocket }),
    );
    req.end();
  });
}

function tally(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = 'error' in o ? o.error : String(o.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('drainHttpServer: closing an HTTP server without dropping a request it received', () => {
  let app: NestExpressApplication;
  let drain: HttpDrain;
  let port: number;
  const agents: Agent[] = [];

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [WorkController] }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
    drain = drainHttpServer(app.getHttpServer());
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as { port: number }).port;
  });

  afterEach(async () => {
    for (const agent of agents.splice(0)) agent.destroy();
    await app.close();
  });

  /** A keep-alive agent with `sockets` connections, each already used once (so idle keep-alive). */
  async function warmAgent(sockets: number): Promise<Agent> {
    const agent = new Agent({ keepAlive: true, maxSockets: sockets });
    agents.push(agent);
    const warm = await Promise.all(Array.from({ length: sockets }, () => get(port, '/work', agent)));
    expect(tally(warm)).toEqual({ 200: sockets });
    return agent;
  }

  it('a burst sent 50 ms before the close is answered in full: 60 of 60, none reset, every answer Connection: close', async () => {
    // 20 requests on idle keep-alive connections and 40 on new ones, all written at once.
    const warm = await warmAgent(20);
    const fresh = new Agent({ keepAlive: true, maxSockets: 40 });
    agents.push(fresh);
    const burst = [
      ...Array.from({ length: 20 }, () => get(port, '/work?ms=300', warm)),
      ...Array.from({ length: 40 }, () => get(port, '/work?ms=300', fresh)),
    ];
    await new Promise((resolve) => setTimeout(resolve, 50));
    const t0 = Date.now();
    const closed = drain.close().then(() => Date.now() - t0);

    const outcomes = await Promise.all(burst);
    expect(tally(outcomes)).toEqual({ 200: 60 });
    expect(outcomes.every((o) => 'connection' in o && o.connection === 'close')).toBe(true);
    // Done once the last answer is out: the work (300 ms) and the settle, not a grace period.
    expect(await closed).toBeLessThan(2_000);
    // No new connections once closed.
    expect(await get(port, '/work', new Agent())).toEqual({ error: 'ECONNREFUSED', reusedSocket: false });
  });

  it('closes idle keep-alive connections instead of waiting for them', async () => {
    const agent = await warmAgent(10);
    const sockets = Object.values(agent.freeSockets).flat();
    expect(sockets).toHaveLength(10);
    const ended = sockets.map((s) => new Promise((resolve) => s?.once('close', resolve)));
    const t0 = Date.now();
    await drain.close();
    await Promise.all(ended);
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  it('under continued keep-alive load it completes once its accept limit (5 s) is reached: every request on an accepted connection answered, then new connections turned away', async () => {
    const agent = await warmAgent(10);
    const outcomes: Outcome[] = [];
    const deadline = Date.now() + 15_000;
    // Ten clients, each sending its next request the moment the last was answered, until the
    // server turns them away; the agent opens a new connection when told to close the last one.
    const clients = Array.from({ length: 10 }, async () => {
      while (Date.now() < deadline) {
        const outcome = await get(port, '/work?ms=5', agent);
        outcomes.push(outcome);
        if ('error' in outcome) return;
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const t0 = Date.now();
    await drain.close();
    const closeMs = Date.now() - t0;
    await Promise.all(clients);

    // Before, the connections went on taking requests and close() waited until the grace period
    // ran out. Now it keeps accepting while new connections keep coming, up to maxSettleMs (5 s),
    // and ends once their answers are out.
    expect(closeMs).toBeLessThan(8_000);
    const failures = outcomes.filter((o): o is Extract<Outcome, { error: string }> => 'error' in o);
    // No request on a connection the server had accepted failed; each client was told, on an
    // answer, that its connection closes; each client's last request, on a new connection, was
    // turned away: refused, or reset if it reached the kernel in the instant the listening socket
    // closed — no server can accept those (in Kubernetes none arrive then: the preStop sleep and
    // the endpoint removal come first), so that reset is the one failure allowed.
    expect(failures.filter((f) => f.reusedSocket)).toEqual([]);
    expect(failures).toHaveLength(10);
    for (const f of failures) expect(['ECONNREFUSED', 'ECONNRESET']).toContain(f.error);
    const told = outcomes.filter((o) => 'connection' in o && o.connection === 'close');
    expect(told.length).toBeGreaterThanOrEqual(10);
    process.stdout.write(`continued load: ${JSON.stringify(tally(outcomes))}, closed in ${closeMs} ms\n`);
  });
});
