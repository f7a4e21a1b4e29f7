import { z } from 'zod';
import { envelopeSchema } from './envelope';
import { EventDefinition } from './event-definition';
import { streamName } from './naming';
import { eventRegistry } from './registry';

const camel = (subject: string) =>
  subject.replace(/[.-]([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/^./, (c) => c);

function messageFor(def: EventDefinition) {
  const payload = z.toJSONSchema(envelopeSchema.extend({ data: def.schema }), {
    target: 'draft-7',
    io: 'output',
  });
  delete (payload as { $schema?: string }).$schema;
  return {
    name: def.type,
    title: def.type,
    summary: def.description,
    contentType: 'application/cloudevents+json',
    headers: {
      type: 'object',
      properties: {
        'Nats-Msg-Id': { type: 'string', description: 'Equals the event id; the server deduplicates on it.' },
        traceparent: { type: 'string', description: 'W3C trace context of the producing request.' },
      },
    },
    payload,
  };
}

/** The AsyncAPI 3 document of every registered event: what outside systems may subscribe to. */
export function buildAsyncApiDocument(version: string, registry: readonly EventDefinition[] = eventRegistry) {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const def of [...registry].sort((a, b) => a.subject.localeCompare(b.subject))) {
    const id = camel(def.subject);
    messages[id] = messageFor(def);
    channels[id] = {
      address: def.subject,
      description: `${def.description} Stream ${streamName(def.service)}.`,
      messages: { [id]: { $ref: `#/components/messages/${id}` } },
    };
    operations[`receive${id[0].toUpperCase()}${id.slice(1)}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${id}` },
      messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Wushe events',
      version,
      description:
        'Events published by Wushe services on NATS JetStream as CloudEvents 1.0 (structured JSON). ' +
        'One stream per owning service over `<service>.>`. Events carry ids, region codes, categories, ' +
        'counts and amounts; never names, ID numbers, phone numbers or notes about a person.',
    },
    defaultContentType: 'application/cloudevents+json',
    servers: { production: { host: 'nats:4222', protocol: 'nats', description: 'JetStream-enabled NATS.' } },
    channels,
    operations,
    components: { messages },
  };
}
