import { trace } from '@opentelemetry/api';
import type { Request } from 'express';
import { currentContext } from '../context/request-context';
import { loggedError, LoggedError } from './error-fields';

export interface UnhandledErrorFields {
  err: LoggedError;
  /** The route as declared (`GET /api/v1/cases/recipients/:id`), or the bare path if none matched. */
  route: string;
  correlationId?: string;
  traceId?: string;
}

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;

/**
 * The trace the request belongs to: the active span's, or (without tracing in this process) the
 * trace id the caller sent in `traceparent`, so the line can still be found from the caller's trace.
 */
function traceIdOf(request: Request): string | undefined {
  const active = trace.getActiveSpan()?.spanContext().traceId;
  if (active) return active;
  const header = request.headers?.traceparent;
  return typeof header === 'string' ? TRACEPARENT.exec(header)?.[1] : undefined;
}

/** What a 500's log line says: the error, where it happened, and the ids to find the request by. */
export function unhandledErrorFields(error: unknown, request: Request): UnhandledErrorFields {
  const template = (request.route as { path?: unknown } | undefined)?.path;
  const path = typeof template === 'string' ? template : request.path;
  const correlationId = currentContext()?.correlationId;
  const traceId = traceIdOf(request);
  return {
    err: loggedError(error),
    route: `${request.method} ${path}`,
    ...(correlationId ? { correlationId } : {}),
    ...(traceId ? { traceId } : {}),
  };
}
