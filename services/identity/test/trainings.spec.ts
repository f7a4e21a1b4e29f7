import type request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { useIdentityApp } from './support/identity-spec';
import { seedWorkplaces } from './support/workplaces';

// Trainings and supervision: scheduling, changes, cancelling, enrolments, attendance, hours.

const COUNTY = '430703';
const T1 = '430703100';
const T2 = '430703101';
const V1 = '430703100001';
const ENDED = '430703103';

const HOUR = 60 * 60 * 1000;
const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

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
  let tokens: Record<
    'county' | 'city' | 'supervisor' | 'sibling' | 'childSupervisor' | 'station' | 'point',
    string
  >;
  let admin: string;

  beforeAll(async () => {
    await seedWorkplaces(t.db, {
      regions: {
        '43': '湖南省',
        '4307': '常德市',
        [COUNTY]: '鼎城区',
        '430702': '武陵区',
        [T1]: '武陵镇',
        [T2]: '玉霞街道',
        [V1]: '某村',
        [ENDED]: '撤销镇',
      },
      ended: [ENDED],
      stations: [T1, T2],
      pointVillage: V1,
    });
    admin = await t.as('province_admin', '43');
    tokens = {
      county: await t.as('county_admin', COUNTY),
      city: await t.as('city_admin', '4307'),
      supervisor: await t.as('supervisor', COUNTY),
      sibling: await t.as('county_admin', '430702'),
      childSupervisor: await t.as('supervisor', T1),
      station: await t.as('station_worker', T1),
      point: await t.as('point_worker', V1),
    };
  });
  const snapshot = async () =>
    (
      await t.db.query(`SELECT
        (SELECT count(*) FROM training_session)::int AS sessions,
        (SELECT coalesce(sum(version), 0) FROM training_session)::int AS versions,
        (SELECT count(*) FROM training_enrolment)::int AS enrolments,
        (SELECT count(*) FROM training_enrolment WHERE attended IS NOT NULL)::int AS marked,
        (SELECT count(*) FROM audit_entry)::int AS audit,
        (SELECT count(*) FROM outbox_event)::int AS outbox`)
    ).rows[0];
  const events = async (subject: string, entity: string) =>
    (
      await t.db.query(
        `SELECT envelope FROM outbox_event WHERE subject = $1 AND envelope->>'subject' = $2 ORDER BY id`,
        [subject, entity],
      )
    ).rows.map((r) => r.envelope);
  const sessionBody = (over: Record<string, unknown> = {}) => ({
    kind: 'routine',
    mode: 'on-site',
    title: '个案工作实务培训',
    regionCode: T1,
    startsAt: inHours(48),
    endsAt: inHours(51),
    place: '武陵镇社工站二楼会议室',
    trainer: '陈老师',
    ...over,
  });
  const schedule = async (over: Record<string, unknown> = {}) => {
    const res = await as(admin).post('/trainings').send(sessionBody(over));
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number };
  };
  const newStaff = async (regionCode = T1) => {
    const res = await as(admin)
      .post('/staff')
      .send({ displayName: '刘一', regionCode, postType: 'service', joinedOn: '2024-01-01' });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  /** Moves a session's times (the API refuses starts in the past, attendance needs one). */
  const moveTo = (id: string, startsAt: string, endsAt: string) =>
    t.db.query('UPDATE training_session SET starts_at = $2, ends_at = $3 WHERE id = $1', [
      id,
      startsAt,
      endsAt,
    ]);

  describe('scheduling', () => {
    it('schedules on-site and online sessions; events carry no title, place or trainer', async () => {
      const res = await as(tokens.supervisor)
        .post('/trainings')
        .send(sessionBody({ kind: 'supervision' }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        kind: 'supervision',
        mode: 'on-site',
        title: '个案工作实务培训',
        regionCode: T1,
        place: '武陵镇社工站二楼会议室',
        trainer: '陈老师',
        status: 'scheduled',
        version: 1,
        enrolments: [],
      });
      const [event] = await events('identity.training.scheduled.v1', res.body.id);
      expect(event).toMatchObject({
        regioncode: T1,
        data: { sessionId: res.body.id, kind: 'supervision', mode: 'on-site', regionCode: T1, version: 1 },
      });
      expect(JSON.stringify(event)).not.toMatch(/培训|会议室|陈老师/);
      const online = await as(tokens.county)
        .post('/trainings')
        .send(sessionBody({ kind: 'pre-job', mode: 'online', place: undefined, regionCode: COUNTY }));
      expect(online.status).toBe(201);
      expect(online.body).toMatchObject({ mode: 'online', place: null, regionCode: COUNTY });
    });

    it('answers every bad session with its code and writes nothing', async () => {
      const before = await snapshot();
      const malformed = await as(tokens.county)
        .post('/trainings')
        .set('content-type', 'application/json')
        .send('{"kind":');
      expect([malformed.status, malformed.body.code]).toEqual([400, 'COMMON.MALFORMED_JSON']);
      const start = inHours(24);
      const cases: Array<[string, string, Record<string, unknown>, number, string]> = [
        ['unknown field', tokens.county, sessionBody({ capacity: 30 }), 400, 'COMMON.VALIDATION_FAILED'],
        ['kind', tokens.county, sessionBody({ kind: 'party' }), 400, 'COMMON.VALIDATION_FAILED'],
        ['mode', tokens.county, sessionBody({ mode: 'hybrid' }), 400, 'COMMON.VALIDATION_FAILED'],
        ['no title', tokens.county, sessionBody({ title: ' ' }), 400, 'COMMON.VALIDATION_FAILED'],
        [
          'ends first',
          tokens.county,
          sessionBody({ startsAt: inHours(30), endsAt: inHours(29) }),
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        [
          'no length',
          tokens.county,
          sessionBody({ startsAt: start, endsAt: start }),
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        [
          'too long',
          tokens.county,
          sessionBody({ endsAt: inHours(48 + 24 * 15) }),
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        [
          'past',
          tokens.county,
          sessionBody({ startsAt: inHours(-2), endsAt: inHours(1) }),
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        [
          'no offset',
          tokens.county,
          sessionBody({ startsAt: '2030-01-01T09:00:00' }),
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        [
          'on-site no place',
          tokens.county,
          sessionBody({ place: undefined }),
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        [
          'bad region',
          tokens.county,
          sessionBody({ regionCode: '4307031' }),
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        [
          'unknown region',
          tokens.county,
          sessionBody({ regionCode: '430703177' }),
          422,
          'IDENTITY.UNKNOWN_REGION',
        ],
        ['ended region', tokens.county, sessionBody({ regionCode: ENDED }), 422, 'IDENTITY.UNKNOWN_REGION'],
        ['sibling', tokens.sibling, sessionBody(), 403, 'COMMON.OUT_OF_SCOPE'],
        [
          'child for parent',
          tokens.childSupervisor,
          sessionBody({ regionCode: COUNTY }),
          403,
          'COMMON.OUT_OF_SCOPE',
        ],
        ['no manage role', tokens.station, sessionBody(), 403, 'COMMON.FORBIDDEN'],
      ];
      for (const [name, token, body, status, code] of cases) {
        const res = await as(token).post('/trainings').send(body);
        expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status, code });
      }
      const pastProblem = await as(tokens.county)
        .post('/trainings')
        .send(sessionBody({ startsAt: inHours(-2), endsAt: inHours(1) }));
      expect(pastProblem.body.errors).toEqual([expect.objectContaining({ path: 'body.startsAt' })]);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('changing and cancelling', () => {
    it('changes a scheduled session with its version; the event names the fields', async () => {
      const session = await schedule();
      const res = await as(tokens.supervisor)
        .patch(`/trainings/${session.id}`)
        .send({
          version: 1,
          title: '新标题',
          mode: 'online',
          place: null,
          startsAt: inHours(72),
          endsAt: inHours(74),
        });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ title: '新标题', mode: 'online', place: null, version: 2 });
      const [event] = await events('identity.training.changed.v1', session.id);
      expect(event.data).toMatchObject({ version: 2, mode: 'online' });
      expect(event.data.changed.sort()).toEqual(['endsAt', 'mode', 'place', 'startsAt', 'title']);
      expect(JSON.stringify(event)).not.toContain('新标题');
    });

    it('refuses bad changes with their codes and writes nothing', async () => {
      const session = await schedule();
      const held = await schedule();
      await moveTo(held.id, inHours(-3), inHours(-1));
      await as(admin).post(`/trainings/${held.id}/attendance`).send({ records: [] }).expect(200);
      const before = await snapshot();
      const cases: Array<[string, string, string, Record<string, unknown>, number, string]> = [
        ['no version', tokens.county, session.id, { title: 'x' }, 400, 'COMMON.VALIDATION_FAILED'],
        ['nothing', tokens.county, session.id, { version: 1 }, 400, 'COMMON.VALIDATION_FAILED'],
        [
          'region',
          tokens.county,
          session.id,
          { version: 1, regionCode: T2 },
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        ['stale', tokens.county, session.id, { version: 3, title: 'x' }, 409, 'IDENTITY.VERSION_CONFLICT'],
        [
          'ends first',
          tokens.county,
          session.id,
          { version: 1, endsAt: inHours(47) },
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        [
          'past',
          tokens.county,
          session.id,
          { version: 1, startsAt: inHours(-1) },
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        ['no place', tokens.county, session.id, { version: 1, place: null }, 400, 'COMMON.VALIDATION_FAILED'],
        ['held', tokens.county, held.id, { version: 2, title: 'x' }, 409, 'IDENTITY.TRAINING_NOT_SCHEDULED'],
        [
          'sibling',
          tokens.sibling,
          session.id,
          { version: 1, title: 'x' },
          404,
          'IDENTITY.TRAINING_NOT_FOUND',
        ],
        ['unknown', tokens.county, uuidv7(), { version: 1, title: 'x' }, 404, 'IDENTITY.TRAINING_NOT_FOUND'],
        ['read-only', tokens.station, session.id, { version: 1, title: 'x' }, 403, 'COMMON.FORBIDDEN'],
      ];
      for (const [name, token, id, body, status, code] of cases) {
        const res = await as(token).patch(`/trainings/${id}`).send(body);
        expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status, code });
      }
      expect(await snapshot()).toEqual(before);
    });

    it('cancels with a reason kept in identity only, and freezes the session', async () => {
      const session = await schedule();
      const staffId = await newStaff();
      await as(admin)
        .post(`/trainings/${session.id}/enrolments`)
        .send({ staffIds: [staffId] })
        .expect(200);
      const noReason = await as(tokens.county).post(`/trainings/${session.id}/cancel`).send({});
      expect([noReason.status, noReason.body.code]).toEqual([400, 'COMMON.VALIDATION_FAILED']);
      const res = await as(tokens.county)
        .post(`/trainings/${session.id}/cancel`)
        .send({ reason: '暴雨预警，延期举办' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'cancelled',
        version: 2,
        cancellation: { reason: '暴雨预警，延期举办' },
      });
      expect((await as(tokens.station).get(`/trainings/${session.id}`)).body.cancellation.reason).toBe(
        '暴雨预警，延期举办',
      );
      const [event] = await events('identity.training.cancelled.v1', session.id);
      expect(event.data).toMatchObject({ sessionId: session.id, enrolled: 1, version: 2 });
      expect(JSON.stringify(event)).not.toContain('暴雨');

      const late = await newStaff();
      const before = await snapshot();
      const refusals = [
        await as(tokens.county).post(`/trainings/${session.id}/cancel`).send({ reason: 'again' }),
        await as(tokens.county).patch(`/trainings/${session.id}`).send({ version: 2, title: 'x' }),
        await as(tokens.county)
          .post(`/trainings/${session.id}/enrolments`)
          .send({ staffIds: [late] }),
        await as(tokens.county).post(`/trainings/${session.id}/attendance`).send({ records: [] }),
      ];
      expect(refusals.map((r) => [r.status, r.body.code])).toEqual(
        Array(4).fill([409, 'IDENTITY.TRAINING_NOT_SCHEDULED']),
      );
      const sibling = await as(tokens.sibling).post(`/trainings/${session.id}/cancel`).send({ reason: 'x' });
      expect(sibling.status).toBe(404);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('enrolments and attendance', () => {
    it('enrols active staff of the session’s region, idempotently', async () => {
      const session = await schedule({ regionCode: T1 });
      const [a, b, c] = [await newStaff(T1), await newStaff(V1), await newStaff(T1)];
      const first = await as(tokens.childSupervisor)
        .post(`/trainings/${session.id}/enrolments`)
        .send({ staffIds: [a, b] });
      expect(first.status).toBe(200);
      expect(first.body.enrolments.map((e: { staffId: string }) => e.staffId).sort()).toEqual([a, b].sort());
      const again = await as(tokens.county)
        .post(`/trainings/${session.id}/enrolments`)
        .send({ staffIds: [b, c] });
      expect(again.body.enrolments).toHaveLength(3);
      expect(again.body.enrolments.every((e: { attended: unknown }) => e.attended === null)).toBe(true);
    });

    it('refuses ineligible staff and bad lists, enrolling nobody', async () => {
      const session = await schedule({ regionCode: T1 });
      const ok = await newStaff(T1);
      const elsewhere = await newStaff(T2);
      const leaver = await newStaff(T1);
      await as(admin).post(`/staff/${leaver}/leave`).send({ leftOn: '2024-06-01' }).expect(200);
      const before = await snapshot();
      const cases: Array<[string, string, unknown, number, string]> = [
        ['unknown', tokens.county, { staffIds: [ok, uuidv7()] }, 422, 'IDENTITY.UNKNOWN_STAFF'],
        [
          'other township',
          tokens.county,
          { staffIds: [ok, elsewhere] },
          422,
          'IDENTITY.STAFF_OUTSIDE_REGION',
        ],
        ['left', tokens.county, { staffIds: [ok, leaver] }, 409, 'IDENTITY.STAFF_NOT_ACTIVE'],
        ['duplicates', tokens.county, { staffIds: [ok, ok] }, 400, 'COMMON.VALIDATION_FAILED'],
        ['empty', tokens.county, { staffIds: [] }, 400, 'COMMON.VALIDATION_FAILED'],
        ['not ids', tokens.county, { staffIds: ['x'] }, 400, 'COMMON.VALIDATION_FAILED'],
        ['extra', tokens.county, { staffIds: [ok], notify: true }, 400, 'COMMON.VALIDATION_FAILED'],
        ['sibling', tokens.sibling, { staffIds: [ok] }, 404, 'IDENTITY.TRAINING_NOT_FOUND'],
        ['read-only', tokens.station, { staffIds: [ok] }, 403, 'COMMON.FORBIDDEN'],
      ];
      for (const [name, token, body, status, code] of cases) {
        const res = await as(token)
          .post(`/trainings/${session.id}/enrolments`)
          .send(body as object);
        expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status, code });
      }
      expect(await snapshot()).toEqual(before);
    });

    it('records attendance once the session started, marks it held, and announces the counts', async () => {
      const session = await schedule();
      const [a, b, c] = [await newStaff(), await newStaff(), await newStaff()];
      await as(admin)
        .post(`/trainings/${session.id}/enrolments`)
        .send({ staffIds: [a, b, c] })
        .expect(200);
      const early = await as(tokens.county).post(`/trainings/${session.id}/attendance`).send({ records: [] });
      expect([early.status, early.body.code]).toEqual([409, 'IDENTITY.TRAINING_NOT_STARTED']);

      await moveTo(session.id, inHours(-3), inHours(-1)); // a two-hour session
      const before = await snapshot();
      const stranger = await newStaff();
      const afterStranger = await snapshot();
      const cases: Array<[string, unknown, number, string]> = [
        [
          'too long',
          { records: [{ staffId: a, attended: true, minutes: 121 }] },
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        [
          'negative',
          { records: [{ staffId: a, attended: true, minutes: -1 }] },
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        [
          'absent minutes',
          { records: [{ staffId: a, attended: false, minutes: 30 }] },
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        [
          'twice',
          {
            records: [
              { staffId: a, attended: true, minutes: 1 },
              { staffId: a, attended: true, minutes: 2 },
            ],
          },
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        ['no minutes', { records: [{ staffId: a, attended: true }] }, 400, 'COMMON.VALIDATION_FAILED'],
        [
          'not enrolled',
          { records: [{ staffId: stranger, attended: true, minutes: 60 }] },
          422,
          'IDENTITY.NOT_ENROLLED',
        ],
        ['no records', {}, 400, 'COMMON.VALIDATION_FAILED'],
      ];
      for (const [name, body, status, code] of cases) {
        const res = await as(tokens.county)
          .post(`/trainings/${session.id}/attendance`)
          .send(body as object);
        expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status, code });
      }
      expect(await snapshot()).toEqual(afterStranger);
      expect(afterStranger.sessions).toBe(before.sessions);

      const res = await as(tokens.supervisor)
        .post(`/trainings/${session.id}/attendance`)
        .send({
          records: [
            { staffId: a, attended: true, minutes: 120 },
            { staffId: b, attended: true, minutes: 90 },
          ],
        });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('held');
      const byStaff = Object.fromEntries(
        res.body.enrolments.map((e: { staffId: string; attended: boolean; minutes: number }) => [
          e.staffId,
          [e.attended, e.minutes],
        ]),
      );
      expect(byStaff).toEqual({ [a]: [true, 120], [b]: [true, 90], [c]: [false, 0] });
      const [event] = await events('identity.training.held.v1', session.id);
      expect(event.data).toMatchObject({
        sessionId: session.id,
        kind: 'routine',
        enrolled: 3,
        attended: 2,
        version: 2,
      });
      const again = await as(tokens.county).post(`/trainings/${session.id}/attendance`).send({ records: [] });
      expect([again.status, again.body.code]).toEqual([409, 'IDENTITY.TRAINING_NOT_SCHEDULED']);
    });
  });

  describe('reading', () => {
    it('lists sessions by region, China-calendar dates and status, with cursors', async () => {
      const [jan1, jan31, feb1] = [await schedule(), await schedule(), await schedule()];
      // 2030-01-01 00:30 and 2030-01-31 23:30 in China are 2029-12-31 and 2030-01-31 in UTC.
      await moveTo(jan1.id, '2029-12-31T16:30:00Z', '2029-12-31T18:00:00Z');
      await moveTo(jan31.id, '2030-01-31T15:30:00Z', '2030-01-31T17:00:00Z');
      await moveTo(feb1.id, '2030-01-31T16:30:00Z', '2030-01-31T18:00:00Z');
      const january = await as(tokens.county).get('/trainings?from=2030-01-01&to=2030-01-31');
      expect(january.body.items.map((s: { id: string }) => s.id)).toEqual([jan1.id, jan31.id]);
      expect(january.body.items[0]).toMatchObject({ enrolled: 0, status: 'scheduled' });
      const february = await as(tokens.county).get(
        `/trainings?from=2030-02-01&to=2030-02-28&region=${T1}&status=scheduled`,
      );
      expect(february.body.items.map((s: { id: string }) => s.id)).toEqual([feb1.id]);
      expect(
        (await as(tokens.county).get('/trainings?from=2030-02-01&to=2030-02-28&status=held')).body.items,
      ).toEqual([]);

      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await as(tokens.county).get(`/trainings?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        paged.push(...res.body.items.map((s: { id: string }) => s.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      const { rows } = await t.db.query(`SELECT id FROM training_session ORDER BY starts_at, id`);
      expect(paged).toEqual(rows.map((r) => r.id));

      for (const query of [
        '?from=2030-02-01&to=2030-01-01',
        '?from=2030-13-01',
        '?status=done',
        '?cursor=abc',
        '?title=x',
      ]) {
        const res = await as(tokens.county).get(`/trainings${query}`);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
      }
    });

    it('adds up a staff member’s attended hours per kind in a China calendar year', async () => {
      const staffId = await newStaff();
      const held = async (
        kind: string,
        startsAt: string,
        endsAt: string,
        minutes: number,
        attended = true,
      ) => {
        const s = await schedule({ kind });
        await as(admin)
          .post(`/trainings/${s.id}/enrolments`)
          .send({ staffIds: [staffId] })
          .expect(200);
        await moveTo(s.id, startsAt, endsAt);
        await as(admin)
          .post(`/trainings/${s.id}/attendance`)
          .send({ records: [{ staffId, attended, minutes: attended ? minutes : 0 }] })
          .expect(200);
      };
      await held('pre-job', '2025-03-01T01:00:00Z', '2025-03-01T09:00:00Z', 480);
      await held('routine', '2025-06-01T01:00:00Z', '2025-06-01T03:00:00Z', 90);
      await held('routine', '2025-07-01T01:00:00Z', '2025-07-01T03:00:00Z', 0, false);
      await held('supervision', '2024-12-31T17:00:00Z', '2024-12-31T18:00:00Z', 45); // 2025-01-01 01:00 in China
      await held('supervision', '2024-12-31T15:00:00Z', '2024-12-31T16:00:00Z', 60); // 2024-12-31 23:00 in China
      const scheduledOnly = await schedule({ kind: 'routine' });
      await as(admin)
        .post(`/trainings/${scheduledOnly.id}/enrolments`)
        .send({ staffIds: [staffId] })
        .expect(200);

      const res = await as(tokens.station).get(`/staff/${staffId}/training-hours?year=2025`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        staffId,
        year: 2025,
        hours: { 'pre-job': 8, routine: 1.5, supervision: 0.75 },
        minutes: { 'pre-job': 480, routine: 90, supervision: 45 },
        sessions: { 'pre-job': 1, routine: 1, supervision: 1 },
        totalHours: 10.25,
      });
      const y2024 = await as(tokens.county).get(`/staff/${staffId}/training-hours?year=2024`);
      expect(y2024.body.hours).toEqual({ 'pre-job': 0, routine: 0, supervision: 1 });
      const thisYear = await as(tokens.county).get(`/staff/${staffId}/training-hours`);
      expect(thisYear.body.year).toBe(Number(new Date(Date.now() + 8 * HOUR).toISOString().slice(0, 4)));
      for (const [token, path, status, code] of [
        [tokens.sibling, `/staff/${staffId}/training-hours`, 404, 'IDENTITY.STAFF_NOT_FOUND'],
        [tokens.county, `/staff/${uuidv7()}/training-hours`, 404, 'IDENTITY.STAFF_NOT_FOUND'],
        [tokens.point, `/staff/${staffId}/training-hours`, 403, 'COMMON.FORBIDDEN'],
        [tokens.county, `/staff/${staffId}/training-hours?year=1999`, 400, 'COMMON.VALIDATION_FAILED'],
        [tokens.county, `/staff/${staffId}/training-hours?year=abc`, 400, 'COMMON.VALIDATION_FAILED'],
      ] as const) {
        const r = await as(token).get(path);
        expect({ path, status: r.status, code: r.body.code }).toEqual({ path, status, code });
      }
    });
  });

  // ───────────── scope matrix ─────────────

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
    await as(admin)
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
