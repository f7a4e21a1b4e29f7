import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';

const netClose = NetServer.prototype.close;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Waits until `count()` stays the same across two turns of the event loop (two I/O passes), or
 * `maxMs` passed. An immediate set from an immediate runs on the next turn, after that turn's I/O,
 * so a count that did not move means the loop looked and found nothing more: no connection left
 * waiting to be accepted, no request left unread. A timer alone cannot tell: on a starved CPU the
 * process accepts a burst of connections over hundreds of milliseconds.
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

export interface HttpDrainOptions {
  /**
   * How long closing keeps accepting before it stops listening, at least: connections the kernel
   * has completed but the process not yet accepted are taken in and answered instead of being reset
   * with the listening socket. 100 ms by default; then it goes on until an I/O pass accepts nothing.
   */
  settleMs?: number;
  /**
   * The longest it keeps accepting while connections keep coming (1 s): in Kubernetes they stop
   * once the endpoint is removed, which the preStop sleep waits for before SIGTERM.
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
  const maxSettleMs = options.maxSettleMs ?? 1_000;
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
    await untilQuiet(() => accepted, maxSettleMs);
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
