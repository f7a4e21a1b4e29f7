import type request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { useIdentityApp } from './support/identity-spec';
import { COUNTY, inHours, T1, T2, useTrainings, V1 } from './support/trainings';

// The scope matrix of the trainings endpoints: for each caller (parent, same, child and sibling
// regions; roles with and without the permission) the outcome the permission matrix gives, nothing
// written when refused, and nothing foreign in lists. The endpoints themselves are in
// trainings.spec.ts.

type Grant = { role: string; region: string } | { role: 'organization_admin'; organization: string };
interface Caller {
  name: string;
  grants: Grant[];
  /** Where the caller holds trainings.read, trainings.manage and staff.read roles (per the matrix). */
  read: string[];
  manage: string[];
  staffRead: string[];
}

// trainings.read: admins, supervisor, station and point workers, volunteer coordinator, auditor,
// service account. trainings.manage: admins and supervisor. staff.read: admins, supervisor,
// station worker, auditor, service account.
const CALLERS: Caller[] = [
  {
    name: 'city admin (parent)',
    grants: [{ role: 'city_admin', region: '4307' }],
    read: ['4307'],
    manage: ['4307'],
    staffRead: ['4307'],
  },
  {
    name: 'county admin (same as county)',
    grants: [{ role: 'county_admin', region: COUNTY }],
    read: [COUNTY],
    manage: [COUNTY],
    staffRead: [COUNTY],
  },
  {
    name: 'county supervisor',
    grants: [{ role: 'supervisor', region: COUNTY }],
    read: [COUNTY],
    manage: [COUNTY],
    staffRead: [COUNTY],
  },
  {
    name: 'township supervisor (child of county)',
    grants: [{ role: 'supervisor', region: T1 }],
    read: [T1],
    manage: [T1],
    staffRead: [T1],
  },
  {
    name: 'station worker',
    grants: [{ role: 'station_worker', region: T1 }],
    read: [T1],
    manage: [],
    staffRead: [T1],
  },
  {
    name: 'point worker (child of township)',
    grants: [{ role: 'point_worker', region: V1 }],
    read: [V1],
    manage: [],
    staffRead: [],
  },
  {
    name: 'volunteer coordinator',
    grants: [{ role: 'volunteer_coordinator', region: T1 }],
    read: [T1],
    manage: [],
    staffRead: [],
  },
  {
    name: 'auditor (province)',
    grants: [{ role: 'auditor', region: '43' }],
    read: ['43'],
    manage: [],
    staffRead: ['43'],
  },
  {
    name: 'county admin (sibling)',
    grants: [{ role: 'county_admin', region: '430702' }],
    read: ['430702'],
    manage: ['430702'],
    staffRead: ['430702'],
  },
  {
    name: 'supervisor (sibling township)',
    grants: [{ role: 'supervisor', region: T2 }],
    read: [T2],
    manage: [T2],
    staffRead: [T2],
  },
  {
    name: 'organization admin',
    grants: [{ role: 'organization_admin', organization: 'org-1' }],
    read: [],
    manage: [],
    staffRead: [],
  },
];

describe('trainings and supervision', () => {
  const t = useIdentityApp();
  const as = t.caller;
  const trainings = useTrainings(t);
  const { snapshot, sessionBody, schedule, newStaff, moveTo } = trainings;

  type Outcome = { status: number; code?: string };
  interface Endpoint {
    name: string;
    permission: 'read' | 'manage' | 'staffRead';
    region: string;
    outside: Outcome;
    success: number;
    prepare?: () => Promise<Record<string, string>>;
    call: (token: string, f: Record<string, string>) => Promise<request.Response>;
  }
  const notFound = { status: 404, code: 'IDENTITY.TRAINING_NOT_FOUND' };
  const outOfScope = { status: 403, code: 'COMMON.OUT_OF_SCOPE' };
  const started = async (regionCode = T1) => {
    const s = await schedule({ regionCode });
    const staffId = await newStaff();
    await as(trainings.admin)
      .post(`/trainings/${s.id}/enrolments`)
      .send({ staffIds: [staffId] })
      .expect(200);
    await moveTo(s.id, inHours(-2), inHours(-1));
    return { sessionId: s.id, staffId };
  };
  const ENDPOINTS: Endpoint[] = [
    {
      name: 'POST /trainings (county)',
      permission: 'manage',
      region: COUNTY,
      outside: outOfScope,
      success: 201,
      call: (token) =>
        as(token)
          .post('/trainings')
          .send(sessionBody({ regionCode: COUNTY })),
    },
    {
      name: 'POST /trainings (township)',
      permission: 'manage',
      region: T1,
      outside: outOfScope,
      success: 201,
      call: (token) =>
        as(token)
          .post('/trainings')
          .send(sessionBody({ regionCode: T1 })),
    },
    {
      name: 'GET /trainings/:id (county)',
      permission: 'read',
      region: COUNTY,
      outside: notFound,
      success: 200,
      prepare: async () => ({ sessionId: (await schedule({ regionCode: COUNTY })).id }),
      call: (token, f) => as(token).get(`/trainings/${f.sessionId}`),
    },
    {
      name: 'GET /trainings/:id (township)',
      permission: 'read',
      region: T1,
      outside: notFound,
      success: 200,
      prepare: async () => ({ sessionId: (await schedule({ regionCode: T1 })).id }),
      call: (token, f) => as(token).get(`/trainings/${f.sessionId}`),
    },
    {
      name: 'PATCH /trainings/:id (county)',
      permission: 'manage',
      region: COUNTY,
      outside: notFound,
      success: 200,
      prepare: async () => ({ sessionId: (await schedule({ regionCode: COUNTY })).id }),
      call: (token, f) => as(token).patch(`/trainings/${f.sessionId}`).send({ version: 1, title: '改' }),
    },
    {
      name: 'PATCH /trainings/:id (township)',
      permission: 'manage',
      region: T1,
      outside: notFound,
      success: 200,
      prepare: async () => ({ sessionId: (await schedule({ regionCode: T1 })).id }),
      call: (token, f) => as(token).patch(`/trainings/${f.sessionId}`).send({ version: 1, title: '改' }),
    },
    {
      name: 'POST /trainings/:id/cancel',
      permission: 'manage',
      region: T1,
      outside: notFound,
      success: 200,
      prepare: async () => ({ sessionId: (await schedule({ regionCode: T1 })).id }),
      call: (token, f) => as(token).post(`/trainings/${f.sessionId}/cancel`).send({ reason: '改期' }),
    },
    {
      name: 'POST /trainings/:id/enrolments',
      permission: 'manage',
      region: T1,
      outside: notFound,
      success: 200,
      prepare: async () => ({
        sessionId: (await schedule({ regionCode: T1 })).id,
        staffId: await newStaff(),
      }),
      call: (token, f) =>
        as(token)
          .post(`/trainings/${f.sessionId}/enrolments`)
          .send({ staffIds: [f.staffId] }),
    },
    {
      name: 'POST /trainings/:id/attendance',
      permission: 'manage',
      region: T1,
      outside: notFound,
      success: 200,
      prepare: () => started(T1),
      call: (token, f) =>
        as(token)
          .post(`/trainings/${f.sessionId}/attendance`)
          .send({ records: [{ staffId: f.staffId, attended: true, minutes: 60 }] }),
    },
    {
      name: 'GET /staff/:id/training-hours',
      permission: 'staffRead',
      region: T1,
      outside: { status: 404, code: 'IDENTITY.STAFF_NOT_FOUND' },
      success: 200,
      prepare: async () => ({ staffId: await newStaff(T1) }),
      call: (token, f) => as(token).get(`/staff/${f.staffId}/training-hours`),
    },
  ];
  const tokenOf = new Map<string, string>();
  const ancestorsOf = (code: string) =>
    [2, 4, 6, 9].filter((n) => n < code.length).map((n) => code.slice(0, n));
  const expected = (caller: Caller, endpoint: Endpoint): Outcome => {
    const prefixes = caller[endpoint.permission];
    if (prefixes.length === 0) return { status: 403, code: 'COMMON.FORBIDDEN' };
    if (prefixes.some((p) => endpoint.region.startsWith(p))) return { status: endpoint.success };
    // Reading also reaches sessions filed at a region above one's own (a county-wide training).
    if (endpoint.permission === 'read' && prefixes.some((p) => p.startsWith(endpoint.region))) {
      return { status: endpoint.success };
    }
    return endpoint.outside;
  };

  describe('scope matrix', () => {
    beforeAll(async () => {
      for (const caller of CALLERS) tokenOf.set(caller.name, await t.token(caller.grants as never));
    });

    describe.each(ENDPOINTS.map((e) => [e.name, e] as const))('%s', (_name, endpoint) => {
      it.each(CALLERS.map((c) => [c.name, c] as const))('%s', async (_caller, caller) => {
        const want = expected(caller, endpoint);
        const fixture = (await endpoint.prepare?.()) ?? {};
        const before = await snapshot();
        const res = await endpoint.call(tokenOf.get(caller.name) as string, fixture);
        expect({ status: res.status, code: res.body.code }).toEqual({ status: want.status, code: want.code });
        if (want.status >= 400) expect(await snapshot()).toEqual(before);
      });
    });

    it('lists only sessions inside the caller’s trainings.read regions or filed above them', async () => {
      await schedule({ regionCode: T2 });
      await schedule({ regionCode: COUNTY });
      await t.db.query(
        `INSERT INTO training_session (id, kind, mode, title, region_code, starts_at, ends_at, created_by)
         VALUES ($1, 'routine', 'online', '邻区培训', '430702', now() + interval '1 day', now() + interval '2 days', $2)`,
        [uuidv7(), uuidv7()],
      );
      for (const caller of CALLERS) {
        const token = tokenOf.get(caller.name) as string;
        if (caller.read.length === 0) {
          expect((await as(token).get('/trainings')).status).toBe(403);
          continue;
        }
        const ids: string[] = [];
        let cursor: string | null = null;
        do {
          const res = await as(token).get(`/trainings?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
          expect(res.status).toBe(200);
          ids.push(...res.body.items.map((s: { id: string }) => s.id));
          cursor = res.body.nextCursor;
        } while (cursor);
        const { rows } = await t.db.query(
          `SELECT id FROM training_session
           WHERE region_code LIKE ANY ($1::text[]) OR region_code = ANY ($2::text[]) ORDER BY id`,
          [caller.read.map((p) => `${p}%`), caller.read.flatMap(ancestorsOf)],
        );
        expect({ caller: caller.name, ids: ids.sort() }).toEqual({
          caller: caller.name,
          ids: rows.map((r) => r.id),
        });
      }
    });
  });
});
