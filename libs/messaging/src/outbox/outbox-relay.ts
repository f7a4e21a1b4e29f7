import type { JetStreamClient } from '@nats-io/jetstream';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { prefixedSubject } from '../nats/subjects';
import { toNatsHeaders } from '../nats/trace-headers';
import { outboxMetrics } from './outbox-metrics';
import { outboxSignal } from './outbox-writer';

export interface OutboxRelayOptions {
  schema: string;
  subjectPrefix: string;
  batchSize: number;
  /** Longest wait between polls when the outbox stays empty. */
  pollMs: number;
  /** Longest wait between attempts while NATS is unreachable. */
  maxBackoffMs?: number;
  /** How long published rows are kept (for inspection) before they are deleted. */
  retainSentMs?: number;
}

const MIN_POLL_MS = 20;

interface OutboxRow {
  id: string;
  subject: string;
  envelope: unknown;
  headers: Record<string, string>;
}

/**
 * Publishes the outbox to JetStream. Any number of relays may run: each batch is claimed with
 * FOR UPDATE SKIP LOCKED and marked sent in the same transaction after JetStream acknowledged it,
 * with Nats-Msg-Id = event id so a batch re-published after a crash is deduplicated by the server.
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** Current idle wait: short after activity, doubling while the outbox stays empty. */
  private idleMs = MIN_POLL_MS;
  private readonly onAppended = () => this.hurry();
  private lastCleanup = 0;
  private readonly metrics;

  constructor(
    private readonly pool: Pool,
    private readonly js: JetStreamClient,
    private readonly options: OutboxRelayOptions,
    private readonly logger: Logger,
  ) {
    this.metrics = outboxMetrics(pool, options.schema);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    outboxSignal.on('appended', this.onAppended);
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    outboxSignal.off('appended', this.onAppended);
    this.wake?.();
    await this.loop;
  }

  /**
   * Publishes one batch; returns how many events it published. The client is held across the
   * JetStream publishes; if PostgreSQL terminates it meanwhile (a restart), the pool's listener
   * hears the error, the batch fails here and is claimed again by the next attempt (JetStream
   * drops the re-published events as duplicates of their Nats-Msg-Id).
   */
  async drainOnce(): Promise<number> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<OutboxRow>(
        `SELECT id, subject, envelope, headers FROM outbox_event
         WHERE sent_at IS NULL ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize],
      );
      if (rows.length > 0) {
        // Publishes from one connection reach the server in order, so awaiting them together
        // keeps the stream order while paying one round trip per batch instead of per event.
        await Promise.all(
          rows.map((row) =>
            this.js.publish(
              prefixedSubject(this.options.subjectPrefix, row.subject),
              JSON.stringify(row.envelope),
              {
                msgID: row.id,
                headers: toNatsHeaders(row.headers, row.id),
              },
            ),
          ),
        );
        await client.query('UPDATE outbox_event SET sent_at = now() WHERE id = ANY($1::uuid[])', [
          rows.map((r) => r.id),
        ]);
      }
      await client.query('COMMIT');
      this.metrics.published.inc(rows.length);
      return rows.length;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      // A client that could not even roll back is destroyed rather than handed to the next caller.
      client.release(broken);
    }
  }

  private async run(): Promise<void> {
    let backoff = 0;
    while (this.running) {
      try {
        const published = await this.drainOnce();
        backoff = 0;
        await this.cleanup();
        if (published === this.options.batchSize) continue;
        // Poll often while events flow, back off to pollMs while the outbox stays empty; writers
        // in other processes are found by the next poll, writers in this one hurry it.
        this.idleMs = published > 0 ? MIN_POLL_MS : Math.min(this.idleMs * 2, this.options.pollMs);
        await this.sleep(this.idleMs);
      } catch (error) {
        this.metrics.failures.inc();
        backoff = Math.min(backoff ? backoff * 2 : 200, this.options.maxBackoffMs ?? 15_000);
        this.logger.warn({ err: error, backoffMs: backoff }, 'Outbox relay could not publish; will retry');
        await this.sleep(backoff);
      }
    }
  }

  /** A writer in this process is committing: poll again shortly (after its commit). */
  private hurry(): void {
    if (this.idleMs <= MIN_POLL_MS) return;
    this.idleMs = MIN_POLL_MS;
    const wake = this.wake;
    if (wake) setTimeout(wake, MIN_POLL_MS).unref();
  }

  private sleep(ms: number): Promise<void> {
    // stop() during a drain found no sleep to wake: do not start one it would have to wait out.
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async cleanup(): Promise<void> {
    const retain = this.options.retainSentMs ?? 24 * 3600_000;
    if (Date.now() - this.lastCleanup < 60_000) return;
    this.lastCleanup = Date.now();
    await this.pool.query(
      `DELETE FROM outbox_event WHERE id IN (
         SELECT id FROM outbox_event WHERE sent_at < now() - make_interval(secs => $1) LIMIT 10000)`,
      [retain / 1000],
    );
  }
}
