import { CommonErrors, DomainError } from '../errors/domain-error';

/**
 * Seconds a client is told to wait (Retry-After) when the database is away. A PostgreSQL restart
 * takes a few seconds, and services reconnect within milliseconds of its return; readiness probes
 * run every 5 s, so by then the replica is back in its Service or out of it.
 */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

// Socket failures of the connection itself; node sets `syscall` on them, which a message that
// merely mentions ECONNREFUSED (a caller's own Error) does not have.
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// SQLSTATEs of a server going away or not taking connections: class 08 (connection exception),
// 57P01 admin_shutdown (a restart), 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or
// shutting down), 53300 too_many_connections.
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;

// pg's own errors for a broken or unobtainable connection carry no code, only these messages.
const PG_CONNECTION_MESSAGES = [
  /^Connection terminated( unexpectedly| due to connection timeout)?$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^timeout exceeded when trying to connect$/,
];

// Prisma: P1001 can't reach, P1002 reached but timed out, P1008 operation timed out, P1017 server
// closed the connection, P2024 timed out waiting for a pooled connection, P2037 too many connections.
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);

// @prisma/adapter-pg's classification of a pg error (DriverAdapterError.cause.kind).
const ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);

type Shape = {
  code?: unknown;
  syscall?: unknown;
  severity?: unknown;
  message?: unknown;
  kind?: unknown;
  clientVersion?: unknown;
  cause?: unknown;
  errors?: unknown;
  meta?: { driverAdapterError?: unknown };
};

function matchesItself(e: Shape): boolean {
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code && typeof e.syscall === 'string' && SOCKET_CODES.has(code)) return true;
  // A DatabaseError from pg (it has a severity), or the adapter's copy of one (kind 'postgres').
  if (code && (typeof e.severity === 'string' || e.kind === 'postgres') && UNAVAILABLE_SQLSTATE.test(code))
    return true;
  if (code && typeof e.clientVersion === 'string' && PRISMA_CODES.has(code)) return true;
  if (typeof e.kind === 'string' && ADAPTER_KINDS.has(e.kind)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return PG_CONNECTION_MESSAGES.some((pattern) => pattern.test(message));
}

/**
 * Whether an error means the database is unreachable or dropped the connection (a restart, a
 * failover, a network fault) rather than something wrong with the request or the code. It is the
 * one place that knows the shapes the stack produces for it: node's socket errors through pg,
 * PostgreSQL's shutdown and connection SQLSTATEs, pg's code-less messages for a broken connection,
 * and Prisma's errors through @prisma/adapter-pg (a P1xxx code, or the adapter's error in
 * `meta.driverAdapterError` behind a P2010). Causes, aggregated errors and the adapter's error are
 * followed a few levels deep.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as Shape;
  if (matchesItself(e)) return true;
  const inner: unknown[] = [e.cause, e.meta?.driverAdapterError];
  if (Array.isArray(e.errors)) inner.push(...(e.errors as unknown[]));
  return inner.some((next) => next !== error && isDatabaseUnavailable(next, depth + 1));
}

/** The problem a request gets while the database is away: 503, a stable code, Retry-After. */
export function databaseUnavailableError(): DomainError {
  return CommonErrors.DEPENDENCY_UNAVAILABLE({
    dependency: 'database',
    retryAfter: DATABASE_RETRY_AFTER_SECONDS,
  });
}
