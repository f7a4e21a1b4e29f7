import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { Server as NetServer } from 'node:net';

const netClose = NetServer.prototype.close;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Waits until `count()` stays the same across two turns of the event loop (two I/O passes), or
 * `maxMs` passed: an immediate set from an immediate runs on the next turn, after that turn's I/O.
 * It tells that the requests of connections just accepted have been read; for connections not yet
 * accepted it is only a fallback (see acceptQueueLength).
 */
async function untilQuiet(count: () => number, maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const before = count();
    await nextTurn();
    await nextTurn();
    if (count() === before || Date.now() > deadline) return;
  }
}

/**
 * How many connections the kernel has completed on the server's port that the process has not
 * accepted yet (Linux: a listening socket's rx_queue in /proc/net/tcp*). Node accepts one
 * connection per turn of its event loop, so on a busy or starved process a burst waits there for
 * seconds, and closing the listening socket would reset every one of them. Undefined where /proc
 * cannot tell (not Linux): the caller then goes by what the event loop accepts.
 */
function acceptQueueLength(server: Server): number | undefined {
  const address = server.address();
  if (!address || typeof address === 'string') return undefined;
  const port = `:${address.port.toString(16).toUpperCase().padStart(4, '0')}`;
  let found: number | undefined;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      // sl local_address rem_address st tx_queue:rx_queue …; st 0A is LISTEN.
      const [, local, , state, queues] = line.trim().split(/\s+/);
      if (state === '0A' && local?.endsWith(port)) found = (found ?? 0) + parseInt(queues.split(':')[1], 16);
    }
  }
  return found;
}

/** Keeps accepting until the kernel holds no connection for the process, or `maxMs` passed. */
async function untilAcceptQueueEmpty(server: Server, accepted: () => number, maxMs: number) {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const waiting = acceptQueueLength(server);
    if (waiting === undefined) return untilQuiet(accepted, Math.max(0, deadline - Date.now()));
    if (waiting === 0) return;
    // The loop accepts one connection per turn whatever this waits; it only paces the /proc reads.
    await sleep(5);
  }
}

export interface HttpDrainOptions {
  /**
   * How long closing keeps accepting before it stops listening, at least (100 ms): connections
   * the kernel has completed but the process not yet accepted are taken in and answered instead of
   * being reset with the listening socket. Then it goes on until none is left waiting.
   */
  settleMs?: number;
  /**
   * The longest it keeps accepting while connections keep coming, and waits for requests to be
   * read (5 s each, well inside SHUTDOWN_GRACE_MS): in Kubernetes new connections stop once the
   * endpoint is removed, which the preStop sleep waits for before SIGTERM.
   */
  maxSettleMs?: number;
  /** How often connections that became idle during the drain are closed. */
  sweepMs?: number;
}

export interface HttpDrain {
  readonly closing: boolean;
  /** Requests received and not yet answered. */
  readonly inFlight: number;
  /**
   * Stops the server without dropping a request it received: every response from now on says
   * `Connection: close` (and the connection closes after it), the listening socket closes after a
   * short settle, idle keep-alive connections are closed, and it resolves once every request
   * received has been answered and every connection has closed.
   */
  close(): Promise<void>;
}

/**
 * Graceful close for a node http server. Node's `server.close()` alone resets requests already
 * sent: it destroys every connection with no request *parsed* yet — including ones whose request
 * is waiting in the socket buffer — and resets connections not yet accepted, while a busy
 * keep-alive connection goes on taking requests after its response, so under load close() never
 * completes. Install it before the server listens: it tracks the responses in flight.
 */
export function drainHttpServer(server: Server, options: HttpDrainOptions = {}): HttpDrain {
  const settleMs = options.settleMs ?? 100;
  const maxSettleMs = options.maxSettleMs ?? 5_000;
  const sweepMs = options.sweepMs ?? 50;
  let accepted = 0;
  let received = 0;
  const inFlight = new Set<ServerResponse>();
  let closing: Promise<void> | undefined;

  // Prepended, so it runs before the application's handler sees the request.
  server.prependListener('connection', () => accepted++);
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    received++;
    if (closing) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });

  const close = async (): Promise<void> => {
    // Responses still to be written close their connection after them; one whose headers went
    // out already leaves an idle keep-alive connection, which the sweep below closes.
    for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    await sleep(settleMs);
    await untilAcceptQueueEmpty(server, () => accepted, maxSettleMs);
    // Stop listening but keep the connections: http's own close() would also destroy, at once,
    // every connection with no request parsed yet — among them the ones just accepted whose
    // request is still unread. The net-level close resolves once all connections have ended.
    const closed = new Promise<void>((resolve) => netClose.call(server, () => resolve()));
    await untilQuiet(() => received, maxSettleMs);
    // Now an idle connection is one that has had its chance: a kept-alive connection nobody is
    // using, or one that sent nothing. New responses carry Connection: close, so busy connections
    // end after their answer and the sweep finds those whose answer began before the close.
    server.closeIdleConnections();
    const sweep = setInterval(() => server.closeIdleConnections(), sweepMs);
    try {
      await closed;
    } finally {
      clearInterval(sweep);
    }
  };

  return {
    get closing() {
      return closing !== undefined;
    },
    get inFlight() {
      return inFlight.size;
    },
    close() {
      closing ??= close();
      return closing;
    },
  };
}
