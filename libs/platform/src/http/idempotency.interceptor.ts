import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Pool } from 'pg';
import { Observable, from, of, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import type { Principal } from '../auth/principal';
import { PG_POOL } from '../database/database.tokens';
import { CommonErrors } from '../errors/domain-error';

const KEY = /^[A-Za-z0-9._:-]{8,200}$/;
const NOT_REPLAYABLE = 'wushe:not-replayable';

/**
 * Marks a POST whose response must never be stored for replay — it carries a secret or revealed
 * personal data — so an Idempotency-Key on it is ignored and the request simply runs again.
 * The reason is required so the choice is explained where it is made.
 */
export const NotReplayable = (reason: string) => SetMetadata(NOT_REPLAYABLE, reason);
const IN_PROGRESS = 0;

/**
 * Seconds after which a reservation still in progress counts as abandoned, and a retry of the same
 * request (same key, same body) takes it over. A reservation outlives its request only when its
 * release failed — the database went away mid-request, or the process died — and would otherwise
 * answer 409 to every retry until housekeeping removes it a day later. Longer than any request can
 * hold one (Prisma waits 10 s for a connection and allows a transaction 15 s).
 */
const ABANDONED_AFTER_S = 60;

interface StoredResponse {
  request_hash: string;
  status: number;
  body: unknown;
}

/**
 * Honours `Idempotency-Key` on POST: field devices on village networks retry, and a retried
 * "create" must return the first response instead of creating twice. The key is reserved before
 * the handler runs (so concurrent retries cannot both execute), filled with the response after it,
 * and released if the handler fails so the client can retry. Keys are per caller.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined) return next.handle();
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<string>(NOT_REPLAYABLE, targets)) return next.handle();
    if (typeof key !== 'string' || !KEY.test(key)) {
      return throwError(() =>
        CommonErrors.VALIDATION_FAILED({
          errors: [
            { path: 'header.idempotency-key', code: 'invalid_format', message: '8-200 of [A-Za-z0-9._:-]' },
          ],
        }),
      );
    }
    const principal = request.principal?.subject ?? 'anonymous';
    const hash = createHash('sha256')
      .update(`${request.method} ${request.path}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');
    const response = context.switchToHttp().getResponse<Response>();
    return from(this.reserve(principal, key, hash)).pipe(
      mergeMap((stored) => {
        if (stored) return of(this.replay(stored, hash, response));
        return next.handle().pipe(
          mergeMap((body) =>
            from(this.complete(principal, key, response.statusCode, body)).pipe(mergeMap(() => of(body))),
          ),
          catchError((error) =>
            // If the release fails too (the database away), the handler's error is still the answer;
            // the reservation is taken over by a retry once abandoned.
            from(this.release(principal, key).catch(() => undefined)).pipe(
              mergeMap(() => throwError(() => error)),
            ),
          ),
        );
      }),
    );
  }

  /**
   * Returns the stored record when the key was already used, or undefined after reserving it (or
   * taking over an abandoned reservation of the same request).
   */
  private async reserve(principal: string, key: string, hash: string): Promise<StoredResponse | undefined> {
    const inserted = await this.pool.query(
      `INSERT INTO idempotency_record (principal, key, request_hash, status, body)
       VALUES ($1, $2, $3, ${IN_PROGRESS}, 'null')
       ON CONFLICT (principal, key) DO UPDATE SET created_at = now()
         WHERE idempotency_record.status = ${IN_PROGRESS}
           AND idempotency_record.request_hash = EXCLUDED.request_hash
           AND idempotency_record.created_at < now() - make_interval(secs => $4)`,
      [principal, key, hash, ABANDONED_AFTER_S],
    );
    if (inserted.rowCount === 1) return undefined;
    const { rows } = await this.pool.query<StoredResponse>(
      'SELECT request_hash, status, body FROM idempotency_record WHERE principal = $1 AND key = $2',
      [principal, key],
    );
    // Released between our insert and select: treat as a conflict rather than loop.
    return rows[0] ?? { request_hash: hash, status: IN_PROGRESS, body: null };
  }

  private replay(stored: StoredResponse, hash: string, response: Response): unknown {
    if (stored.request_hash !== hash) throw CommonErrors.IDEMPOTENCY_KEY_REUSED();
    if (stored.status === IN_PROGRESS) throw CommonErrors.IDEMPOTENCY_IN_PROGRESS();
    response.status(stored.status).setHeader('Idempotency-Replayed', 'true');
    return stored.body;
  }

  private async complete(principal: string, key: string, status: number, body: unknown): Promise<void> {
    await this.pool.query(
      'UPDATE idempotency_record SET status = $3, body = $4 WHERE principal = $1 AND key = $2',
      [principal, key, status, JSON.stringify(body ?? null)],
    );
  }

  private async release(principal: string, key: string): Promise<void> {
    await this.pool.query('DELETE FROM idempotency_record WHERE principal = $1 AND key = $2', [
      principal,
      key,
    ]);
  }
}
