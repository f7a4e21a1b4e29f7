import type { InboxConsumer } from './inbox-consumer';
import type { SqlExecutor } from '../outbox/sql-executor';

const USAGE = 'usage: dead-letters list [consumer] | dead-letters replay <consumer> [--id <uuid> ...]';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The operator's dead-letter command: `list` shows what is waiting, `replay` runs it through the
 * consumer's inbox path again (in the same transaction-with-dedupe as live delivery).
 */
export async function runDeadLetterCommand(
  consumers: InboxConsumer<SqlExecutor>[],
  argv: string[],
  print: (line: string) => void = console.log,
): Promise<number> {
  const [command, name, ...rest] = argv;
  const selected = consumers.filter((c) => !name || c.durable === name);
  if (name && selected.length === 0) {
    print(`unknown consumer ${name}; known: ${consumers.map((c) => c.durable).join(', ')}`);
    return 2;
  }
  if (command === 'list') {
    for (const consumer of selected) {
      for (const letter of await consumer.deadLetters.pending(consumer.durable)) {
        print(
          [
            letter.id,
            consumer.durable,
            letter.subject,
            letter.eventId ?? '-',
            letter.deliveries,
            letter.error,
          ].join('\t'),
        );
      }
    }
    return 0;
  }
  if (command === 'replay' && name) {
    // Strict: a missing or mistyped id must not widen the replay to every dead letter.
    const ids: string[] = [];
    for (let i = 0; i < rest.length; i += 2) {
      if (rest[i] !== '--id' || !UUID.test(rest[i + 1] ?? '')) {
        print(USAGE);
        return 2;
      }
      ids.push(rest[i + 1]);
    }
    const result = await selected[0].replayDeadLetters(ids.length ? ids : undefined);
    print(`replayed ${result.replayed}, still failing ${result.failed}`);
    return result.failed > 0 ? 1 : 0;
  }
  print(USAGE);
  return 2;
}
