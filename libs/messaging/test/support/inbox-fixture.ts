import type { Pool } from 'pg';
import pino from 'pino';
import { z } from 'zod';
import { buildEvent, defineEvent, EventDefinition } from '@wushe/contracts';
import {
  connectNats,
  ensureStream,
  InboxConsumer,
  InboxConsumerOptions,
  InboxHandler,
  NatsHandles,
  prefixedStream,
  prefixedSubject,
  SqlExecutor,
} from '@wushe/messaging';
import { createTestDatabase, deleteTestStreams, newRunId, TEST_NATS_URL, TestDatabase } from '@wushe/testing';
import { count, pgTransactions } from './pg';

/** A test event of the cases service on its own entity, so each test reads only its own messages. */
export const probeEvent = (entity: string) =>
  defineEvent({
    service: 'cases',
    entity,
    action: 'happened',
    version: 1,
    description: `test event ${entity}`,
    schema: z.object({ n: z.number().int() }),
  });

/**
 * A handler whose side effect (a row in probe_effect) is written in the inbox transaction, and which
 * fails while `failing` says so.
 */
export function probeHandler(
  definition: EventDefinition,
  failing: (attempt: number) => boolean = () => false,
) {
  const handler = {
    definition,
    attempts: 0,
    async handle(event: { id: string; data: unknown }, tx: SqlExecutor) {
      handler.attempts++;
      await tx.$executeRawUnsafe(
        'INSERT INTO probe_effect (event_id, n) VALUES ($1::uuid, $2)',
        event.id,
        (event.data as { n: number }).n,
      );
      if (failing(handler.attempts))
        throw new Error(`projection table is gone (attempt ${handler.attempts})`);
    },
  };
  return handler;
}

export interface InboxFixture {
  runId: string;
  db: TestDatabase;
  nats: NatsHandles;
  consumer(
    options: Pick<InboxConsumerOptions<SqlExecutor>, 'durable' | 'filter'> & {
      handlers: InboxHandler[];
      maxDeliveries?: number;
      /** The pool the consumer works on; the fixture's own by default. */
      pool?: Pool;
    },
  ): InboxConsumer<SqlExecutor>;
  event(definition: EventDefinition, n: number): ReturnType<typeof buildEvent>;
  publish(subject: string, payload: string | object): Promise<void>;
  count(sql: string, values?: unknown[]): Promise<number>;
  teardown(): Promise<void>;
}

export async function inboxFixture(): Promise<InboxFixture> {
  const runId = newRunId();
  const db = await createTestDatabase('reporting', runId);
  await db.pool.query('CREATE TABLE probe_effect (event_id uuid NOT NULL, n int NOT NULL)');
  const nats = await connectNats(TEST_NATS_URL, `inbox-spec-${runId}`);
  for (const service of ['cases', 'deadletter'] as const) {
    await ensureStream(nats.jsm, {
      name: prefixedStream(runId, service),
      subjects: [prefixedSubject(runId, `${service}.>`)],
      maxAgeDays: 1,
      description: 'test',
    });
  }
  const consumers: InboxConsumer<SqlExecutor>[] = [];
  return {
    runId,
    db,
    nats,
    consumer: ({ durable, filter, handlers, maxDeliveries = 5, pool = db.pool }) => {
      const consumer = new InboxConsumer<SqlExecutor>({
        durable: `${durable}`,
        source: 'cases',
        filter,
        handlers,
        db: pgTransactions(pool),
        pool,
        js: nats.js,
        jsm: nats.jsm,
        subjectPrefix: runId,
        maxDeliveries,
        backoffMs: 50,
        concurrency: 4,
        logger: pino({ level: 'silent' }),
      });
      consumers.push(consumer);
      return consumer;
    },
    event: (definition, n) =>
      buildEvent(
        definition,
        { n },
        { subject: `entity-${n}`, regionCode: '430703', correlationId: `corr-${n}` },
      ),
    publish: async (subject, payload) => {
      await nats.js.publish(
        prefixedSubject(runId, subject),
        typeof payload === 'string' ? payload : JSON.stringify(payload),
      );
    },
    count: (sql, values) => count(db.pool, sql, values),
    teardown: async () => {
      await Promise.all(consumers.map((c) => c.stop()));
      await nats.nc.close();
      await db.drop();
      await deleteTestStreams(runId);
    },
  };
}
