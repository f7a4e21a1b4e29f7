import { trace } from '@opentelemetry/api';
import pino, { DestinationStream, Logger } from 'pino';
import { currentContext } from '../context/request-context';
import { loggedError } from './error-fields';

// Personal data and secrets never reach a log line: these paths are censored wherever they
// appear in a logged object (request bodies included).
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.accessToken',
  '*.refreshToken',
  '*.idNumber',
  '*.residentId',
  '*.phone',
  '*.mobile',
  '*.address',
  '*.name',
  '*.notes',
  '*.*.idNumber',
  '*.*.phone',
  '*.*.name',
  '*.*.address',
];

/** The platform's logger; `destination` is stdout unless a test captures the lines. */
export function createLogger(service: string, level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // An error is logged as its name, message, stack frames, code and causes, never its other
    // properties (a driver's error carries the failing row or query parameters).
    serializers: { err: loggedError },
    // Every line carries the trace and correlation ids of the work that wrote it.
    mixin() {
      const span = trace.getActiveSpan()?.spanContext();
      const ctx = currentContext();
      return {
        ...(span ? { traceId: span.traceId, spanId: span.spanId } : {}),
        ...(ctx ? { correlationId: ctx.correlationId } : {}),
      };
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
