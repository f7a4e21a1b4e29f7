import { v7 as uuidv7 } from 'uuid';
import { useIdentityApp } from './support/identity-spec';
import { COUNTY, ENDED, HOUR, inHours, T1, T2, useTrainings, V1 } from './support/trainings';

// Trainings and supervision: scheduling, changes, cancelling, enrolments, attendance, hours. Who may
// call each endpoint where (the scope matrix) is in trainings-scope.spec.ts.

describe('trainings and supervision', () => {
  const t = useIdentityApp();
  const as = t.caller;
  const trainings = useTrainings(t);
  const { snapshot, sessionBody, schedule, newStaff, moveTo } = trainings;
  let tokens: Record<
    'county' | 'city' | 'supervisor' | 'sibling' | 'childSupervisor' | 'station' | 'point',
    string
  >;

  beforeAll(async () => {
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
  const events = async (subject: string, entity: string) =>
    (
      await t.db.query(
        `SELECT envelope FROM outbox_event WHERE subject = $1 AND envelope->>'subject' = $2 ORDER BY id`,
        [subject, entity],
      )
    ).rows.map((r) => r.envelope);

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
      await as(trainings.admin).post(`/trainings/${held.id}/attendance`).send({ records: [] }).expect(200);
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
      await as(trainings.admin)
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
      await as(trainings.admin).post(`/staff/${leaver}/leave`).send({ leftOn: '2024-06-01' }).expect(200);
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
      await as(trainings.admin)
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
        await as(trainings.admin)
          .post(`/trainings/${s.id}/enrolments`)
          .send({ staffIds: [staffId] })
          .expect(200);
        await moveTo(s.id, startsAt, endsAt);
        await as(trainings.admin)
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
      await as(trainings.admin)
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
});
