import type { NestExpressApplication } from '@nestjs/platform-express';
import { type TestGrant, watchTeardown } from '@wushe/testing';
import type { QueryResultRow } from 'pg';
import type { Logger } from 'pino';
import request from 'supertest';
import { CasesTestApp, startCasesApp, startCasesWorker } from './cases-app';

export const API = '/api/v1/cases';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** An outbox envelope as pg hands it over, untyped: each spec reads the fields it checks. */
type Envelope = QueryResultRow[string];

export interface CasesSpecOptions {
  /** The region `as()` grants when none is named. */
  region?: string;
  /** Also start a worker-role app, for the specs whose jobs run there. */
  worker?: boolean;
  /** Makes each app's logger (the API's, then the worker's); silent by default. */
  logger?: () => Logger;
}

/**
 * One spec file's view of the cases app, started in beforeAll and closed in afterAll. The app's
 * parts are read lazily, so helpers can be defined at the top of the file and used in tests.
 */
export interface CasesSpec extends Omit<CasesTestApp, 'close'> {
  /** The worker-role app; only with `{ worker: true }`. */
  readonly worker: NestExpressApplication;
  /** A token from the run's test authority, for `subject` or else a fresh `user-N`. */
  token(grants: TestGrant[], subject?: string): Promise<string>;
  /** A token holding one role in one region. */
  as(role: string, region?: string, subject?: string): Promise<string>;
  http(): ReturnType<typeof request>;
  /** A request to `${API}${path}` with the bearer token set and no body yet. */
  request(method: Method, auth: string, path: string): request.Test;
  post(auth: string, path: string, body?: object): request.Test;
  get(auth: string, path: string): request.Test;
  patch(auth: string, path: string, body: object): request.Test;
  /** The outbox envelopes about one subject, in the order they were written. */
  events(subject: string): Promise<Envelope[]>;
}

export function useCasesApp(options: CasesSpecOptions = {}): CasesSpec {
  let started: CasesTestApp | undefined;
  let worker: NestExpressApplication | undefined;
  beforeAll(async () => {
    started = await startCasesApp({}, options.logger?.());
    if (options.worker) worker = await startCasesWorker(started, options.logger?.());
  });
  afterAll(async () => {
    const w = worker;
    if (w) await watchTeardown('cases worker close()', () => w.close());
    await started?.close();
  });

  const current = (): CasesTestApp => {
    if (!started) throw new Error('the cases app starts in beforeAll: use it inside a hook or a test');
    return started;
  };
  let seq = 0;
  const spec: CasesSpec = {
    get env() {
      return current().env;
    },
    get app() {
      return current().app;
    },
    get db() {
      return current().db;
    },
    get worker() {
      if (!worker) throw new Error('no worker app: pass { worker: true } to useCasesApp');
      return worker;
    },
    token: (grants, subject = `user-${++seq}`) => current().env.authority.token(subject, grants),
    as: (role, region = options.region, subject) => {
      if (!region) throw new Error(`as(${role}): name a region or pass { region } to useCasesApp`);
      return spec.token([{ role, region }], subject);
    },
    http: () => request(current().app.getHttpServer()),
    request: (method, auth, path) =>
      spec.http()[method](`${API}${path}`).set('Authorization', `Bearer ${auth}`),
    post: (auth, path, body = {}) => spec.request('post', auth, path).send(body),
    get: (auth, path) => spec.request('get', auth, path),
    patch: (auth, path, body) => spec.request('patch', auth, path).send(body),
    events: async (subject) =>
      (
        await current().db.query(
          `SELECT envelope FROM outbox_event WHERE envelope->>'subject' = $1 ORDER BY created_at, id`,
          [subject],
        )
      ).rows.map((r) => r.envelope),
  };
  return spec;
}
