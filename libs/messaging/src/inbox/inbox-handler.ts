import type { Envelope, EventData, EventDefinition } from '@wushe/contracts';
import type { SqlExecutor } from '../outbox/sql-executor';

/**
 * Handles one event type inside the consumer's transaction: `tx` is the same transaction that
 * records the event as processed, so the handler's change and the dedupe record commit together.
 */
export interface InboxHandler<
  D extends EventDefinition = EventDefinition,
  Tx extends SqlExecutor = SqlExecutor,
> {
  readonly definition: D;
  handle(event: Envelope<EventData<D>>, tx: Tx): Promise<void>;
}
