import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

// Carries the correlation id (and the causing event, inside consumers) from the edge down to the
// outbox without threading it through every use case's signature.
export interface RequestContext {
  correlationId: string;
  causationId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** The correlation id of the current request or event, or a fresh one for work started here. */
export function correlationId(): string {
  return storage.getStore()?.correlationId ?? randomUUID();
}

const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Takes a client-supplied id only if it is a harmless token; otherwise makes a new one. */
export function acceptCorrelationId(candidate: unknown): string {
  return typeof candidate === 'string' && ACCEPTABLE_ID.test(candidate) ? candidate : randomUUID();
}
