import { CommonErrors, DomainError } from '@wushe/platform';
import type { NextFunction, Request, Response } from 'express';

/** Where a request came from, for the audit log and the login throttle. */
export interface RequestOrigin {
  ip?: string;
  userAgent?: string;
}

/**
 * `req.ip` is the peer address unless the platform sets Express's `trust proxy` for the Ingress in
 * front; X-Forwarded-For is not read here because any client can write it.
 */
export function originOf(req: Request): RequestOrigin {
  return { ip: req.ip ?? req.socket?.remoteAddress, userAgent: req.headers['user-agent'] };
}

/**
 * Runs a credentials endpoint: its answers are never cached (RFC 6749 §5.1), and a refusal that
 * says when to come back (lockout, throttle) gets a Retry-After header beside its problem details.
 */
export async function credentialsResponse<T>(res: Response, work: () => Promise<T>): Promise<T> {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  try {
    return await work();
  } catch (error) {
    const retryAfter = error instanceof DomainError ? error.details?.retryAfter : undefined;
    if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    throw error;
  }
}

const FORM = /^application\/x-www-form-urlencoded\s*(;|$)/i;
const FORM_LIMIT_BYTES = 8 * 1024;

/** OAuth clients send token requests as application/x-www-form-urlencoded (RFC 6749 §4.4.2). */
export async function formBody(req: Request, _res: Response, next: NextFunction): Promise<void> {
  if (req.method === 'POST' && FORM.test(req.headers['content-type'] ?? '') && req.body === undefined) {
    const raw = await readLimited(req, FORM_LIMIT_BYTES);
    req.body = Object.fromEntries(new URLSearchParams(raw));
  }
  next();
}

function readLimited(req: Request, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: DomainError) => {
      req.removeAllListeners('data');
      req.resume(); // drain the rest so the response can still be written
      reject(error);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) fail(CommonErrors.PAYLOAD_TOO_LARGE());
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => reject(CommonErrors.VALIDATION_FAILED()));
  });
}
