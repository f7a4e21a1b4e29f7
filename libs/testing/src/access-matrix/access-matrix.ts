import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import request from 'supertest';
import type { TestAuthority } from '../test-authority';
import { baseUrl } from './listening';
import { OpenApiDocument, Route, routesOf } from './openapi-routes';
import { Hint, sampleValue } from './sample-value';

// The generated access matrix: every route of a service's OpenAPI document, called by every role
// from the records' own township, a sibling township, the parent county, the records' village and
// another village of the township. What each caller should get is derived, never written by hand:
// the guard's roles come from the route's x-roles (the permission table), the data scope from the
// region codes (a grant covers what its code prefixes; a record filed at an ancestor of the
// caller's region is readable, not writable). A leak is any answer that lets a caller see or
// change what is outside her scope; it and every 5xx fail the test.

// Every role a token can carry. A copy of libs/platform's ROLES, since libs/testing may not import
// platform (platform's own tests use testing); libs/platform/test/roles.spec.ts keeps them equal.
export const MATRIX_ROLES = [
  'province_admin',
  'city_admin',
  'county_admin',
  'station_worker',
  'point_worker',
  'supervisor',
  'volunteer_coordinator',
  'organization_admin',
  'auditor',
  'service_account',
] as const;

/**
 * A record the fixtures made, and the region it is filed under; '' for reference data every
 * caller may read (a region of the division tree).
 */
export interface MatrixRecord {
  id: string;
  region: string;
}

export interface AccessMatrixOptions {
  server: Server;
  authority: TestAuthority;
  document: OpenApiDocument;
  /** The 12-digit village the records live in; its township and county follow from the code. */
  village: string;
  /** Another village of the same township. */
  otherVillage: string;
  /** Another township of the same county. */
  siblingTownship: string;
  /**
   * The fixtures' records by the name a route uses for them: the path parameter's name (e.g.
   * `categoryId`) or, for `{id}`, the collection segment before it (e.g. `recipients`).
   */
  records: Record<string, MatrixRecord>;
  /** Values for body fields the schema cannot produce (ids of the fixtures, codes). */
  hint?: Hint;
  /** Routes the matrix cannot probe, each with the reason. */
  unprobed?: Record<string, string>;
}

type Relation = 'same' | 'parent' | 'village' | 'sibling' | 'other-village';

export interface MatrixFinding {
  route: string;
  role: string;
  relation: Relation;
  status: number;
  note: string;
}

export interface AccessMatrixReport {
  routes: number;
  requests: number;
  allowedAsExpected: number;
  deniedAsExpected: number;
  /** In scope and holding the role, yet 403/404: stricter than the table, not a leak. */
  deniedUnexpectedly: MatrixFinding[];
  /** The sample request failed validation (400/413/415/422) before access could be judged. */
  validatedFirst: number;
  leaks: MatrixFinding[];
  serverErrors: MatrixFinding[];
  /** Routes whose path ids had no fixture (probed with a random id). */
  withoutFixture: string[];
}

interface Call {
  route: Route;
  role: string;
  relation: Relation;
  callerRegion: string;
  path: string;
  recordRegion: string;
  body: unknown;
}

export async function runAccessMatrix(options: AccessMatrixOptions): Promise<AccessMatrixReport> {
  const township = options.village.slice(0, 9);
  const regions: Record<Relation, string> = {
    same: township,
    parent: township.slice(0, 6),
    village: options.village,
    sibling: options.siblingTownship,
    'other-village': options.otherVillage,
  };
  const routes = routesOf(options.document).filter(
    (r) => !r.isPublic && !options.unprobed?.[r.key] && !/^\/(health|metrics)/.test(r.template),
  );
  const report: AccessMatrixReport = {
    routes: routes.length,
    requests: 0,
    allowedAsExpected: 0,
    deniedAsExpected: 0,
    deniedUnexpectedly: [],
    validatedFirst: 0,
    leaks: [],
    serverErrors: [],
    withoutFixture: [],
  };
  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (role: string, region: string) => {
    const key = `${role}@${region}`;
    // Identity issues accounts' ids (UUIDs) as subjects; the matrix's callers look the same.
    if (!tokens.has(key)) tokens.set(key, options.authority.token(randomUUID(), [{ role, region }]));
    return tokens.get(key) as Promise<string>;
  };

  const calls: Call[] = [];
  for (const route of routes) {
    const target = targetOf(route, options);
    if (target.missing) report.withoutFixture.push(route.key);
    // A route that names no record and no region (a list, logging out) has nothing regional to
    // check beyond its answer; one whose body names a region acts there.
    const hint = regionHint(options, target.region ?? options.village);
    const body = route.body ? sampleValue(route.body, hint) : undefined;
    const query = queryOf(route, hint);
    const named =
      bodyNamesRegion(route) || /[?&]region=/.test(query) ? [target.region ?? options.village] : [];
    const recordRegion = mostSpecific([
      '',
      ...(target.region ? [target.region] : []),
      ...named,
      ...regionsNamedIn(body, options),
    ]);
    for (const role of MATRIX_ROLES)
      for (const [relation, callerRegion] of Object.entries(regions) as Array<[Relation, string]>) {
        // The guard does not look at regions: a role it refuses is probed from one region.
        if (route.roles && !route.roles.includes(role) && relation !== 'same') continue;
        calls.push({ route, role, relation, callerRegion, path: target.path + query, recordRegion, body });
      }
  }

  // Calls expected to be refused run first, reads before writes within each group, so the
  // writes of callers who may act (closing a plan, leaving a post) cannot change what another
  // caller is probed against.
  const order = (c: Call) => (expectAllowed(c) ? 2 : 0) + (c.route.method === 'get' ? 0 : 1);
  calls.sort((a, b) => order(a) - order(b));

  const url = await baseUrl(options.server);
  for (const batch of chunks(calls, 8)) {
    await Promise.all(
      batch.map(async (call) => {
        const res = await send(url, call, await tokenFor(call.role, call.callerRegion));
        report.requests++;
        classify(call, res, options, report);
      }),
    );
  }
  return report;
}

function targetOf(
  route: Route,
  options: AccessMatrixOptions,
): { path: string; region?: string; missing: boolean } {
  let path = route.template;
  let region: string | undefined;
  // The innermost record a path names is the one acted on (an enrolment within a programme).
  let missing = false;
  const segments = route.template.split('/');
  for (const param of route.pathParams) {
    const before = segments[segments.indexOf(`{${param}}`) - 1];
    const record = (param !== 'id' && options.records[param]) || options.records[before];
    if (!record) missing = true;
    if (record && (!region || record.region.length >= region.length)) region = record.region;
    path = path.replace(`{${param}}`, record?.id ?? randomUUID());
  }
  return { path, region, missing };
}

/** Body fields that name a region get the record's; ids get the fixtures' records. */
function regionHint(options: AccessMatrixOptions, region: string): Hint {
  return (name, schema) => {
    const own = options.hint?.(name, schema);
    if (own !== undefined) return own;
    if (/village(Code)?$/i.test(name)) return region.length >= 12 ? region : options.village;
    if (/township(Code)?$/i.test(name)) return region.slice(0, 9);
    if (/county(Code)?$/i.test(name)) return region.slice(0, 6);
    if (/^(region|regionCode)$/i.test(name)) return region;
    const id = /^(\w+?)Ids?$/.exec(name);
    if (id) {
      const base = id[1];
      const record = options.records[`${base}s`] ?? options.records[base] ?? options.records[`${base}es`];
      if (record) return record.id;
    }
    return undefined;
  };
}

/**
 * The query string: every required parameter, and `region` whenever the route takes one, so a
 * caller asks for the records' region by name (and must get nothing of it when it is not hers).
 */
function queryOf(route: Route, hint: Hint): string {
  const params = route.query
    .filter((q) => q.required || q.name === 'region')
    .map((q): [string, string] => [q.name, String(sampleValue(q.schema, hint, q.name) ?? '')]);
  return params.length ? `?${new URLSearchParams(params).toString()}` : '';
}

const REGION_FIELD = /^(region|regionCode|villageCode|townshipCode|countyCode|village|township|county)$/i;

/** Whether the route's body (or query) names a region, so the request acts in one. */
function bodyNamesRegion(route: Route): boolean {
  return Object.keys(route.body?.properties ?? {}).some((k) => REGION_FIELD.test(k));
}

/**
 * The regions of the fixture records a body names: enrolling a village's household in a
 * township's programme touches the village, which is what the caller's scope must cover.
 */
function regionsNamedIn(body: unknown, options: AccessMatrixOptions): string[] {
  const text = JSON.stringify(body ?? null);
  return Object.values(options.records)
    .filter((r) => text.includes(r.id))
    .map((r) => r.region);
}

const mostSpecific = (regions: string[]) => regions.reduce((a, b) => (b.length > a.length ? b : a));

const covers = (callerRegion: string, region: string) => region === '' || region.startsWith(callerRegion);
const isAncestor = (region: string, callerRegion: string) =>
  region !== '' && callerRegion.length > region.length && callerRegion.startsWith(region);

function roleAdmits(call: Call) {
  return !call.route.roles || call.route.roles.includes(call.role);
}

function expectAllowed(call: Call) {
  return roleAdmits(call) && covers(call.callerRegion, call.recordRegion);
}

async function send(url: string, call: Call, token: string) {
  const agent = request(url);
  const req = agent[call.route.method](call.path)
    .set('Authorization', `Bearer ${token}`)
    .set('Idempotency-Key', randomUUID());
  return call.body === undefined ? req : req.send(call.body as object);
}

function classify(
  call: Call,
  res: request.Response,
  options: AccessMatrixOptions,
  report: AccessMatrixReport,
) {
  const finding = (note: string): MatrixFinding => ({
    route: call.route.key,
    role: call.role,
    relation: call.relation,
    status: res.status,
    note,
  });
  if (res.status >= 500) return void report.serverErrors.push(finding(String(res.body?.code ?? res.text)));
  const foreign = foreignIds(call, res, options);
  if (foreign.length) return void report.leaks.push(finding(`answer names out-of-scope records: ${foreign}`));
  const ok = res.status < 300;
  const denied = res.status === 403 || res.status === 404;
  if (!roleAdmits(call)) {
    if (res.status === 403) report.deniedAsExpected++;
    else if (ok) report.leaks.push(finding('role not in the permission table, yet answered'));
    else report.deniedUnexpectedly.push(finding(`expected 403 from the guard, got ${res.status}`));
    return;
  }
  const validated = [400, 413, 415, 422].includes(res.status);
  if (covers(call.callerRegion, call.recordRegion)) {
    if (denied || res.status === 401) report.deniedUnexpectedly.push(finding(String(res.body?.code ?? '')));
    else if (validated) report.validatedFirst++;
    else report.allowedAsExpected++;
    return;
  }
  // Outside the caller's scope. A record filed at an ancestor of her region is readable.
  if (isAncestor(call.recordRegion, call.callerRegion) && call.route.method === 'get') {
    report.allowedAsExpected++;
    return;
  }
  if (denied) report.deniedAsExpected++;
  else if (validated) report.validatedFirst++;
  else if (ok && call.route.method === 'get' && call.route.pathParams.length === 0)
    report.deniedAsExpected++; // a list that answered, with nothing of theirs (checked above)
  else
    report.leaks.push(finding(`outside the caller's scope, answered ${res.status} ${res.body?.code ?? ''}`));
}

/**
 * Ids of fixture records the caller may not see that appear in the answer. An id she sent herself
 * (in the path or the body) may be echoed back, as a problem's `instance` does.
 */
function foreignIds(call: Call, res: request.Response, options: AccessMatrixOptions): string[] {
  const text = res.text ?? '';
  const sent = call.path + JSON.stringify(call.body ?? null);
  return Object.entries(options.records)
    .filter(
      ([, r]) =>
        // A region code is no secret (the division tree is public); record ids are.
        !/^\d{2,12}$/.test(r.id) &&
        !sent.includes(r.id) &&
        !covers(call.callerRegion, r.region) &&
        !isAncestor(r.region, call.callerRegion) &&
        text.includes(r.id),
    )
    .map(([name]) => name);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Findings grouped by route, caller's relation, answer and note, with the roles that met them. */
export function summarize(findings: MatrixFinding[]): string[] {
  const groups = new Map<string, string[]>();
  for (const f of findings) {
    const key = `${f.route} | ${f.relation} | ${f.status} | ${f.note}`;
    groups.set(key, [...(groups.get(key) ?? []), f.role]);
  }
  return [...groups].map(([key, roles]) => `${key} | ${roles.join(',')}`).sort();
}

/** What must be empty for the matrix to pass: its leaks and its 5xx, grouped for reading. */
export function matrixFailures(r: AccessMatrixReport) {
  return { leaks: summarize(r.leaks), serverErrors: summarize(r.serverErrors) };
}

/** The matrix's figures on one line, as `npm test` prints them. */
export function describeMatrix(service: string, r: AccessMatrixReport): string {
  return (
    `access matrix ${service}: routes ${r.routes}, requests ${r.requests}, ` +
    `allowed as expected ${r.allowedAsExpected}, denied as expected ${r.deniedAsExpected}, ` +
    `denied beyond the table ${r.deniedUnexpectedly.length}, refused as invalid ${r.validatedFirst}, ` +
    `leaks ${r.leaks.length}, 5xx ${r.serverErrors.length}` +
    (r.withoutFixture.length ? `, routes without a fixture ${r.withoutFixture.length}` : '')
  );
}
