import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import request from 'supertest';
import type { TestAuthority } from '../test-authority';
import { baseUrl } from './listening';
import { MATRIX_ROLES, type MatrixRecord } from './access-matrix';
import { JsonSchema, OpenApiDocument, Route, routesOf } from './openapi-routes';
import { Hint, sampleValue } from './sample-value';

// The bad-input pass: every route of the document, called by a caller who holds every role over
// the whole province, with the shared corpus of things that have broken servers before. Any
// answer is acceptable except a 5xx (and a hang, which Jest's timeout catches).

/** Raw JSON bodies that are not what any route takes. */
const RAW_BODIES: Record<string, string> = {
  'malformed JSON': '{"a":',
  'an array': '[]',
  'a string': '"text"',
  'a number': '123',
  null: 'null',
  'deeply nested arrays': '['.repeat(5000) + ']'.repeat(5000),
  'deeply nested objects': '{"a":'.repeat(2000) + '1' + '}'.repeat(2000),
  'NUL in a key': '{"\\u0000":1}',
  'huge number': '{"version":1e309}',
  'proto pollution': '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}',
};

/** Replacements for one string field of an otherwise valid body (JSON escapes, sent raw). */
const BAD_STRINGS: Record<string, string> = {
  'NUL byte': '"a\\u0000b"',
  'lone surrogate': '"\\ud800"',
  'reversed surrogates': '"\\udc00\\ud800"',
  'control characters': '"\\u0001\\u001b[31m"',
  'year 0000': '"0000-01-01"',
  'date out of range': '"9999-99-99T99:99:99Z"',
  'extended year': '"+275760-09-13T00:00:00.000Z"',
  'very long': JSON.stringify('长'.repeat(100_000)),
  'a number instead': '12345678901234567890',
  'an object instead': '{"$gt":""}',
};

/** Values for path and query parameters. */
const BAD_PARAMS: Record<string, string> = {
  'NUL byte': '%00',
  'lone surrogate': '%ED%A0%80',
  'invalid UTF-8': '%FF%FE',
  traversal: '..%2F..%2Fetc%2Fpasswd',
  'very long': 'x'.repeat(4000),
  'year 0000': '0000-01-01',
  negative: '-1',
  'SQL quote': "1'%20OR%20'1'%3D'1",
  'not a uuid': 'not-a-uuid',
};

export interface BadInputFinding {
  route: string;
  probe: string;
  status: number;
  code?: string;
}

export interface BadInputReport {
  routes: number;
  requests: number;
  rejected: number;
  accepted: number;
  serverErrors: BadInputFinding[];
}

export interface BadInputOptions {
  server: Server;
  authority: TestAuthority;
  document: OpenApiDocument;
  /** The province whose every role the caller holds. */
  province: string;
  records: Record<string, MatrixRecord>;
  hint?: Hint;
  unprobed?: Record<string, string>;
}

export async function runBadInputPass(options: BadInputOptions): Promise<BadInputReport> {
  const token = await options.authority.token(
    randomUUID(),
    MATRIX_ROLES.map((role) => ({ role, region: options.province })),
  );
  const routes = routesOf(options.document).filter(
    (r) => !options.unprobed?.[r.key] && !/^\/(health|metrics)/.test(r.template),
  );
  const report: BadInputReport = {
    routes: routes.length,
    requests: 0,
    rejected: 0,
    accepted: 0,
    serverErrors: [],
  };
  const url = await baseUrl(options.server);
  const probes = routes.flatMap((route) => probesFor(route, url, options));
  for (let i = 0; i < probes.length; i += 8) {
    await Promise.all(
      probes.slice(i, i + 8).map(async (probe) => {
        const res = await probe.send(token);
        report.requests++;
        if (res.status >= 500)
          report.serverErrors.push({
            route: probe.route,
            probe: probe.name,
            status: res.status,
            code: res.body?.code,
          });
        else if (res.status >= 400) report.rejected++;
        else report.accepted++;
      }),
    );
  }
  return report;
}

interface Probe {
  route: string;
  name: string;
  send(token: string): Promise<request.Response>;
}

function probesFor(route: Route, url: string, options: BadInputOptions): Probe[] {
  const probes: Probe[] = [];
  const path = fillPath(route, options);
  const call = (name: string, target: string, body?: string, query = '') =>
    probes.push({
      route: route.key,
      name,
      send: (token) => {
        const agent = request(url);
        const req = agent[route.method](target + query)
          .set('Authorization', `Bearer ${token}`)
          .set('Idempotency-Key', randomUUID());
        return body === undefined ? req : req.set('Content-Type', 'application/json').send(body);
      },
    });
  const validBody = route.body ? sampleValue(route.body, options.hint) : undefined;
  const validRaw = validBody === undefined ? undefined : JSON.stringify(validBody);

  for (const param of route.pathParams)
    for (const [name, value] of Object.entries(BAD_PARAMS))
      call(`path ${param}: ${name}`, fillPath(route, options, { [param]: value }), validRaw);
  for (const q of route.query)
    for (const [name, value] of Object.entries(BAD_PARAMS))
      call(`query ${q.name}: ${name}`, path, validRaw, `?${q.name}=${value}`);
  call(
    'query: repeated and unknown parameters',
    path,
    validRaw,
    '?region=44&region=45&%00=%00&limit=-1&cursor=%FF',
  );

  if (route.method !== 'get' && route.method !== 'delete') {
    for (const [name, raw] of Object.entries(RAW_BODIES)) call(`body: ${name}`, path, raw);
    call('body: larger than the limit', path, JSON.stringify({ name: 'x'.repeat(400_000) }));
    if (validBody && typeof validBody === 'object')
      for (const field of stringFields(route.body ?? {}))
        for (const [name, raw] of Object.entries(BAD_STRINGS))
          call(`body ${field.join('.')}: ${name}`, path, replaceField(validBody, field, raw));
  }
  return probes;
}

function fillPath(route: Route, options: BadInputOptions, override: Record<string, string> = {}) {
  const segments = route.template.split('/');
  let path = route.template;
  for (const param of route.pathParams) {
    const before = segments[segments.indexOf(`{${param}}`) - 1];
    const record = (param !== 'id' && options.records[param]) || options.records[before];
    path = path.replace(`{${param}}`, override[param] ?? record?.id ?? randomUUID());
  }
  return path;
}

/** Paths to every string-typed property the body schema declares (nested objects included). */
function stringFields(schema: JsonSchema, prefix: string[] = [], depth = 0): string[][] {
  if (depth > 4) return [];
  const props = schema.properties ?? {};
  return Object.entries(props).flatMap(([key, s]) => {
    const branch = s.anyOf?.find((b) => b.type !== 'null') ?? s.oneOf?.[0] ?? s;
    if (branch.type === 'string') return [[...prefix, key]];
    if (branch.type === 'object' || branch.properties)
      return stringFields(branch, [...prefix, key], depth + 1);
    return [];
  });
}

/** The valid body as JSON text with one field's value replaced by a raw JSON fragment. */
function replaceField(body: object, field: string[], raw: string): string {
  const marker = `__bad_input_${randomUUID()}__`;
  const copy = structuredClone(body) as Record<string, unknown>;
  let at: Record<string, unknown> = copy;
  for (const key of field.slice(0, -1)) {
    if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  at[field[field.length - 1]] = marker;
  return JSON.stringify(copy).replace(`"${marker}"`, raw);
}

/** 5xx answers grouped by route and status, with the probes that met them. */
export function summarizeBadInput(findings: BadInputFinding[]): string[] {
  const groups = new Map<string, string[]>();
  for (const f of findings) {
    const key = `${f.route} | ${f.status} ${f.code ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), f.probe]);
  }
  return [...groups].map(([key, probes]) => `${key} | ${probes.join('; ')}`).sort();
}

export function describeBadInput(service: string, r: BadInputReport): string {
  return (
    `bad input ${service}: routes ${r.routes}, requests ${r.requests}, ` +
    `rejected (4xx) ${r.rejected}, accepted ${r.accepted}, 5xx ${r.serverErrors.length}`
  );
}
