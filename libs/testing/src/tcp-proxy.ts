import { createConnection, createServer, Server, Socket } from 'node:net';

/**
 * A TCP proxy in front of a server (PostgreSQL in the fault tests): stop() is the server going
 * away — connections through it are cut and new ones refused — and start() its return, on the
 * same port. It affects only what a test points at it, never the shared server itself.
 */
export interface TcpProxy {
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url: string): string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Connections accepted so far. */
  readonly accepted: number;
}

/** Starts a proxy to the host and port of `targetUrl` (e.g. testDatabaseUrl()). */
export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const parsed = new URL(targetUrl);
  const target = { host: parsed.hostname, port: Number(parsed.port || 5432) };
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  let accepted = 0;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        accepted++;
        const upstream = createConnection(target);
        track(client);
        track(upstream);
        client.pipe(upstream).pipe(client);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });

  const stop = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      if (!s) return resolve();
      s.close(() => resolve());
    });

  await start();
  return {
    get port() {
      return port;
    },
    get accepted() {
      return accepted;
    },
    urlFor(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    start,
    stop,
  };
}
