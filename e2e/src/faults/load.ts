import { Agent, request } from 'node:http';
import type { Replica } from './replicas';

/** What became of one write, as the client saw it. */
export type Outcome =
  | { kind: 'accepted'; visitId: string }
  | { kind: 'unavailable' } // 503: the service said "not now", the client may retry
  | { kind: 'server-error'; status: number } // any other 5xx
  | { kind: 'rejected'; status: number } // 4xx: the suite's own request was wrong
  | { kind: 'reset'; code: string } // the connection broke after the request went out
  | { kind: 'hang' } // no answer within the client's timeout
  | { kind: 'refused' }; // no replica took the connection: nothing was sent

export interface Tally {
  accepted: string[];
  unavailable: number;
  serverErrors: number;
  rejected: number;
  resets: number;
  hangs: number;
  refused: number;
  /** A few examples of what went wrong, for the report. */
  samples: string[];
}

export const emptyTally = (): Tally => ({
  accepted: [],
  unavailable: 0,
  serverErrors: 0,
  rejected: 0,
  resets: 0,
  hangs: 0,
  refused: 0,
  samples: [],
});

export function record(tally: Tally, outcome: Outcome, detail = ''): void {
  const sample = (s: string) => tally.samples.length < 5 && tally.samples.push(s);
  switch (outcome.kind) {
    case 'accepted':
      tally.accepted.push(outcome.visitId);
      break;
    case 'unavailable':
      tally.unavailable++;
      break;
    case 'server-error':
      tally.serverErrors++;
      sample(`${outcome.status} ${detail}`.trim());
      break;
    case 'rejected':
      tally.rejected++;
      sample(`${outcome.status} ${detail}`.trim());
      break;
    case 'reset':
      tally.resets++;
      sample(`${outcome.code} ${detail}`.trim());
      break;
    case 'hang':
      tally.hangs++;
      sample(`no answer ${detail}`.trim());
      break;
    case 'refused':
      tally.refused++;
      break;
  }
}

// Longer than anything the service itself bounds a request by (10 s to get a database connection,
// 15 s for a transaction): an answer slower than this is one the service never meant to give.
const REQUEST_TIMEOUT_MS = 30_000;
// A balancer must drop an idle upstream connection before the service does (Node's default
// keep-alive timeout, which the services keep, is 5 s): otherwise it can send a request on a
// connection the service is closing at that moment, and the request is reset.
const IDLE_UPSTREAM_MS = 2_000;

/**
 * Stands in for the load balancer in front of the cases API replicas: round robin over the
 * replicas whose readiness says so (all of them when none is ready, as a balancer in panic mode
 * does, so an outage is answered by the service rather than by the balancer), and on a refused
 * connection it tries the next replica — a connection that never opened carried no request.
 * Connections are kept alive, as a balancer's upstream connections are, and dropped when idle for
 * 2 s.
 */
export class Balancer {
  private readonly agents = new Map<string, Agent>();
  private readonly ready = new Map<string, boolean>();
  private next = 0;
  private polling?: NodeJS.Timeout;

  constructor(private readonly replicas: Replica[]) {
    for (const r of replicas) {
      this.agents.set(r.name, new Agent({ keepAlive: true, maxSockets: 64, timeout: IDLE_UPSTREAM_MS }));
      this.ready.set(r.name, true);
    }
  }

  /** Polls every replica's readiness, as a balancer's health checks do. */
  watch(intervalMs = 250): void {
    const poll = async () => {
      await Promise.all(this.replicas.map(async (r) => this.ready.set(r.name, await r.ready())));
      this.polling = setTimeout(() => void poll(), intervalMs);
    };
    void poll();
  }

  close(): void {
    clearTimeout(this.polling);
    for (const agent of this.agents.values()) agent.destroy();
  }

  private order(prefer?: Replica): Replica[] {
    if (prefer) return [prefer, ...this.replicas.filter((r) => r !== prefer)];
    const healthy = this.replicas.filter((r) => this.ready.get(r.name));
    const pool = healthy.length ? healthy : this.replicas;
    const start = this.next++ % pool.length;
    const rotated = [...pool.slice(start), ...pool.slice(0, start)];
    return [...rotated, ...this.replicas.filter((r) => !rotated.includes(r))];
  }

  /** POSTs a JSON body; `prefer` sends it to one replica first (the burst at a draining one). */
  async post(path: string, body: unknown, headers: Record<string, string>, prefer?: Replica) {
    for (const replica of this.order(prefer)) {
      const result = await this.postTo(replica, path, body, headers);
      if (result.kind !== 'refused') return result;
    }
    return { kind: 'refused' as const };
  }

  private postTo(
    replica: Replica,
    path: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<{ kind: 'refused' } | { kind: 'answer'; status: number; body: string } | Outcome> {
    const payload = Buffer.from(JSON.stringify(body));
    const sent = Date.now();
    return new Promise((resolve) => {
      let settled = false;
      const settle = (value: Awaited<ReturnType<Balancer['postTo']>>) => {
        if (!settled) {
          settled = true;
          resolve(value);
        }
      };
      const req = request(
        `${replica.url}${path}`,
        {
          method: 'POST',
          agent: this.agents.get(replica.name),
          headers: { ...headers, 'content-type': 'application/json', 'content-length': payload.length },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            settle({ kind: 'answer', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
          res.on('error', (e: NodeJS.ErrnoException) => settle(broken(e)));
        },
      );
      req.setTimeout(REQUEST_TIMEOUT_MS, () => {
        settle({ kind: 'hang' });
        req.destroy();
      });
      // Where and when it broke, for the report: a new or a reused keep-alive connection tells a
      // listener closed under a connection apart from an idle connection closed under a request.
      const broken = (e: NodeJS.ErrnoException): Outcome => ({
        kind: 'reset',
        code: `${e.code ?? e.message} (${replica.name}, ${req.reusedSocket ? 'reused' : 'new'} connection, ${Date.now() - sent} ms)`,
      });
      req.on('error', (e: NodeJS.ErrnoException) =>
        settle(e.code === 'ECONNREFUSED' ? { kind: 'refused' } : broken(e)),
      );
      req.end(payload);
    });
  }
}

/** Turns an HTTP answer into an outcome. */
export function classify(
  answer: { kind: 'refused' } | { kind: 'answer'; status: number; body: string } | Outcome,
): { outcome: Outcome; detail: string } {
  if (answer.kind !== 'answer') return { outcome: answer, detail: '' };
  const { status, body } = answer;
  const detail = body.slice(0, 200);
  if (status === 201) {
    const id = (JSON.parse(body) as { id?: string }).id;
    if (!id) return { outcome: { kind: 'rejected', status }, detail: `201 without an id: ${detail}` };
    return { outcome: { kind: 'accepted', visitId: id }, detail };
  }
  if (status === 503) return { outcome: { kind: 'unavailable' }, detail };
  if (status >= 500) return { outcome: { kind: 'server-error', status }, detail };
  return { outcome: { kind: 'rejected', status }, detail };
}

export interface WriteLoadOptions {
  balancer: Balancer;
  token: string;
  /** The body of each write; the suite gives every fault its own village, to tell them apart. */
  body: () => unknown;
  clients: number;
  pauseMs: number;
}

/**
 * A steady write load: `clients` loops, each sending one write, waiting for its outcome and
 * pausing. Outcomes go to whatever tally is current, so a phase boundary needs no restart.
 */
export class WriteLoad {
  tally = emptyTally();
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(private readonly options: WriteLoadOptions) {}

  async write(prefer?: Replica): Promise<Outcome> {
    const answer = await this.options.balancer.post(
      '/api/v1/cases/visits',
      this.options.body(),
      { authorization: `Bearer ${this.options.token}` },
      prefer,
    );
    const { outcome, detail } = classify(answer);
    record(this.tally, outcome, detail);
    return outcome;
  }

  start(): void {
    this.running = true;
    this.loops = Array.from({ length: this.options.clients }, async () => {
      while (this.running) {
        await this.write();
        await new Promise((r) => setTimeout(r, this.options.pauseMs));
      }
    });
  }

  /** Stops the loops and waits for the writes in flight. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
}
