import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { Envelope, envelopeSchema } from './envelope';
import { EventName, ServiceName, eventSource, eventSubject, eventType } from './naming';

export interface EventDefinition<S extends z.ZodType = z.ZodType> extends EventName {
  readonly type: string;
  readonly subject: string;
  readonly description: string;
  readonly schema: S;
}

export type EventData<D extends EventDefinition> = z.infer<D['schema']>;

export function defineEvent<S extends z.ZodType>(
  def: EventName & { service: ServiceName; description: string; schema: S },
): EventDefinition<S> {
  return Object.freeze({ ...def, type: eventType(def), subject: eventSubject(def) });
}

export interface EventOrigin {
  /** The entity id the event is about (CloudEvents `subject`). */
  subject: string;
  regionCode: string;
  correlationId: string;
  causationId?: string;
  traceparent?: string;
  time?: Date;
}

/** Builds a valid envelope; the data is parsed so a producer cannot emit what consumers reject. */
export function buildEvent<D extends EventDefinition>(
  def: D,
  data: EventData<D>,
  origin: EventOrigin,
): Envelope<EventData<D>> {
  const envelope = {
    specversion: '1.0' as const,
    id: uuidv7(),
    source: eventSource(def.service),
    type: def.type,
    time: (origin.time ?? new Date()).toISOString(),
    subject: origin.subject,
    datacontenttype: 'application/json' as const,
    regioncode: origin.regionCode,
    correlationid: origin.correlationId,
    ...(origin.causationId ? { causationid: origin.causationId } : {}),
    ...(origin.traceparent ? { traceparent: origin.traceparent } : {}),
    data: def.schema.parse(data),
  };
  envelopeSchema.parse(envelope);
  return envelope as Envelope<EventData<D>>;
}

export class EventContractError extends Error {
  constructor(
    message: string,
    readonly issues: unknown,
  ) {
    super(message);
  }
}

/** Parses a raw message against the envelope and the definition's data schema. */
export function parseEvent<D extends EventDefinition>(def: D, raw: unknown): Envelope<EventData<D>> {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) throw new EventContractError('Invalid CloudEvents envelope', envelope.error.issues);
  if (envelope.data.type !== def.type) {
    throw new EventContractError(`Expected ${def.type}, got ${envelope.data.type}`, []);
  }
  const data = def.schema.safeParse(envelope.data.data);
  if (!data.success) throw new EventContractError(`Invalid data for ${def.type}`, data.error.issues);
  return { ...envelope.data, data: data.data } as Envelope<EventData<D>>;
}
