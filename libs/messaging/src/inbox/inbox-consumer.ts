import {
  AckPolicy,
  Consumer,
  ConsumerMessages,
  DeliverPolicy,
  JetStreamClient,
  JetStreamManager,
  JsMsg,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { EventContractError, EventDefinition, ServiceName, parseEvent, Envelope } from '@wushe/contracts';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable, runWithContext } from '@wushe/platform';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { prefixedStream, prefixedSubject, unprefixedSubject } from '../nats/subjects';
import { extractTraceContext } from '../nats/trace-headers';
import type { SqlExecutor, TransactionRunner } from '../outbox/sql-executor';
import { DeadLetterStore } from './dead-letters';
import type { InboxHandler } from './inbox-handler';

export interface InboxConsumerOptions<Tx extends SqlExecutor> {
  /** Durable consumer name, unique across the platform, e.g. `reporting-visits`. */
  durable: string;
  /** The service whose stream is consumed. */
  source: ServiceName;
  /** Subject filter within that stream (contract subject, without prefix), e.g. `cases.visit.>`. */
  filter: string;
  handlers: InboxHandler<EventDefinition, Tx>[];
  db: TransactionRunner<Tx>;
  pool: Pool;
  js: JetStreamClient;
  jsm: JetStreamManager;
  subjectPrefix: string;
  maxDeliveries: number;
  backoffMs: number;
  concurrency: number;
  logger: Logger;
}

type Outcome = 'processed' | 'duplicate' | 'ignored';
const tracer = trace.getTracer('@wushe/messaging');

/** ORM errors embed pages of generated code; keep the start and the end, where the cause is. */
export function summarizeError(error: Error): string {
  const text = `${error.name}: ${error.message}`;
  return text.length <= 3500 ? text : `${text.slice(0, 500)} … ${text.slice(-3000)}`;
}

/**
 * A durable pull consumer with an inbox. Each event is recorded in processed_event in the same
 * transaction as its handler's change, so a redelivery is a no-op. A failing event is retried with
 * exponential backoff and, after maxDeliveries, moved to the dead letters; an event that breaks
 * its contract goes there at once, since retrying cannot fix it.
 */
export class InboxConsumer<Tx extends SqlExecutor> {
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private stopped = false;
  private wake?: () => void;
  private readonly handlers: Map<string, InboxHandler<EventDefinition, Tx>>;
  readonly deadLetters: DeadLetterStore;

  constructor(private readonly options: InboxConsumerOptions<Tx>) {
    this.handlers = new Map(options.handlers.map((h) => [h.definition.type, h]));
    this.deadLetters = new DeadLetterStore(options.pool, options.js, options.subjectPrefix);
  }

  get durable(): string {
    return this.options.durable;
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.loop = this.run();
  }

  /** Stops fetching, lets in-flight messages finish, and returns once the loop has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    // stop(), not close(): close() resolves only once the iterator is drained, which never happens
    // if it was not being iterated. In-flight handlers are awaited by the loop; messages fetched
    // but not started are redelivered after ack_wait.
    this.messages?.stop();
    await this.loop;
  }

  /** Runs one raw event through the inbox path; used by the consume loop and by replay. */
  async process(payload: string): Promise<Outcome> {
    const envelope = this.parse(payload);
    const handler = this.handlers.get(envelope.type);
    if (!handler) return 'ignored';
    return runWithContext({ correlationId: envelope.correlationid, causationId: envelope.id }, () =>
      this.options.db.$transaction(async (tx) => {
        const inserted = await tx.$executeRawUnsafe(
          'INSERT INTO processed_event (consumer, event_id) VALUES ($1, $2::uuid) ON CONFLICT DO NOTHING',
          this.options.durable,
          envelope.id,
        );
        if (inserted === 0) return 'duplicate';
        await handler.handle(envelope, tx);
        return 'processed';
      }),
    );
  }

  /** Re-runs dead letters (all pending, or the given ids); returns how many now succeeded. */
  async replayDeadLetters(ids?: string[]): Promise<{ replayed: number; failed: number }> {
    let replayed = 0;
    let failed = 0;
    for (const letter of await this.deadLetters.pending(this.options.durable, ids)) {
      try {
        await this.process(letter.payload);
        await this.deadLetters.markReplayed(letter.id);
        replayed++;
      } catch (error) {
        await this.deadLetters.markFailedAgain(letter.id, summarizeError(error as Error));
        failed++;
      }
    }
    return { replayed, failed };
  }

  private parse(payload: string): Envelope {
    let raw: unknown;
    try {
      raw = JSON.parse(payload);
    } catch {
      throw new EventContractError('Message is not JSON', []);
    }
    const type = (raw as { type?: unknown })?.type;
    const handler = typeof type === 'string' ? this.handlers.get(type) : undefined;
    if (!handler) {
      if (typeof type !== 'string') throw new EventContractError('Message has no CloudEvents type', []);
      return raw as Envelope; // A type this consumer does not handle: acknowledged and skipped.
    }
    return parseEvent(handler.definition, raw);
  }

  /**
   * Consumes until stopped. Anything that breaks the subscription (the stream not created yet by
   * its service, the consumer deleted, NATS restarting) is retried with backoff; stop() ends it
   * quietly at any point, including during a backoff.
   */
  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      try {
        const consumer = await this.ensureConsumer();
        attempt = 0;
        await this.consumeFrom(consumer);
      } catch (error) {
        if (this.stopped) return;
        const wait = Math.min(500 * 2 ** attempt++, 10_000);
        this.options.logger.warn({ err: error, wait }, 'Inbox consumer not consuming; retrying');
        await this.pause(wait);
      }
    }
  }

  private async consumeFrom(consumer: Consumer): Promise<void> {
    this.messages = await consumer.consume({ max_messages: this.options.concurrency * 2 });
    // stop() may have run while consume() was being awaited, before there was anything to stop.
    if (this.stopped) {
      this.messages.stop();
      return;
    }
    const inFlight = new Set<Promise<void>>();
    try {
      for await (const msg of this.messages) {
        const task = this.handle(msg).finally(() => inFlight.delete(task));
        inFlight.add(task);
        if (inFlight.size >= this.options.concurrency) await Promise.race(inFlight);
        if (this.stopped) break;
      }
    } finally {
      await Promise.all(inFlight);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async ensureConsumer(): Promise<Consumer> {
    const stream = prefixedStream(this.options.subjectPrefix, this.options.source);
    await this.options.jsm.consumers.add(stream, {
      durable_name: this.options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: prefixedSubject(this.options.subjectPrefix, this.options.filter),
      ack_wait: nanos(30_000),
      // Redelivery is bounded by the inbox (dead letters), not by the server, so nothing is
      // silently dropped after max_deliver.
      max_deliver: -1,
    });
    return this.options.js.consumers.get(stream, this.options.durable);
  }

  private async handle(msg: JsMsg): Promise<void> {
    const subject = unprefixedSubject(this.options.subjectPrefix, msg.subject);
    const parent = extractTraceContext(msg.headers);
    const span = tracer.startSpan(
      `${subject} process`,
      {
        kind: SpanKind.CONSUMER,
        attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject },
      },
      parent,
    );
    await context.with(trace.setSpan(parent, span), async () => {
      try {
        const outcome = await this.process(msg.string());
        span.setAttribute('wushe.inbox.outcome', outcome);
        msg.ack();
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        await this.fail(msg, subject, error as Error);
      } finally {
        span.end();
      }
    });
  }

  private async fail(msg: JsMsg, subject: string, error: Error): Promise<void> {
    const deliveries = msg.info.deliveryCount;
    // The database away (a restart, an outage) says nothing about the event: it is retried for as
    // long as that lasts, at least every few seconds, instead of being dead-lettered.
    const databaseAway = isDatabaseUnavailable(error);
    const poison =
      error instanceof EventContractError || (deliveries >= this.options.maxDeliveries && !databaseAway);
    if (!poison) {
      const delay = Math.min(
        this.options.backoffMs * 2 ** (deliveries - 1),
        databaseAway ? DATABASE_RETRY_AFTER_SECONDS * 1000 : 300_000,
      );
      this.options.logger.warn(
        { err: error, subject, deliveries, delay },
        'Event failed; will be redelivered',
      );
      msg.nak(delay);
      return;
    }
    const eventId = /"id"\s*:\s*"([0-9a-f-]{36})"/.exec(msg.string())?.[1] ?? null;
    this.options.logger.error({ err: error, subject, deliveries, eventId }, 'Event moved to dead letters');
    try {
      await this.deadLetters.record({
        consumer: this.options.durable,
        eventId,
        subject,
        payload: msg.string(),
        error: summarizeError(error),
        deliveries,
      });
      // A bare +TERM: servers before 2.10 ignore `+TERM <reason>`, and the message would come back
      // after ack_wait and be dead-lettered again. The reason is in the dead letter row anyway.
      msg.term();
    } catch (recordError) {
      // Could not record it: keep it in the stream rather than lose it.
      this.options.logger.error({ err: recordError }, 'Dead letter could not be recorded');
      msg.nak(this.options.backoffMs);
    }
  }
}
