import type { TestGrant } from '@wushe/testing';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { IdentityAppOptions, IdentityTestApp, startIdentityApp } from './identity-app';

export const API = '/api/v1/identity';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface IdentitySpecOptions extends IdentityAppOptions {
  /** Environment overrides for the app's configuration. */
  overrides?: Record<string, string>;
}

/**
 * One spec file's view of the identity app, started in beforeAll and closed in afterAll. The app's
 * parts are read lazily, so helpers can be defined at the top of the file and used in tests.
 */
export interface IdentitySpec extends Omit<IdentityTestApp, 'close'> {
  /** A token from the run's test authority, for `subject` or else a fresh account id. */
  token(grants: TestGrant[], subject?: string): Promise<string>;
  /** A token holding one role in one region. */
  as(role: string, region: string, subject?: string): Promise<string>;
  http(): ReturnType<typeof request>;
  /** A request to `${API}${path}` with the bearer token set and no body yet. */
  request(method: Method, auth: string, path: string): request.Test;
  /** A POST; the body is sent only when given. */
  post(auth: string, path: string, body?: object): request.Test;
  get(auth: string, path: string): request.Test;
  patch(auth: string, path: string, body: object): request.Test;
  /** One caller's requests, bodies still to send: `caller(token).post('/staff').send(body)`. */
  caller(auth: string): Record<'get' | 'post' | 'patch', (path: string) => request.Test>;
  /** `SELECT count(*) FROM ${from}`: a table, optionally with a WHERE clause using `params`. */
  count(from: string, params?: unknown[]): Promise<number>;
  /** The rows a query answers, straight from the database. */
  rows<T extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export function useIdentityApp(options: IdentitySpecOptions = {}): IdentitySpec {
  let started: IdentityTestApp | undefined;
  beforeAll(async () => {
    started = await startIdentityApp(options.overrides, options);
  });
  afterAll(async () => {
    await started?.close();
  });

  const current = (): IdentityTestApp => {
    if (!started) throw new Error('the identity app starts in beforeAll: use it inside a hook or a test');
    return started;
  };
  const spec: IdentitySpec = {
    get env() {
      return current().env;
    },
    get app() {
      return current().app;
    },
    get db() {
      return current().db;
    },
    token: (grants, subject = uuidv7()) => current().env.authority.token(subject, grants),
    as: (role, region, subject) => spec.token([{ role, region }], subject),
    http: () => request(current().app.getHttpServer()),
    request: (method, auth, path) =>
      spec.http()[method](`${API}${path}`).set('authorization', `Bearer ${auth}`),
    post: (auth, path, body) => {
      const req = spec.request('post', auth, path);
      return body === undefined ? req : req.send(body);
    },
    get: (auth, path) => spec.request('get', auth, path),
    patch: (auth, path, body) => spec.request('patch', auth, path).send(body),
    caller: (auth) => ({
      get: (path) => spec.request('get', auth, path),
      post: (path) => spec.request('post', auth, path),
      patch: (path) => spec.request('patch', auth, path),
    }),
    count: async (from, params = []) =>
      (await current().db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${from}`, params)).rows[0].n,
    rows: async <T extends object>(sql: string, params: unknown[] = []) =>
      (await current().db.query<T>(sql, params)).rows,
  };
  return spec;
}
