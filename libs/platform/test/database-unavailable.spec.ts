import { createServer, Server, Socket } from 'node:net';
import { PrismaPg } from '@prisma/adapter-pg';
import { Client, Pool } from 'pg';
import { isDatabaseUnavailable } from '@wushe/platform';
import { createTestDatabase, newRunId, startTcpProxy, TestDatabase } from '@wushe/testing';

jest.setTimeout(30_000);

/** The error a promise rejects with (the test fails if it resolves). */
async function failure(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

/**
 * Each shape is provoked for real — a refused port, a terminated backend, a server that hangs up
 * or never answers, a pool with no free client — and classified as the filter and the inbox see it.
 */
describe('isDatabaseUnavailable on errors provoked from pg and @prisma/adapter-pg', () => {
  const runId = newRunId();
  let db: TestDatabase;
  let admin: Client;
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const pools: Pool[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('cases', runId);
    admin = new Client({ connectionString: db.url });
    await admin.connect();
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    // A client a failed test did not release would hold end() open: do not wait for it.
    const ended = Promise.all(pools.map((p) => p.end().catch(() => undefined)));
    await Promise.race([ended, new Promise((r) => setTimeout(r, 3000).unref())]);
    await admin?.end();
    await db?.drop();
  });

  function pool(url: string, options: { max?: number; connectionTimeoutMillis?: number } = {}) {
    const p = new Pool({ connectionString: url, application_name: `${runId}_shapes`, ...options });
    p.on('error', () => undefined);
    p.on('connect', (c) => c.on('error', () => undefined));
    pools.push(p);
    return p;
  }

  /** A TCP server on a free port that does `onConnection` with every connection. */
  async function rogueServer(onConnection: (socket: Socket) => void): Promise<string> {
    const server = createServer((socket) => {
      sockets.add(socket);
      onConnection(socket);
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return `postgresql://postgres@127.0.0.1:${(server.address() as { port: number }).port}/wushe_test`;
  }

  async function refusedUrl(): Promise<string> {
    const proxy = await startTcpProxy(db.url);
    await proxy.stop();
    return proxy.urlFor(db.url);
  }

  const terminateShapes = () =>
    admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [
      `${runId}_shapes`,
    ]);

  it('a refused connection (ECONNREFUSED), from pg and through the adapter', async () => {
    const url = await refusedUrl();
    const error = await failure(pool(url).query('SELECT 1'));
    expect(error).toMatchObject({ code: 'ECONNREFUSED', syscall: 'connect' });
    expect(isDatabaseUnavailable(error)).toBe(true);

    const adapter = await new PrismaPg(pool(url)).connect();
    const adapterError = await failure(adapter.queryRaw({ sql: 'SELECT 1', args: [], argTypes: [] }));
    expect(adapterError).toMatchObject({
      name: 'DriverAdapterError',
      cause: { kind: 'DatabaseNotReachable' },
    });
    expect(isDatabaseUnavailable(adapterError)).toBe(true);
  });

  it('a backend terminated mid-query (57P01 admin_shutdown, what a restart does), and the client after it', async () => {
    const p = pool(db.url, { max: 1 });
    const client = await p.connect();
    const running = failure(client.query('SELECT pg_sleep(10)'));
    await new Promise((r) => setTimeout(r, 200));
    await terminateShapes();
    const error = await running;
    expect(error).toMatchObject({ code: '57P01', severity: 'FATAL' });
    expect(isDatabaseUnavailable(error)).toBe(true);

    await new Promise((r) => setTimeout(r, 200)); // the connection's end reaches the client
    const after = await failure(client.query('SELECT 1'));
    client.release();
    expect(after).toMatchObject({
      message: 'Client has encountered a connection error and is not queryable',
    });
    expect(isDatabaseUnavailable(after)).toBe(true);

    const adapter = await new PrismaPg(pool(db.url)).connect();
    const adapterRun = failure(
      adapter.queryRaw({ sql: 'SELECT 1 FROM pg_sleep(10)', args: [], argTypes: [] }),
    );
    await new Promise((r) => setTimeout(r, 200));
    await terminateShapes();
    const adapterError = await adapterRun;
    expect(adapterError).toMatchObject({ cause: { kind: 'postgres', code: '57P01' } });
    expect(isDatabaseUnavailable(adapterError)).toBe(true);
  });

  it('a server that hangs up (Connection terminated unexpectedly) or never answers (connection timeout)', async () => {
    const hangsUp = await failure(pool(await rogueServer((s) => s.destroy())).query('SELECT 1'));
    expect(hangsUp).toMatchObject({ message: 'Connection terminated unexpectedly' });
    expect(isDatabaseUnavailable(hangsUp)).toBe(true);

    const silent = pool(await rogueServer(() => undefined), { connectionTimeoutMillis: 200 });
    const timedOut = await failure(silent.query('SELECT 1'));
    expect(timedOut).toMatchObject({ message: 'Connection terminated due to connection timeout' });
    expect(isDatabaseUnavailable(timedOut)).toBe(true);
  });

  it('no free client within the connect timeout (timeout exceeded when trying to connect)', async () => {
    const p = pool(db.url, { max: 1, connectionTimeoutMillis: 200 });
    const held = await p.connect();
    const error = await failure(p.query('SELECT 1'));
    held.release();
    expect(error).toMatchObject({ message: 'timeout exceeded when trying to connect' });
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('is false for what the request or the code got wrong', async () => {
    const p = pool(db.url);
    const syntax = await failure(p.query('SELEC 1'));
    expect(syntax).toMatchObject({ code: '42601' });
    const unique = await failure(
      p.query('CREATE TEMP TABLE u (id int PRIMARY KEY); INSERT INTO u VALUES (1), (1)'),
    );
    expect(unique).toMatchObject({ code: '23505' });
    const adapter = await new PrismaPg(pool(db.url)).connect();
    const adapterSyntax = await failure(adapter.queryRaw({ sql: 'SELEC 1', args: [], argTypes: [] }));
    for (const error of [
      syntax,
      unique,
      adapterSyntax,
      // Mentions a socket error in its text but is not one (no syscall): still the code's fault.
      new Error('connect ECONNREFUSED 10.0.0.1:5432'),
      new TypeError("Cannot read properties of undefined (reading 'id')"),
      undefined,
      'Connection terminated unexpectedly',
    ])
      expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
