import type request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { useIdentityApp } from './support/identity-spec';
import { DINGCHENG_REGIONS, seedWorkplaces } from './support/workplaces';

// The scope matrix of the staff, post and talent endpoints: for each caller (parent, same, child
// and sibling regions; roles with and without the permission) the outcome the permission matrix in
// src/access/permissions.ts gives, and nothing written when refused, nothing foreign in lists.

const COUNTY = '430703';
const T1 = '430703100';
const T2 = '430703101';
const V1 = '430703100001';
const SIBLING_TOWN = '430702100';

type Grant = { role: string; region: string };
interface Caller {
  name: string;
  grants: Grant[];
  /** Where the caller holds a staff.read role, and a staff.manage role (per the matrix). */
  read: string[];
  manage: string[];
}

// staff.read: province/city/county admins, supervisor, station worker, auditor, service account.
// staff.manage: province/city/county admins, station worker.
const CALLERS: Caller[] = [
  {
    name: 'city admin (parent)',
    grants: [{ role: 'city_admin', region: '4307' }],
    read: ['4307'],
    manage: ['4307'],
  },
  {
    name: 'county admin (parent)',
    grants: [{ role: 'county_admin', region: COUNTY }],
    read: [COUNTY],
    manage: [COUNTY],
  },
  {
    name: 'station worker (same)',
    grants: [{ role: 'station_worker', region: T1 }],
    read: [T1],
    manage: [T1],
  },
  {
    name: 'supervisor (parent)',
    grants: [{ role: 'supervisor', region: COUNTY }],
    read: [COUNTY],
    manage: [],
  },
  { name: 'auditor (province)', grants: [{ role: 'auditor', region: '43' }], read: ['43'], manage: [] },
  { name: 'service account', grants: [{ role: 'service_account', region: '43' }], read: ['43'], manage: [] },
  {
    name: 'station worker (sibling)',
    grants: [{ role: 'station_worker', region: T2 }],
    read: [T2],
    manage: [T2],
  },
  {
    name: 'county admin (sibling)',
    grants: [{ role: 'county_admin', region: '430702' }],
    read: ['430702'],
    manage: ['430702'],
  },
  { name: 'point worker (child)', grants: [{ role: 'point_worker', region: V1 }], read: [], manage: [] },
  {
    name: 'volunteer coordinator (same)',
    grants: [{ role: 'volunteer_coordinator', region: T1 }],
    read: [],
    manage: [],
  },
  {
    name: 'reads the county, manages a sibling township',
    grants: [
      { role: 'supervisor', region: COUNTY },
      { role: 'station_worker', region: T2 },
    ],
    read: [COUNTY],
    manage: [T2],
  },
];

type Outcome = { status: number; code?: string };
interface Endpoint {
  name: string;
  permission: 'read' | 'manage';
  /** The region of the row or the region asked about. */
  region: string;
  /** What a caller with the role but not the region gets. */
  outside: Outcome;
  success: number;
  /** Makes the endpoint's own fixture with an administrator's token. */
  prepare?: () => Promise<Record<string, string>>;
  call: (token: string, fixture: Record<string, string>) => Promise<request.Response>;
}

describe('scope matrix: staff, posts, talent', () => {
  const t = useIdentityApp();
  const as = t.caller;
  let admin: string;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    await seedWorkplaces(t.db, {
      regions: {
        ...DINGCHENG_REGIONS,
        [SIBLING_TOWN]: '某街道',
      },
      stations: [T1, T2, SIBLING_TOWN],
      pointVillage: V1,
    });
    admin = await t.as('province_admin', '43');
    for (const caller of CALLERS) tokens.set(caller.name, await t.token(caller.grants));
    // Rows in every corner, for the lists.
    for (const regionCode of [T1, T1, V1, T2, SIBLING_TOWN]) {
      const staffId = await newStaff(regionCode);
      const postId = await newPost(regionCode);
      if (regionCode !== V1) await as(admin).post(`/posts/${postId}/fill`).send({ staffId }).expect(200);
    }
  });
  async function newStaff(regionCode = T1): Promise<string> {
    const res = await as(admin)
      .post('/staff')
      .send({ displayName: '王五', regionCode, postType: 'service', joinedOn: '2024-01-01' });
    expect(res.status).toBe(201);
    return res.body.id;
  }
  async function newPost(regionCode = T1): Promise<string> {
    const res = await as(admin)
      .post('/posts')
      .send({ regionCode, postType: 'service', openedOn: '2024-01-01' });
    expect(res.status).toBe(201);
    return res.body.id;
  }
  const snapshot = async () =>
    (
      await t.db.query(`SELECT
        (SELECT count(*) FROM staff_member)::int AS staff,
        (SELECT coalesce(sum(version), 0) FROM staff_member)::int AS staff_versions,
        (SELECT count(*) FROM staff_certificate)::int AS certificates,
        (SELECT count(*) FROM post)::int AS posts,
        (SELECT coalesce(sum(version), 0) FROM post)::int AS post_versions,
        (SELECT count(*) FROM outbox_event)::int AS outbox`)
    ).rows[0];

  const staffNotFound = { status: 404, code: 'IDENTITY.STAFF_NOT_FOUND' };
  const postNotFound = { status: 404, code: 'IDENTITY.POST_NOT_FOUND' };
  const outOfScope = { status: 403, code: 'COMMON.OUT_OF_SCOPE' };
  const ENDPOINTS: Endpoint[] = [
    {
      name: 'POST /staff',
      permission: 'manage',
      region: T1,
      outside: outOfScope,
      success: 201,
      call: (token) =>
        as(token)
          .post('/staff')
          .send({ displayName: '赵六', regionCode: T1, postType: 'service', joinedOn: '2024-01-01' }),
    },
    {
      name: 'POST /staff at a point',
      permission: 'manage',
      region: V1,
      outside: outOfScope,
      success: 201,
      call: (token) =>
        as(token)
          .post('/staff')
          .send({ displayName: '赵六', regionCode: V1, postType: 'service', joinedOn: '2024-01-01' }),
    },
    {
      name: 'GET /staff/:id',
      permission: 'read',
      region: T1,
      outside: staffNotFound,
      success: 200,
      prepare: async () => ({ staffId: await newStaff() }),
      call: (token, f) => as(token).get(`/staff/${f.staffId}`),
    },
    {
      name: 'GET /staff/:id at a point',
      permission: 'read',
      region: V1,
      outside: staffNotFound,
      success: 200,
      prepare: async () => ({ staffId: await newStaff(V1) }),
      call: (token, f) => as(token).get(`/staff/${f.staffId}`),
    },
    {
      name: 'PATCH /staff/:id',
      permission: 'manage',
      region: T1,
      outside: staffNotFound,
      success: 200,
      prepare: async () => ({ staffId: await newStaff() }),
      call: (token, f) => as(token).patch(`/staff/${f.staffId}`).send({ version: 1, employer: '新机构' }),
    },
    {
      name: 'POST /staff/:id/leave',
      permission: 'manage',
      region: T1,
      outside: staffNotFound,
      success: 200,
      prepare: async () => ({ staffId: await newStaff() }),
      call: (token, f) => as(token).post(`/staff/${f.staffId}/leave`).send({ leftOn: '2024-12-31' }),
    },
    {
      name: 'POST /staff/:id/certificates',
      permission: 'manage',
      region: T1,
      outside: staffNotFound,
      success: 201,
      prepare: async () => ({ staffId: await newStaff() }),
      call: (token, f) =>
        as(token)
          .post(`/staff/${f.staffId}/certificates`)
          .send({ level: 'assistant', number: uuidv7(), issuedOn: '2024-01-01' }),
    },
    {
      name: 'POST /posts',
      permission: 'manage',
      region: T1,
      outside: outOfScope,
      success: 201,
      call: (token) =>
        as(token).post('/posts').send({ regionCode: T1, postType: 'transactional', openedOn: '2024-01-01' }),
    },
    {
      name: 'GET /posts/:id',
      permission: 'read',
      region: T1,
      outside: postNotFound,
      success: 200,
      prepare: async () => ({ postId: await newPost() }),
      call: (token, f) => as(token).get(`/posts/${f.postId}`),
    },
    {
      name: 'POST /posts/:id/fill',
      permission: 'manage',
      region: T1,
      outside: postNotFound,
      success: 200,
      prepare: async () => ({ postId: await newPost(), staffId: await newStaff() }),
      call: (token, f) => as(token).post(`/posts/${f.postId}/fill`).send({ staffId: f.staffId }),
    },
    {
      name: 'POST /posts/:id/vacate',
      permission: 'manage',
      region: T1,
      outside: postNotFound,
      success: 200,
      prepare: async () => {
        const [postId, staffId] = [await newPost(), await newStaff()];
        await as(admin).post(`/posts/${postId}/fill`).send({ staffId }).expect(200);
        return { postId };
      },
      call: (token, f) => as(token).post(`/posts/${f.postId}/vacate`),
    },
    {
      name: 'POST /posts/:id/close',
      permission: 'manage',
      region: T1,
      outside: postNotFound,
      success: 200,
      prepare: async () => ({ postId: await newPost() }),
      call: (token, f) => as(token).post(`/posts/${f.postId}/close`),
    },
    {
      name: 'GET /talent/:township',
      permission: 'read',
      region: T1,
      outside: outOfScope,
      success: 200,
      call: (token) => as(token).get(`/talent/${T1}`),
    },
    {
      name: 'GET /talent/:county',
      permission: 'read',
      region: COUNTY,
      outside: outOfScope,
      success: 200,
      call: (token) => as(token).get(`/talent/${COUNTY}`),
    },
  ];

  const expected = (caller: Caller, endpoint: Endpoint): Outcome => {
    const prefixes = endpoint.permission === 'read' ? caller.read : caller.manage;
    if (prefixes.length === 0) return { status: 403, code: 'COMMON.FORBIDDEN' };
    if (prefixes.some((p) => endpoint.region.startsWith(p))) return { status: endpoint.success };
    return endpoint.outside;
  };

  describe.each(ENDPOINTS.map((e) => [e.name, e] as const))('%s', (_name, endpoint) => {
    it.each(CALLERS.map((c) => [c.name, c] as const))('%s', async (_caller, caller) => {
      const want = expected(caller, endpoint);
      const fixture = (await endpoint.prepare?.()) ?? {};
      const before = await snapshot();
      const res = await endpoint.call(tokens.get(caller.name) as string, fixture);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: want.status, code: want.code });
      // A refusal writes nothing: no row, no version, no event.
      if (want.status >= 400) expect(await snapshot()).toEqual(before);
      // Nothing read from outside the caller's regions comes back in a body.
      if (want.status < 400 && endpoint.permission === 'read' && res.body.regionCode) {
        expect(caller.read.some((p) => res.body.regionCode.startsWith(p))).toBe(true);
      }
    });
  });

  it('lists only rows inside the caller’s staff.read regions', async () => {
    const all = async (token: string, path: string) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await as(token).get(`${path}?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        ids.push(...res.body.items.map((i: { id: string }) => i.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      return ids.sort();
    };
    const visible = async (table: string, prefixes: string[]) =>
      (
        await t.db.query(`SELECT id FROM ${table} WHERE region_code LIKE ANY ($1::text[]) ORDER BY id`, [
          prefixes.map((p) => `${p}%`),
        ])
      ).rows.map((r) => r.id);
    for (const caller of CALLERS) {
      const token = tokens.get(caller.name) as string;
      for (const [path, table] of [
        ['/staff', 'staff_member'],
        ['/posts', 'post'],
      ]) {
        if (caller.read.length === 0) {
          const res = await as(token).get(path);
          expect({ caller: caller.name, path, status: res.status, code: res.body.code }).toEqual({
            caller: caller.name,
            path,
            status: 403,
            code: 'COMMON.FORBIDDEN',
          });
          continue;
        }
        const ids = await all(token, path);
        expect({ caller: caller.name, path, ids }).toEqual({
          caller: caller.name,
          path,
          ids: await visible(table, caller.read),
        });
        // Asking for a region outside the scope gives nothing from it, not an error.
        const foreign = await as(token).get(`${path}?region=${SIBLING_TOWN}`);
        const allowed = caller.read.some((p) => SIBLING_TOWN.startsWith(p));
        expect(foreign.body.items.length > 0).toBe(allowed);
      }
    }
  });
});
