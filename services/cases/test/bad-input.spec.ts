import { residentId, villageCode } from '@wushe/testing';
import type request from 'supertest';
import { useCasesApp } from './support/cases-spec';

// Input that used to reach a 500 (issue 8): NUL or a lone surrogate in a text field, a year no
// calendar has (0000) or none we record (9999), %00 in a query parameter or a route. Each must
// be a 400 COMMON.VALIDATION_FAILED naming the field, and nothing may be written.

const TOWN = '430703100';
const COUNTY = '430703';
const t = useCasesApp({ region: TOWN });
const { as, post, get, patch } = t;

const VALIDATION = 'COMMON.VALIDATION_FAILED';
type Response = request.Response;
const NUL = '\u0000';
const LONE = '\ud800';

function person(overrides: Record<string, unknown> = {}) {
  return {
    name: '欧阳兰',
    residentId: residentId(),
    villageCode: villageCode(TOWN),
    legalBasis: 'statutory-duty',
    ...overrides,
  };
}

async function counts() {
  const n = async (table: string) => (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  return {
    recipient: await n('recipient'),
    visit: await n('visit'),
    programme: await n('programme'),
    outbox: await n('outbox_event'),
  };
}

function expectRefused(
  res: { status: number; body: { code?: string; errors?: Array<{ path: string; code: string }> } },
  path: string,
  code?: string,
) {
  expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: VALIDATION });
  expect(res.body.errors).toEqual(
    expect.arrayContaining([expect.objectContaining({ path, ...(code ? { code } : {}) })]),
  );
}

it('refuses NUL and lone surrogates in text fields of bodies, writing nothing', async () => {
  const worker = await as('station_worker');
  const registered = await post(worker, '/recipients', person());
  expect(registered.status).toBe(201);
  const id = registered.body.id as string;
  const countyAdmin = await as('county_admin', COUNTY);
  const before = await counts();

  const visit = { kind: 'discovery', villageCode: villageCode(TOWN), visitedAt: new Date().toISOString() };
  const cases: Array<[string, () => Promise<Response>, string, string]> = [
    [
      'NUL in a name',
      () => post(worker, '/recipients', person({ name: `欧阳${NUL}兰` })),
      'body.name',
      'control_character',
    ],
    [
      'a lone surrogate in a name',
      () => post(worker, '/recipients', person({ name: `欧阳${LONE}` })),
      'body.name',
      'lone_surrogate',
    ],
    [
      'a bell in an address',
      () => post(worker, '/recipients', person({ address: '幸福路\u00071号' })),
      'body.address',
      'control_character',
    ],
    [
      'NUL in a search',
      () => post(worker, '/recipients/search', { name: NUL }),
      'body.name',
      'control_character',
    ],
    [
      'a lone surrogate in a search',
      () => post(worker, '/recipients/search', { name: `欧${LONE}` }),
      'body.name',
      'lone_surrogate',
    ],
    [
      'NUL in a changed name',
      () => patch(worker, `/recipients/${id}`, { name: `张${NUL}`, version: 1 }),
      'body.name',
      'control_character',
    ],
    [
      'NUL in visit findings',
      () => post(worker, '/visits', { ...visit, findings: `门锁着${NUL}` }),
      'body.findings',
      'control_character',
    ],
    [
      'a lone surrogate in visit findings',
      () => post(worker, '/visits', { ...visit, findings: `\udc00门锁着` }),
      'body.findings',
      'lone_surrogate',
    ],
    [
      'NUL in a new recipient of a discovery visit',
      () => post(worker, '/visits', { ...visit, newRecipients: [person({ name: NUL })] }),
      'body.newRecipients.0.name',
      'control_character',
    ],
    [
      'NUL in a programme measure label',
      () =>
        post(countyAdmin, '/programmes', {
          code: 'bad-input-probe',
          name: '小鸡快跑',
          regionCode: COUNTY,
          startsOn: '2026-03-01',
          measures: [{ key: 'income', label: `收入${NUL}`, unit: 'fen', aggregate: 'sum' }],
        }),
      'body.measures.0.label',
      'control_character',
    ],
  ];
  for (const [what, sent, path, code] of cases) {
    const res = await sent();
    try {
      expectRefused(res, path, code);
    } catch (error) {
      throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`, { cause: error });
    }
  }
  expect(await counts()).toEqual(before);
});

it('refuses years outside 1900–2100 in dates and instants, writing nothing', async () => {
  const worker = await as('station_worker');
  const before = await counts();
  const visit = { kind: 'discovery', villageCode: villageCode(TOWN) };
  const cases: Array<[() => Promise<Response>, string]> = [
    [
      () =>
        post(worker, '/recipients', person({ categories: [{ category: 'dibao', validFrom: '0000-01-01' }] })),
      'body.categories.0.validFrom',
    ],
    [
      () =>
        post(worker, '/recipients', person({ categories: [{ category: 'dibao', validFrom: '9999-12-31' }] })),
      'body.categories.0.validFrom',
    ],
    [
      () =>
        post(
          worker,
          '/recipients',
          person({ legalBasis: 'consent', consentRecordedAt: '0000-01-01T00:00:00Z' }),
        ),
      'body.consentRecordedAt',
    ],
    [() => post(worker, '/visits', { ...visit, visitedAt: '0000-01-01T00:00:00Z' }), 'body.visitedAt'],
    [() => post(worker, '/visits', { ...visit, visitedAt: '1899-12-31T00:00:00+08:00' }), 'body.visitedAt'],
  ];
  for (const [sent, path] of cases) expectRefused(await sent(), path, 'date_out_of_range');
  expect(await counts()).toEqual(before);
});

it('refuses %00, lone surrogates and impossible years in query parameters and routes', async () => {
  const worker = await as('station_worker');
  const cases: Array<[string, string, string?]> = [
    ['/visits?worker=%00', 'query.worker', 'control_character'],
    ['/visits?worker=%ED%A0%80me', 'query.worker'],
    ['/visits?from=0000-01-01', 'query.from', 'date_out_of_range'],
    ['/visits?from=2026-01-01&to=9999-12-31', 'query.to', 'date_out_of_range'],
    ['/visits?region=%00', 'query.region', 'control_character'],
    ['/visits?cursor=%00', 'query.cursor', 'control_character'],
    ['/recipients?assignedWorker=%00', 'query.assignedWorker', 'control_character'],
    ['/recipients?region=43%0070', 'query.region', 'control_character'],
    ['/recipients/export?region=%00', 'query.region', 'control_character'],
    ['/roster-imports?month=0000-01', 'query.month', 'date_out_of_range'],
    ['/monitoring/overdue?worker=%00', 'query.worker', 'control_character'],
    ['/visits/%00', 'params', 'control_character'],
    ['/recipients/%00', 'params', 'control_character'],
    ['/recipients/%E0%A4%A', 'params', 'malformed_encoding'],
    ['/visits/%C0%80', 'params', 'malformed_encoding'],
  ];
  for (const [url, path, code] of cases) {
    const res = await get(worker, url);
    if (url.includes('%ED%A0%80')) {
      // Not UTF-8: the query parser keeps it as typed, which is a harmless string; never a 500.
      expect([200, 400]).toContain(res.status);
      continue;
    }
    try {
      expectRefused(res, path, code);
    } catch (error) {
      throw new Error(`${url}: ${res.status} ${JSON.stringify(res.body)}`, { cause: error });
    }
  }
});

it('a visit cursor that is not one the server gave is a 400, not a database error', async () => {
  const worker = await as('station_worker');
  const forged = Buffer.from(
    JSON.stringify({ t: 'yesterday', id: '01a23787-55e4-775f-b47c-0772902bcda1' }),
  ).toString('base64url');
  const res = await get(worker, `/visits?cursor=${forged}`);
  expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'COMMON.BAD_CURSOR' });
});
