import { buildEvent, Envelope, EventData, EventDefinition } from '@wushe/contracts';
import { currentContext, correlationId } from '@wushe/platform';
import { currentTraceHeaders } from '../nats/trace-headers';
import { SqlExecutor } from './sql-executor';

export interface EventFacts {
  /** The entity the event is about. */
  subject: string;
  regionCode: string;
}

/** Relays LISTEN on this channel so a commit is published at once instead of at the next poll. */
export const OUTBOX_CHANNEL = 'wushe_outbox';

/**
 * Appends events to the outbox inside the caller's transaction: the state change and its events
 * commit or roll back together, and the relay publishes them afterwards.
 */
export class OutboxWriter {
  /** Builds an event from the current request's context (correlation, causation, trace). */
  build<D extends EventDefinition>(def: D, data: EventData<D>, facts: EventFacts): Envelope<EventData<D>> {
    const trace = currentTraceHeaders();
    return buildEvent(def, data, {
      subject: facts.subject,
      regionCode: facts.regionCode,
      correlationId: correlationId(),
      causationId: currentContext()?.causationId,
      traceparent: trace.traceparent,
    });
  }

  async publish<D extends EventDefinition>(
    tx: SqlExecutor,
    def: D,
    data: EventData<D>,
    facts: EventFacts,
  ): Promise<Envelope<EventData<D>>> {
    const event = this.build(def, data, facts);
    await this.append(tx, [{ subject: def.subject, event }]);
    return event;
  }

  async append(tx: SqlExecutor, events: Array<{ subject: string; event: Envelope }>): Promise<void> {
    if (events.length === 0) return;
    const headers = JSON.stringify(currentTraceHeaders());
    const values: unknown[] = [];
    const rows = events.map(({ subject, event }, i) => {
      values.push(event.id, subject, JSON.stringify(event), headers);
      return `($${i * 4 + 1}::uuid, $${i * 4 + 2}, $${i * 4 + 3}::jsonb, $${i * 4 + 4}::jsonb)`;
    });
    await tx.$executeRawUnsafe(
      `INSERT INTO outbox_event (id, subject, envelope, headers) VALUES ${rows.join(', ')}`,
      ...values,
    );
    await tx.$executeRawUnsafe(`SELECT pg_notify('${OUTBOX_CHANNEL}', current_schema())`);
  }
}
