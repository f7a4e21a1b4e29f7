import { v7 as uuidv7 } from 'uuid';
import { addFrequency } from '../src/case-work/schedule';
import {
  caseWorkFixtures,
  expectNoNotePlaintext,
  planBody,
  TOWN_A,
  TOWN_B,
} from './support/case-work-fixtures';
import { useCasesApp } from './support/cases-spec';
import { chinaDay } from './support/china-calendar';

// Service plans against real PostgreSQL: opened on an approved assessment, read, changed and closed,
// and kept inside the caller's township.

const t = useCasesApp({ region: TOWN_A });
const { as, post, get, patch, events } = t;
const { secrets, secret, registerRecipient, domains, counts, approvedRecipient, openPlan } =
  caseWorkFixtures(t);

describe('service plans', () => {
  it('needs an approved assessment (409) and writes nothing', async () => {
    const recipientId = await registerRecipient();
    const worker = await as('point_worker');
    const created = await post(worker, `/recipients/${recipientId}/assessments`, { domains: domains() });
    await post(worker, `/assessments/${created.body.id}/submit`); // submitted, not approved
    const before = await counts();
    const res = await post(worker, `/recipients/${recipientId}/plans`, planBody());
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CASES.ASSESSMENT_NOT_APPROVED');
    expect(await counts()).toEqual(before);
  });

  it('creates a plan: next monitoring due from startsOn + frequency, one event without goals', async () => {
    const recipientId = await approvedRecipient();
    const worker = await as('point_worker');
    const res = await post(worker, `/recipients/${recipientId}/plans`, planBody({ startsOn: '2026-01-31' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      recipientId,
      status: 'open',
      monitoringFrequency: 'monthly',
      startsOn: '2026-01-31',
      nextMonitoringDue: '2026-02-28', // clamped to the month's end
    });
    const [event] = await events(res.body.id);
    expect(event.type).toBe('wushe.cases.plan.created.v1');
    expect(event.data).toMatchObject({
      planId: res.body.id,
      recipientId,
      serviceTypes: ['emotional-support', 'resource-linking'],
      goalCount: 2,
      monitoringFrequency: 'monthly',
      startsOn: '2026-01-31',
      nextMonitoringDue: '2026-02-28',
    });
    expect(JSON.stringify(event)).not.toContain('稳定情绪');

    const second = await post(worker, `/recipients/${recipientId}/plans`, planBody());
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('CASES.PLAN_ALREADY_OPEN');
  });

  it('moves the recipient through the ledger: approved assessment → assessed, plan → in-service', async () => {
    const recipientId = await approvedRecipient();
    const status = async () =>
      (await t.db.query('SELECT status, version FROM recipient WHERE id = $1', [recipientId])).rows[0];
    expect(await status()).toEqual({ status: 'assessed', version: 2 });
    const worker = await as('point_worker');
    expect((await post(worker, `/recipients/${recipientId}/plans`, planBody())).status).toBe(201);
    expect(await status()).toEqual({ status: 'in-service', version: 3 });
    const moves = await t.db.query(
      `SELECT envelope->'data'->>'from' AS "from", envelope->'data'->>'to' AS "to" FROM outbox_event
       WHERE subject = 'cases.recipient.status-changed.v1' AND envelope->>'subject' = $1 ORDER BY created_at`,
      [recipientId],
    );
    expect(moves.rows).toEqual([
      { from: 'identified', to: 'assessed' },
      { from: 'assessed', to: 'in-service' },
    ]);
  });

  it('opens exactly one plan when several are requested at the same moment', async () => {
    const recipientId = await approvedRecipient();
    const worker = await as('point_worker');
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => post(worker, `/recipients/${recipientId}/plans`, planBody())),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    expect(
      results.filter((r) => r.status === 409).every((r) => r.body.code === 'CASES.PLAN_ALREADY_OPEN'),
    ).toBe(true);
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM service_plan WHERE recipient_id = $1', [
      recipientId,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it.each([
    ['weekly', '2026-03-01', '2026-03-08'],
    ['monthly', '2026-03-15', '2026-04-15'],
    ['quarterly', '2025-11-30', '2026-02-28'],
  ])('%s from %s is first due %s', async (frequency, startsOn, due) => {
    const plan = await openPlan(TOWN_A, { monitoringFrequency: frequency, startsOn });
    expect(plan.nextMonitoringDue).toBe(due);
  });

  describe('rejects bad plans with their code and writes nothing', () => {
    let recipientId: string;
    beforeAll(async () => {
      recipientId = await approvedRecipient();
    });
    const { monitoringFrequency: _omit, ...withoutFrequency } = planBody();
    const cases: Array<[string, () => object, number, string]> = [
      ['missing monitoringFrequency', () => withoutFrequency, 400, 'COMMON.VALIDATION_FAILED'],
      ['daily monitoring', () => planBody({ monitoringFrequency: 'daily' }), 400, 'COMMON.VALIDATION_FAILED'],
      ['no goals', () => planBody({ goals: [] }), 400, 'COMMON.VALIDATION_FAILED'],
      [
        'eleven goals',
        () => planBody({ goals: Array.from({ length: 11 }, (_, i) => `目标${i}`) }),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'an unknown service type',
        () => planBody({ services: [{ type: 'haircut', frequency: 'weekly' }] }),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'a repeated service type',
        () =>
          planBody({
            services: [
              { type: 'daily-care', frequency: 'weekly' },
              { type: 'daily-care', frequency: 'daily' },
            ],
          }),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      ['no services', () => planBody({ services: [] }), 400, 'COMMON.VALIDATION_FAILED'],
      ['a bad start date', () => planBody({ startsOn: '2026-02-30' }), 400, 'COMMON.VALIDATION_FAILED'],
    ];
    it.each(cases)('%s', async (_name, body, status, code) => {
      const before = await counts();
      const res = await post(await as('point_worker'), `/recipients/${recipientId}/plans`, body());
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      expect(await counts()).toEqual(before);
    });

    it('a worker of another township gets 404', async () => {
      const before = await counts();
      const res = await post(
        await as('point_worker', TOWN_B),
        `/recipients/${recipientId}/plans`,
        planBody(),
      );
      expect(res.status).toBe(404);
      expect(await counts()).toEqual(before);
    });
  });

  it('closes a plan once (event), then refuses records on it (409 PLAN_CLOSED)', async () => {
    const plan = await openPlan();
    const worker = await as('point_worker');
    const closed = await post(worker, `/plans/${plan.id}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect((await events(plan.id)).map((e) => e.type)).toEqual([
      'wushe.cases.plan.created.v1',
      'wushe.cases.plan.closed.v1',
    ]);
    const before = await counts();
    for (const [path, body] of [
      ['close', {}],
      ['services', { type: 'emotional-support', deliveredAt: new Date().toISOString(), minutes: 30 }],
      ['monitoring', { recordedAt: new Date().toISOString(), outcome: 'stable' }],
    ] as const) {
      const res = await post(worker, `/plans/${plan.id}/${path}`, body);
      expect([path, res.status, res.body.code]).toEqual([path, 409, 'CASES.PLAN_CLOSED']);
    }
    expect(await counts()).toEqual(before);
  });
});

describe('plans: read', () => {
  let plan: { id: string; recipientId: string };
  let serviceIds: string[];
  let monitoringIds: string[];
  const serviceNotes: string[] = [];
  beforeAll(async () => {
    plan = await openPlan(TOWN_A, { startsOn: chinaDay(-10), monitoringFrequency: 'weekly' });
    const worker = await as('point_worker');
    serviceIds = [];
    for (const hoursAgo of [30, 5, 50]) {
      const notes = secret('svc-read');
      serviceNotes.push(notes);
      const res = await post(worker, `/plans/${plan.id}/services`, {
        type: 'emotional-support',
        deliveredAt: new Date(Date.now() - hoursAgo * 3600_000).toISOString(),
        minutes: 30,
        notes,
      });
      expect(res.status).toBe(201);
      serviceIds.push(res.body.id);
    }
    monitoringIds = [];
    for (const [daysAgo, notes] of [
      [2, secret('mon-read')],
      [1, undefined],
    ] as const) {
      const res = await post(worker, `/plans/${plan.id}/monitoring`, {
        recordedAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
        outcome: 'stable',
        ...(notes ? { notes } : {}),
      });
      expect(res.status).toBe(201);
      monitoringIds.push(res.body.id);
    }
  });

  it('GET /plans/:id: goals, services, next due, what was done; 404 outside the scope', async () => {
    const res = await get(await as('county_admin', '430703'), `/plans/${plan.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: plan.id,
      recipientId: plan.recipientId,
      goals: ['稳定情绪', '恢复社会交往'],
      services: [
        { type: 'emotional-support', frequency: 'weekly' },
        { type: 'resource-linking', frequency: 'monthly' },
      ],
      monitoringFrequency: 'weekly',
      status: 'open',
      version: 3, // two monitoring contacts moved it on
      monitoringOverdue: false,
      serviceCount: 3,
      serviceMinutes: 90,
      monitoringCount: 2,
    });
    expect(res.body.nextMonitoringDue > chinaDay(0)).toBe(true);
    expect((await get(await as('supervisor', TOWN_B), `/plans/${plan.id}`)).status).toBe(404);
    expect((await get(await as('supervisor'), `/plans/${uuidv7()}`)).status).toBe(404);
  });

  it('GET /recipients/:id/plans: newest first, paged; 404 for another township', async () => {
    const worker = await as('point_worker');
    const recipientId = await approvedRecipient();
    const first = await post(worker, `/recipients/${recipientId}/plans`, planBody());
    expect((await post(worker, `/plans/${first.body.id}/close`)).status).toBe(200);
    const second = await post(
      worker,
      `/recipients/${recipientId}/plans`,
      planBody({ monitoringFrequency: 'quarterly' }),
    );
    expect(second.status).toBe(201);
    const all = await get(worker, `/recipients/${recipientId}/plans`);
    expect(all.status).toBe(200);
    expect(all.body.items.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual([
      [second.body.id, 'open'],
      [first.body.id, 'closed'],
    ]);
    const page1 = await get(worker, `/recipients/${recipientId}/plans?limit=1`);
    expect(page1.body.items.map((p: { id: string }) => p.id)).toEqual([second.body.id]);
    const page2 = await get(
      worker,
      `/recipients/${recipientId}/plans?limit=1&cursor=${page1.body.nextCursor}`,
    );
    expect(page2.body.items.map((p: { id: string }) => p.id)).toEqual([first.body.id]);
    expect(page2.body.nextCursor).toBeNull();
    expect((await get(await as('point_worker', TOWN_B), `/recipients/${recipientId}/plans`)).status).toBe(
      404,
    );
    expect((await get(worker, `/recipients/${uuidv7()}/plans`)).status).toBe(404);
  });

  it('GET /plans/:id/services: latest first, paged, notes only for writers in scope', async () => {
    const worker = await as('point_worker');
    const expected = [serviceIds[1], serviceIds[0], serviceIds[2]]; // 5h, 30h, 50h ago
    const all = await get(worker, `/plans/${plan.id}/services`);
    expect(all.status).toBe(200);
    expect(all.body.items.map((r: { id: string }) => r.id)).toEqual(expected);
    expect(all.body.items[0]).toMatchObject({ hasNotes: true, notes: serviceNotes[1], minutes: 30 });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(worker, `/plans/${plan.id}/services?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.body.items.map((r: { id: string }) => r.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);

    const county = await get(await as('county_admin', '430703'), `/plans/${plan.id}/services`);
    expect(county.status).toBe(200);
    expect(county.body.items).toHaveLength(3);
    expect(county.body.items[0]).not.toHaveProperty('notes');
    expect(JSON.stringify(county.body)).not.toContain('机密');
    expect((await get(await as('supervisor', TOWN_B), `/plans/${plan.id}/services`)).status).toBe(404);
    const bad = await get(worker, `/plans/${plan.id}/services?cursor=nonsense`);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('COMMON.BAD_CURSOR');
  });

  it('GET /plans/:id/monitoring: latest first with next due, notes only for writers in scope', async () => {
    const worker = await as('supervisor');
    const res = await get(worker, `/plans/${plan.id}/monitoring`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((r: { id: string }) => r.id)).toEqual([monitoringIds[1], monitoringIds[0]]);
    expect(res.body.items[0]).toMatchObject({ hasNotes: false, notes: null, outcome: 'stable' });
    expect(res.body.items[1].notes).toContain('mon-read');
    const auditor = await get(await as('auditor'), `/plans/${plan.id}/monitoring`);
    expect(auditor.status).toBe(200);
    expect(JSON.stringify(auditor.body)).not.toContain('机密');
    expect((await get(await as('point_worker', TOWN_B), `/plans/${plan.id}/monitoring`)).status).toBe(404);
  });
});

describe('PATCH /plans/:id', () => {
  const planRow = async (id: string) =>
    (
      await t.db.query(
        `SELECT version, goals, monitoring_frequency, next_monitoring_due::text AS due FROM service_plan WHERE id = $1`,
        [id],
      )
    ).rows[0];

  it('changes goals and services with one event (no goal text), version moved on', async () => {
    const plan = await openPlan();
    const editor = `editor-${uuidv7()}`;
    const worker = await as('point_worker', TOWN_A, editor);
    const goal = '每周参加一次社区活动';
    const res = await patch(worker, `/plans/${plan.id}`, {
      version: 1,
      goals: ['稳定情绪', goal],
      services: [{ type: 'social-integration', frequency: 'weekly' }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      version: 2,
      goals: ['稳定情绪', goal],
      services: [{ type: 'social-integration', frequency: 'weekly' }],
      nextMonitoringDue: plan.nextMonitoringDue,
      changedBy: editor,
      changedAt: expect.any(String),
    });
    expect((await get(worker, `/plans/${plan.id}`)).body).toMatchObject({ changedBy: editor });
    const changed = (await events(plan.id)).filter((e) => e.type === 'wushe.cases.plan.changed.v1');
    expect(changed).toHaveLength(1);
    expect(changed[0].data).toEqual({
      planId: plan.id,
      recipientId: plan.recipientId,
      villageCode: expect.any(String),
      changed: ['goals', 'services'],
      serviceTypes: ['social-integration'],
      goalCount: 2,
      monitoringFrequency: 'monthly',
      nextMonitoringDue: plan.nextMonitoringDue,
      version: 2,
    });
    expect(JSON.stringify(changed[0])).not.toContain(goal);

    // A service no longer planned cannot be recorded; the new one can.
    const removed = await post(worker, `/plans/${plan.id}/services`, {
      type: 'emotional-support',
      deliveredAt: new Date().toISOString(),
      minutes: 20,
    });
    expect(removed.status).toBe(422);
    expect(removed.body.code).toBe('CASES.SERVICE_NOT_IN_PLAN');
  });

  it('a new frequency restarts the schedule from the last monitoring contact (or the start)', async () => {
    // Every date from one instant: read at each use, they could straddle midnight (China time).
    const now = Date.now();
    const startsOn = chinaDay(-40, now);
    const plan = await openPlan(TOWN_A, { monitoringFrequency: 'quarterly', startsOn });
    const worker = await as('point_worker');
    const weekly = await patch(worker, `/plans/${plan.id}`, { version: 1, monitoringFrequency: 'weekly' });
    expect(weekly.status).toBe(200);
    expect(weekly.body).toMatchObject({
      monitoringFrequency: 'weekly',
      nextMonitoringDue: chinaDay(-33, now),
      version: 2,
    });
    // Now overdue, as a weekly plan unseen for 40 days should be.
    const overdue = await get(worker, `/plans/${plan.id}`);
    expect(overdue.body.monitoringOverdue).toBe(true);

    const contact = await post(worker, `/plans/${plan.id}/monitoring`, {
      recordedAt: `${chinaDay(-3, now)}T10:00:00+08:00`,
      outcome: 'improved',
    });
    expect(contact.status).toBe(201);
    const monthly = await patch(worker, `/plans/${plan.id}`, { version: 3, monitoringFrequency: 'monthly' });
    expect(monthly.status).toBe(200);
    expect(monthly.body.nextMonitoringDue).toBe(addFrequency(chinaDay(-3, now), 'monthly'));
    expect(await planRow(plan.id)).toMatchObject({
      version: 4,
      monitoring_frequency: 'monthly',
      due: monthly.body.nextMonitoringDue,
    });
    const changed = (await events(plan.id)).filter((e) => e.type === 'wushe.cases.plan.changed.v1');
    expect(changed.map((e) => e.data.changed)).toEqual([['monitoringFrequency'], ['monitoringFrequency']]);
  });

  it('conflicts: a stale version (also after a monitoring contact) is 409 and changes nothing', async () => {
    const plan = await openPlan();
    const worker = await as('point_worker');
    const monitored = await post(worker, `/plans/${plan.id}/monitoring`, {
      recordedAt: new Date().toISOString(),
      outcome: 'stable',
    });
    expect(monitored.status).toBe(201);
    const before = await counts();
    const stale = await patch(worker, `/plans/${plan.id}`, { version: 1, goals: ['新目标'] });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CASES.CASE_WORK_CONFLICT');
    expect(await counts()).toEqual(before);
    expect(await planRow(plan.id)).toMatchObject({ version: 2, goals: ['稳定情绪', '恢复社会交往'] });

    const results = await Promise.all(
      ['甲', '乙', '丙'].map((g) => patch(worker, `/plans/${plan.id}`, { version: 2, goals: [g] })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect((await planRow(plan.id)).version).toBe(3);
  });

  it('sending what the plan already says changes nothing and announces nothing', async () => {
    const plan = await openPlan();
    const before = await counts();
    const res = await patch(await as('point_worker'), `/plans/${plan.id}`, {
      version: 1,
      goals: ['稳定情绪', '恢复社会交往'],
      monitoringFrequency: 'monthly',
    });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(1);
    expect(await counts()).toEqual(before);
  });

  describe('rejects bad changes with their code and changes nothing', () => {
    let planId = '';
    let closedId = '';
    beforeAll(async () => {
      planId = (await openPlan()).id;
      closedId = (await openPlan()).id;
      expect((await post(await as('point_worker'), `/plans/${closedId}/close`)).status).toBe(200);
    });
    const cases: Array<[string, () => Promise<[string, string, object]>, number, string]> = [
      [
        'no change named',
        async () => [await as('point_worker'), planId, { version: 1 }],
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'no version',
        async () => [await as('point_worker'), planId, { goals: ['x'] }],
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'no goals',
        async () => [await as('point_worker'), planId, { version: 1, goals: [] }],
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'a repeated service type',
        async () => [
          await as('point_worker'),
          planId,
          {
            version: 1,
            services: [
              { type: 'daily-care', frequency: 'weekly' },
              { type: 'daily-care', frequency: 'daily' },
            ],
          },
        ],
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'daily monitoring',
        async () => [await as('point_worker'), planId, { version: 1, monitoringFrequency: 'daily' }],
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'a closed plan',
        async () => [await as('point_worker'), closedId, { version: 2, goals: ['x'] }],
        409,
        'CASES.PLAN_CLOSED',
      ],
      [
        'an auditor',
        async () => [await as('auditor'), planId, { version: 1, goals: ['x'] }],
        403,
        'COMMON.FORBIDDEN',
      ],
      [
        'a worker of another township',
        async () => [await as('point_worker', TOWN_B), planId, { version: 1, goals: ['x'] }],
        404,
        'COMMON.NOT_FOUND',
      ],
      [
        'an unknown plan',
        async () => [await as('point_worker'), uuidv7(), { version: 1, goals: ['x'] }],
        404,
        'COMMON.NOT_FOUND',
      ],
    ];
    it.each(cases)('%s', async (_name, make, status, code) => {
      const [auth, id, body] = await make();
      const before = await counts();
      const res = await patch(auth, `/plans/${id}`, body);
      expect([res.status, res.body.code]).toEqual([status, code]);
      expect(await counts()).toEqual(before);
      expect((await planRow(planId)).version).toBe(1);
    });
  });
});

describe('scope isolation', () => {
  it('another township neither reads nor acts on case work', async () => {
    const plan = await openPlan();
    const outsider = await as('supervisor', TOWN_B);
    expect((await get(outsider, `/recipients/${plan.recipientId}/assessments`)).status).toBe(404);
    const before = await counts();
    expect((await post(outsider, `/plans/${plan.id}/close`)).status).toBe(404);
    expect(
      (
        await post(outsider, `/plans/${plan.id}/monitoring`, {
          recordedAt: new Date().toISOString(),
          outcome: 'stable',
        })
      ).status,
    ).toBe(404);
    expect((await post(outsider, `/recipients/${plan.recipientId}/plans`, planBody())).status).toBe(404);
    expect(await counts()).toEqual(before);
  });
});

describe('PIPL: no note plaintext at rest or in events', () => {
  it('scans every text/json column and every outbox envelope for this file’s notes', async () => {
    await expectNoNotePlaintext(t, secrets);
  });
});
