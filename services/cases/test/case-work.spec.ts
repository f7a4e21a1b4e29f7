import { residentId, villageCode } from '@wushe/testing';
import { v7 as uuidv7 } from 'uuid';
import { addFrequency } from '../src/case-work/schedule';
import { useCasesApp } from './support/cases-spec';
import { chinaDay } from './support/china-calendar';
import { envelopeTexts, scanSchemaText } from './support/pii-scan';

// Case work against real PostgreSQL: assessments with supervisor approval, service plans, service
// and monitoring records, the overdue list, scope, and the promise that notes never leave the
// field encrypted (no plaintext in any column or outbox envelope).

const TOWN_A = '430703100';
const TOWN_B = '430703101';
const DOMAINS = ['economic', 'health', 'care', 'education', 'psychological', 'social-support'] as const;

const t = useCasesApp({ region: TOWN_A });
const { as, post, get, patch, events } = t;
/** Every plaintext note, comment and reason sent, for the PIPL scan at the end. */
const secrets: string[] = [];

const secret = (label: string) => {
  const s = `${label}-机密-${uuidv7()}`;
  secrets.push(s);
  return s;
};

async function registerRecipient(town = TOWN_A): Promise<string> {
  const res = await post(await as('station_worker', town), '/recipients', {
    name: '李四',
    residentId: residentId(),
    villageCode: villageCode(town),
    legalBasis: 'statutory-duty',
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

function domains(scores: number[] = [1, 2, 0, 1, 1, 0], notes = true) {
  return Object.fromEntries(
    DOMAINS.map((d, i) => [d, { score: scores[i], ...(notes ? { note: secret(`note-${d}`) } : {}) }]),
  );
}

async function counts() {
  const q = async (table: string) =>
    Number((await t.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
  return {
    assessment: await q('assessment'),
    domain: await q('assessment_domain'),
    plan: await q('service_plan'),
    service: await q('service_record'),
    monitoring: await q('monitoring_record'),
    outbox: await q('outbox_event'),
  };
}

/** A recipient with an approved assessment: written and submitted by a worker, approved by a supervisor. */
async function approvedRecipient(town = TOWN_A): Promise<string> {
  const recipientId = await registerRecipient(town);
  const worker = await as('point_worker', town);
  const created = await post(worker, `/recipients/${recipientId}/assessments`, { domains: domains() });
  expect(created.status).toBe(201);
  expect((await post(worker, `/assessments/${created.body.id}/submit`)).status).toBe(200);
  const approved = await post(await as('supervisor', town), `/assessments/${created.body.id}/approve`);
  expect(approved.status).toBe(200);
  return recipientId;
}

function planBody(overrides: Record<string, unknown> = {}) {
  return {
    goals: ['稳定情绪', '恢复社会交往'],
    services: [
      { type: 'emotional-support', frequency: 'weekly' },
      { type: 'resource-linking', frequency: 'monthly' },
    ],
    monitoringFrequency: 'monthly',
    startsOn: chinaDay(-3),
    ...overrides,
  };
}

async function openPlan(town = TOWN_A, overrides: Record<string, unknown> = {}, auth?: string) {
  const recipientId = await approvedRecipient(town);
  const res = await post(
    auth ?? (await as('point_worker', town)),
    `/recipients/${recipientId}/plans`,
    planBody(overrides),
  );
  expect(res.status).toBe(201);
  return res.body as { id: string; recipientId: string; nextMonitoringDue: string; workerId: string };
}

describe('assessments', () => {
  it('draft → submitted → approved, notes encrypted, risk computed, events without notes', async () => {
    const recipientId = await registerRecipient();
    const worker = await as('point_worker');
    const input = domains([1, 3, 1, 0, 2, 1]);
    const created = await post(worker, `/recipients/${recipientId}/assessments`, { domains: input });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      recipientId,
      status: 'draft',
      computedRiskLevel: 'high',
      riskLevel: 'high',
      riskOverridden: false,
      version: 1,
    });
    // POST responses never carry note plaintext (they may be kept for Idempotency-Key replay).
    expect(created.body.domains).toContainEqual({ domain: 'health', score: 3, hasNote: true });
    expect(JSON.stringify(created.body)).not.toContain('机密');

    const rows = (
      await t.db.query(
        'SELECT domain, score, note_encrypted FROM assessment_domain WHERE assessment_id = $1',
        [created.body.id],
      )
    ).rows;
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      expect(row.note_encrypted).not.toContain(input[row.domain].note);
      expect(row.score).toBe(input[row.domain].score);
    }

    const submitted = await post(worker, `/assessments/${created.body.id}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', version: 2 });

    const supervisor = await as('supervisor');
    const approved = await post(supervisor, `/assessments/${created.body.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', version: 3 });

    const sent = await events(created.body.id);
    expect(sent.map((e) => e.type)).toEqual([
      'wushe.cases.assessment.submitted.v1',
      'wushe.cases.assessment.approved.v1',
    ]);
    expect(sent[1].data).toEqual({
      assessmentId: created.body.id,
      recipientId,
      villageCode: created.body.villageCode,
      riskLevel: 'high',
      riskOverridden: false,
    });

    // Writers and supervisors in scope read the notes; a county admin sees domains and scores only.
    const mine = await get(worker, `/recipients/${recipientId}/assessments`);
    expect(mine.status).toBe(200);
    expect(mine.body.items[0].domains).toContainEqual({
      domain: 'health',
      score: 3,
      hasNote: true,
      note: input.health.note,
    });
    const county = await get(await as('county_admin', '430703'), `/recipients/${recipientId}/assessments`);
    expect(county.status).toBe(200);
    expect(county.body.items[0].domains).toContainEqual({ domain: 'health', score: 3, hasNote: true });
    expect(JSON.stringify(county.body)).not.toContain('机密');
  });

  it('computes the risk level from the scores', async () => {
    const recipientId = await registerRecipient();
    const worker = await as('point_worker');
    const expectations: Array<[number[], string]> = [
      [[0, 0, 0, 0, 1, 1], 'low'],
      [[0, 2, 0, 0, 0, 0], 'medium'],
      [[1, 1, 1, 1, 1, 1], 'medium'],
      [[0, 3, 0, 0, 0, 0], 'high'],
      [[2, 2, 2, 2, 1, 0], 'high'],
      [[3, 3, 0, 0, 0, 0], 'critical'],
      [[2, 2, 2, 2, 2, 3], 'critical'],
    ];
    for (const [scores, level] of expectations) {
      const res = await post(worker, `/recipients/${recipientId}/assessments`, {
        domains: domains(scores, false),
      });
      expect([scores, res.body.computedRiskLevel]).toEqual([scores, level]);
    }
  });

  it('an override needs a reason; it is kept encrypted and flagged in the approval event', async () => {
    const recipientId = await registerRecipient();
    const worker = await as('point_worker');
    const missing = await post(worker, `/recipients/${recipientId}/assessments`, {
      domains: domains([0, 0, 0, 0, 0, 0], false),
      riskOverride: { level: 'high' },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('COMMON.VALIDATION_FAILED');

    const reason = secret('override');
    const res = await post(worker, `/recipients/${recipientId}/assessments`, {
      domains: domains([0, 0, 0, 0, 0, 0], false),
      riskOverride: { level: 'high', reason },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ computedRiskLevel: 'low', riskLevel: 'high', riskOverridden: true });
    await post(worker, `/assessments/${res.body.id}/submit`);
    await post(await as('supervisor'), `/assessments/${res.body.id}/approve`);
    const [, approved] = await events(res.body.id);
    expect(approved.data).toMatchObject({ riskLevel: 'high', riskOverridden: true });
    const list = await get(worker, `/recipients/${recipientId}/assessments`);
    expect(list.body.items.find((a: { id: string }) => a.id === res.body.id).riskOverrideReason).toBe(reason);
  });

  it('a supervisor returns with a comment (kept encrypted); the writer resubmits', async () => {
    const recipientId = await registerRecipient();
    const worker = await as('point_worker');
    const created = await post(worker, `/recipients/${recipientId}/assessments`, { domains: domains() });
    await post(worker, `/assessments/${created.body.id}/submit`);
    const supervisor = await as('supervisor');

    const noComment = await post(supervisor, `/assessments/${created.body.id}/return`, {});
    expect(noComment.status).toBe(400);
    expect(noComment.body.code).toBe('COMMON.VALIDATION_FAILED');

    const comment = secret('return-comment');
    const returned = await post(supervisor, `/assessments/${created.body.id}/return`, { comment });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('returned');
    const list = await get(worker, `/recipients/${recipientId}/assessments`);
    expect(list.body.items[0].returnComment).toBe(comment);

    const again = await post(worker, `/assessments/${created.body.id}/submit`);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('submitted');
    expect((await events(created.body.id)).map((e) => [e.type, e.data])).toEqual([
      ['wushe.cases.assessment.submitted.v1', expect.objectContaining({ assessmentId: created.body.id })],
      [
        'wushe.cases.assessment.returned.v1',
        { assessmentId: created.body.id, recipientId, villageCode: created.body.villageCode },
      ],
      ['wushe.cases.assessment.submitted.v1', expect.objectContaining({ assessmentId: created.body.id })],
    ]);
  });

  describe('approval rules (nothing written on refusal)', () => {
    let assessmentId: string;
    let submitter: string;
    beforeAll(async () => {
      const recipientId = await registerRecipient();
      submitter = await as('supervisor');
      const created = await post(await as('point_worker'), `/recipients/${recipientId}/assessments`, {
        domains: domains(),
      });
      assessmentId = created.body.id;
    });

    it('a draft cannot be approved (409)', async () => {
      const before = await counts();
      const res = await post(await as('supervisor'), `/assessments/${assessmentId}/approve`);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('CASES.ASSESSMENT_INVALID_TRANSITION');
      expect(await counts()).toEqual(before);
      // A supervisor may also submit (they are writers too); used below for the self-approval rule.
      expect((await post(submitter, `/assessments/${assessmentId}/submit`)).status).toBe(200);
    });

    const refusals: Array<[string, () => Promise<string>, number, string]> = [
      ['a worker cannot approve', () => as('point_worker'), 403, 'COMMON.FORBIDDEN'],
      ['a station worker cannot approve', () => as('station_worker'), 403, 'COMMON.FORBIDDEN'],
      ['a county admin cannot approve', () => as('county_admin', '430703'), 403, 'COMMON.FORBIDDEN'],
      [
        'a supervisor of another township does not see it',
        () => as('supervisor', TOWN_B),
        404,
        'COMMON.NOT_FOUND',
      ],
      [
        'the submitter cannot approve their own',
        async () => submitter,
        403,
        'CASES.ASSESSMENT_SELF_APPROVAL',
      ],
    ];
    it.each(refusals)('%s', async (_name, auth, status, code) => {
      const before = await counts();
      for (const action of ['approve', 'return']) {
        const res = await post(await auth(), `/assessments/${assessmentId}/${action}`, {
          comment: '请补充材料',
        });
        expect([action, res.status, res.body.code]).toEqual([action, status, code]);
      }
      expect(await counts()).toEqual(before);
      const row = (await t.db.query('SELECT status, version FROM assessment WHERE id = $1', [assessmentId]))
        .rows[0];
      expect(row).toEqual({ status: 'submitted', version: 2 });
    });

    it('a supervisor of the township approves once; a second decision is 409', async () => {
      const supervisor = await as('supervisor');
      expect((await post(supervisor, `/assessments/${assessmentId}/approve`)).status).toBe(200);
      const before = await counts();
      const again = await post(supervisor, `/assessments/${assessmentId}/return`, { comment: '重复' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('CASES.ASSESSMENT_INVALID_TRANSITION');
      expect(await counts()).toEqual(before);
    });
  });

  describe('rejects bad assessments with their code and writes nothing', () => {
    let recipientId: string;
    beforeAll(async () => {
      recipientId = await registerRecipient();
    });
    const base = () => domains([0, 0, 0, 0, 0, 0], false);
    const cases: Array<[string, () => Promise<[string, object]>, number, string]> = [
      [
        'a missing domain',
        async () => {
          const d: Record<string, unknown> = base();
          delete d.care;
          return [await as('point_worker'), { domains: d }];
        },
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'a score of 4',
        async () => [await as('point_worker'), { domains: { ...base(), care: { score: 4 } } }],
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'an unknown domain',
        async () => [await as('point_worker'), { domains: { ...base(), wealth: { score: 1 } } }],
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'an unknown risk level',
        async () => [
          await as('point_worker'),
          { domains: base(), riskOverride: { level: 'extreme', reason: '家庭变故严重' } },
        ],
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'an auditor (reader only)',
        async () => [await as('auditor'), { domains: base() }],
        403,
        'COMMON.FORBIDDEN',
      ],
      [
        'a worker of another township',
        async () => [await as('point_worker', TOWN_B), { domains: base() }],
        404,
        'COMMON.NOT_FOUND',
      ],
    ];
    it.each(cases)('%s', async (_name, make, status, code) => {
      const [auth, body] = await make();
      const before = await counts();
      const res = await post(auth, `/recipients/${recipientId}/assessments`, body);
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      expect(await counts()).toEqual(before);
    });

    it('an unknown recipient is 404', async () => {
      const res = await post(await as('point_worker'), `/recipients/${uuidv7()}/assessments`, {
        domains: base(),
      });
      expect(res.status).toBe(404);
    });
  });
});

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

describe('service and monitoring records', () => {
  it('records a service: encrypted notes, an event with type and minutes only', async () => {
    const plan = await openPlan();
    const notes = secret('service-notes');
    const deliveredAt = new Date(Date.now() - 3600_000).toISOString();
    const res = await post(await as('point_worker'), `/plans/${plan.id}/services`, {
      type: 'emotional-support',
      deliveredAt,
      minutes: 45,
      notes,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      planId: plan.id,
      type: 'emotional-support',
      minutes: 45,
      hasNotes: true,
    });
    expect(JSON.stringify(res.body)).not.toContain(notes);
    const row = (await t.db.query('SELECT notes_encrypted FROM service_record WHERE id = $1', [res.body.id]))
      .rows[0];
    expect(row.notes_encrypted).not.toContain(notes);
    const delivered = (await events(plan.id)).find((e) => e.type === 'wushe.cases.service.delivered.v1');
    expect(delivered.data).toEqual({
      planId: plan.id,
      recipientId: plan.recipientId,
      villageCode: expect.any(String),
      serviceRecordId: res.body.id,
      type: 'emotional-support',
      minutes: 45,
      deliveredAt,
    });
  });

  describe('rejects bad service records and writes nothing', () => {
    let planId: string;
    beforeAll(async () => {
      planId = (await openPlan(TOWN_A, { startsOn: chinaDay(-10) })).id;
    });
    const now = () => new Date(Date.now() - 60_000).toISOString();
    const cases: Array<[string, () => object, number, string]> = [
      [
        '0 minutes',
        () => ({ type: 'emotional-support', deliveredAt: now(), minutes: 0 }),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        '601 minutes',
        () => ({ type: 'emotional-support', deliveredAt: now(), minutes: 601 }),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'an unknown type',
        () => ({ type: 'haircut', deliveredAt: now(), minutes: 30 }),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'in the future',
        () => ({
          type: 'emotional-support',
          deliveredAt: new Date(Date.now() + 86_400_000).toISOString(),
          minutes: 30,
        }),
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'a type the plan does not have',
        () => ({ type: 'daily-care', deliveredAt: now(), minutes: 30 }),
        422,
        'CASES.SERVICE_NOT_IN_PLAN',
      ],
      [
        'before the plan starts',
        () => ({ type: 'emotional-support', deliveredAt: `${chinaDay(-20)}T10:00:00+08:00`, minutes: 30 }),
        422,
        'CASES.RECORD_BEFORE_PLAN_START',
      ],
    ];
    it.each(cases)('%s', async (_name, body, status, code) => {
      const before = await counts();
      const res = await post(await as('point_worker'), `/plans/${planId}/services`, body());
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      expect(await counts()).toEqual(before);
    });

    it('scope: another township 404, an auditor 403', async () => {
      const before = await counts();
      const body = { type: 'emotional-support', deliveredAt: now(), minutes: 30 };
      expect((await post(await as('point_worker', TOWN_B), `/plans/${planId}/services`, body)).status).toBe(
        404,
      );
      const auditor = await post(await as('auditor'), `/plans/${planId}/services`, body);
      expect(auditor.status).toBe(403);
      expect(auditor.body.code).toBe('COMMON.FORBIDDEN');
      expect(await counts()).toEqual(before);
    });
  });

  it('monitoring advances the next due date by the frequency (early: from the due date; late: from the day)', async () => {
    const startsOn = chinaDay(-30);
    const plan = await openPlan(TOWN_A, { monitoringFrequency: 'weekly', startsOn });
    expect(plan.nextMonitoringDue).toBe(chinaDay(-23));
    const worker = await as('point_worker');

    // Late: recorded today, 23 days after it was due → due a week from today.
    const notes = secret('monitoring-notes');
    const late = await post(worker, `/plans/${plan.id}/monitoring`, {
      recordedAt: new Date().toISOString(),
      outcome: 'improved',
      notes,
    });
    expect(late.status).toBe(201);
    expect(late.body).toMatchObject({ outcome: 'improved', nextDue: chinaDay(7), hasNotes: true });
    expect(JSON.stringify(late.body)).not.toContain(notes);

    // Early: recorded today again, before the new due date → one more week from that due date.
    const early = await post(worker, `/plans/${plan.id}/monitoring`, {
      recordedAt: new Date().toISOString(),
      outcome: 'stable',
    });
    expect(early.status).toBe(201);
    expect(early.body.nextDue).toBe(chinaDay(14));
    const row = (
      await t.db.query('SELECT next_monitoring_due::text AS due FROM service_plan WHERE id = $1', [plan.id])
    ).rows[0];
    expect(row.due).toBe(chinaDay(14));

    const recorded = (await events(plan.id)).filter((e) => e.type === 'wushe.cases.monitoring.recorded.v1');
    expect(recorded.map((e) => e.data)).toEqual([
      expect.objectContaining({ planId: plan.id, outcome: 'improved', nextDue: chinaDay(7) }),
      expect.objectContaining({ planId: plan.id, outcome: 'stable', nextDue: chinaDay(14) }),
    ]);
  });

  it('rejects a bad outcome and a record before the plan starts, writing nothing', async () => {
    const plan = await openPlan(TOWN_A, { startsOn: chinaDay(-2) });
    const worker = await as('point_worker');
    const before = await counts();
    const bad = await post(worker, `/plans/${plan.id}/monitoring`, {
      recordedAt: new Date().toISOString(),
      outcome: 'better',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('COMMON.VALIDATION_FAILED');
    const early = await post(worker, `/plans/${plan.id}/monitoring`, {
      recordedAt: `${chinaDay(-5)}T09:00:00+08:00`,
      outcome: 'stable',
    });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('CASES.RECORD_BEFORE_PLAN_START');
    expect(await counts()).toEqual(before);
  });
});

describe('GET /monitoring/overdue', () => {
  // A township of its own, so the list holds exactly what this block made.
  const TOWN_C = '430703102';
  const TOWN_D = '430703103';
  let workerC: string;
  let overdueIds: string[];
  let otherWorkerPlan: string;

  beforeAll(async () => {
    workerC = await as('point_worker', TOWN_C);
    const otherWorker = await as('point_worker', TOWN_C);
    const a = await openPlan(TOWN_C, { monitoringFrequency: 'weekly', startsOn: chinaDay(-40) }, workerC); // due -33
    const b = await openPlan(TOWN_C, { monitoringFrequency: 'weekly', startsOn: chinaDay(-8) }, workerC); // due -1
    await openPlan(TOWN_C, { monitoringFrequency: 'weekly', startsOn: chinaDay(-7) }, workerC); // due today: not overdue
    await openPlan(TOWN_C, { monitoringFrequency: 'monthly', startsOn: chinaDay(-1) }, workerC); // due next month
    const closed = await openPlan(
      TOWN_C,
      { monitoringFrequency: 'weekly', startsOn: chinaDay(-60) },
      workerC,
    );
    expect((await post(workerC, `/plans/${closed.id}/close`)).status).toBe(200);
    const monitored = await openPlan(
      TOWN_C,
      { monitoringFrequency: 'weekly', startsOn: chinaDay(-20) },
      workerC,
    );
    expect(
      (
        await post(workerC, `/plans/${monitored.id}/monitoring`, {
          recordedAt: new Date().toISOString(),
          outcome: 'stable',
        })
      ).status,
    ).toBe(201);
    const c = await openPlan(
      TOWN_C,
      { monitoringFrequency: 'quarterly', startsOn: chinaDay(-100) },
      otherWorker,
    ); // due ~-10
    otherWorkerPlan = c.id;
    await openPlan(TOWN_D, { monitoringFrequency: 'weekly', startsOn: chinaDay(-50) }); // another township
    overdueIds = [a.id, c.id, b.id];
  });

  it('lists open plans due before today, most overdue first, with days overdue', async () => {
    const res = await get(await as('supervisor', TOWN_C), '/monitoring/overdue');
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { planId: string }) => p.planId)).toEqual(overdueIds);
    expect(res.body.items[0]).toMatchObject({ nextMonitoringDue: chinaDay(-33), daysOverdue: 33 });
    expect(res.body.items[2]).toMatchObject({ nextMonitoringDue: chinaDay(-1), daysOverdue: 1 });
    expect(res.body.nextCursor).toBeNull();
  });

  it('pages with an opaque cursor', async () => {
    const auth = await as('supervisor', TOWN_C);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(auth, `/monitoring/overdue?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((p: { planId: string }) => p.planId));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(overdueIds);
    const bad = await get(auth, '/monitoring/overdue?cursor=nonsense');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('COMMON.BAD_CURSOR');
  });

  it('filters by worker and region, and stays inside the caller’s scope', async () => {
    const county = await as('county_admin', '430703');
    const byWorker = await get(
      county,
      `/monitoring/overdue?worker=${encodeURIComponent(otherWorkerPlanWorker())}`,
    );
    expect(byWorker.body.items.map((p: { planId: string }) => p.planId)).toEqual([otherWorkerPlan]);
    const byRegion = await get(county, `/monitoring/overdue?region=${TOWN_C}&limit=200`);
    expect(byRegion.body.items.map((p: { planId: string }) => p.planId)).toEqual(overdueIds);
    const countyAll = await get(county, '/monitoring/overdue?limit=200');
    const countyIds = countyAll.body.items.map((p: { villageCode: string }) => p.villageCode.slice(0, 9));
    expect(countyIds).toEqual(expect.arrayContaining([TOWN_C, TOWN_D]));

    // A supervisor of TOWN_D sees none of TOWN_C's plans, even when asking for TOWN_C.
    const other = await get(await as('supervisor', TOWN_D), `/monitoring/overdue?region=${TOWN_C}`);
    expect(other.status).toBe(200);
    expect(other.body.items).toEqual([]);
    const none = await get(await as('supervisor', TOWN_D), '/monitoring/overdue');
    for (const p of none.body.items) expect(p.villageCode.startsWith(TOWN_D)).toBe(true);

    const bad = await get(county, '/monitoring/overdue?region=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('COMMON.VALIDATION_FAILED');
  });

  let workerOfOther = '';
  function otherWorkerPlanWorker() {
    return workerOfOther;
  }
  beforeAll(async () => {
    workerOfOther = (await t.db.query('SELECT worker_id FROM service_plan WHERE id = $1', [otherWorkerPlan]))
      .rows[0].worker_id;
  });
});

describe('assessments: read one, edit while draft or returned', () => {
  async function draft(town = TOWN_A, body: object = { domains: domains([1, 1, 0, 0, 1, 0]) }) {
    const recipientId = await registerRecipient(town);
    const res = await post(await as('point_worker', town), `/recipients/${recipientId}/assessments`, body);
    expect(res.status).toBe(201);
    return res.body as { id: string; recipientId: string; version: number };
  }
  const row = async (id: string) =>
    (
      await t.db.query(
        'SELECT status, version, risk_level, computed_risk_level, risk_override_reason_encrypted FROM assessment WHERE id = $1',
        [id],
      )
    ).rows[0];

  it('GET /assessments/:id: notes for writers in scope, scores only for admins, 404 outside', async () => {
    const a = await draft();
    const mine = await get(await as('point_worker'), `/assessments/${a.id}`);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ id: a.id, status: 'draft', version: 1, hasPolicyFacts: false });
    expect(mine.body.domains.find((d: { domain: string }) => d.domain === 'care').note).toContain('机密');
    const county = await get(await as('county_admin', '430703'), `/assessments/${a.id}`);
    expect(county.status).toBe(200);
    expect(JSON.stringify(county.body)).not.toContain('机密');
    expect(county.body.domains[0]).toEqual({
      domain: expect.any(String),
      score: expect.any(Number),
      hasNote: true,
    });
    expect((await get(await as('supervisor', TOWN_B), `/assessments/${a.id}`)).status).toBe(404);
    expect((await get(await as('point_worker'), `/assessments/${uuidv7()}`)).status).toBe(404);
    expect((await get(await as('point_worker'), '/assessments/nope')).status).toBe(400);
  });

  it('edits scores and notes of a draft: risk recomputed, version moved, nothing announced', async () => {
    const a = await draft();
    const worker = await as('point_worker');
    const before = await counts();
    const economic = secret('edited-economic');
    const res = await patch(worker, `/assessments/${a.id}`, {
      version: 1,
      domains: { health: { score: 3 }, care: { note: null }, economic: { score: 2, note: economic } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'draft',
      version: 2,
      computedRiskLevel: 'high',
      riskLevel: 'high',
    });
    expect(JSON.stringify(res.body)).not.toContain('机密');
    const after = await counts();
    expect(after).toEqual(before); // no rows added, no event: drafts stay in the service

    const read = await get(worker, `/assessments/${a.id}`);
    const byDomain = Object.fromEntries(read.body.domains.map((d: { domain: string }) => [d.domain, d]));
    expect(byDomain.health).toMatchObject({ score: 3, hasNote: true });
    expect(byDomain.care).toEqual({ domain: 'care', score: 0, hasNote: false, note: null });
    expect(byDomain.economic).toEqual({ domain: 'economic', score: 2, hasNote: true, note: economic });
    const stored = (
      await t.db.query(
        `SELECT note_encrypted FROM assessment_domain WHERE assessment_id = $1 AND domain = 'economic'`,
        [a.id],
      )
    ).rows[0];
    expect(stored.note_encrypted).not.toContain(economic);
  });

  it('an override stays through score edits until it is replaced or removed (null)', async () => {
    const a = await draft(TOWN_A, {
      domains: domains([0, 0, 0, 0, 0, 0], false),
      riskOverride: { level: 'high', reason: secret('override') },
    });
    const worker = await as('point_worker');
    const kept = await patch(worker, `/assessments/${a.id}`, { version: 1, domains: { care: { score: 2 } } });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ computedRiskLevel: 'medium', riskLevel: 'high', riskOverridden: true });
    const replaced = await patch(worker, `/assessments/${a.id}`, {
      version: 2,
      riskOverride: { level: 'critical', reason: secret('override-2') },
    });
    expect(replaced.body).toMatchObject({ riskLevel: 'critical', riskOverridden: true, version: 3 });
    const removed = await patch(worker, `/assessments/${a.id}`, { version: 3, riskOverride: null });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({
      computedRiskLevel: 'medium',
      riskLevel: 'medium',
      riskOverridden: false,
    });
    expect((await row(a.id)).risk_override_reason_encrypted).toBeNull();
  });

  it('a stale version is 409 CASE_WORK_CONFLICT; of simultaneous edits exactly one wins', async () => {
    const a = await draft();
    const worker = await as('point_worker');
    const results = await Promise.all(
      [0, 1, 2, 3].map((score) =>
        patch(worker, `/assessments/${a.id}`, { version: 1, domains: { care: { score } } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409))
      expect(r.body.code).toBe('CASES.CASE_WORK_CONFLICT');
    expect((await row(a.id)).version).toBe(2);
    const stale = await patch(worker, `/assessments/${a.id}`, {
      version: 1,
      domains: { care: { score: 1 } },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CASES.CASE_WORK_CONFLICT');
    expect((await row(a.id)).version).toBe(2);
  });

  it('submitted or approved is 409 ASSESSMENT_NOT_EDITABLE; returned is edited and resubmitted', async () => {
    const a = await draft();
    const worker = await as('point_worker');
    const supervisor = await as('supervisor');
    expect((await post(worker, `/assessments/${a.id}/submit`)).status).toBe(200);
    const submitted = await patch(worker, `/assessments/${a.id}`, {
      version: 2,
      domains: { care: { score: 3 } },
    });
    expect(submitted.status).toBe(409);
    expect(submitted.body.code).toBe('CASES.ASSESSMENT_NOT_EDITABLE');
    expect(await row(a.id)).toMatchObject({ status: 'submitted', version: 2 });

    expect(
      (await post(supervisor, `/assessments/${a.id}/return`, { comment: secret('rework') })).status,
    ).toBe(200);
    const edited = await patch(worker, `/assessments/${a.id}`, {
      version: 3,
      domains: { care: { score: 3 } },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ status: 'returned', version: 4, computedRiskLevel: 'high' });
    expect((await post(worker, `/assessments/${a.id}/submit`)).body).toMatchObject({
      status: 'submitted',
      version: 5,
    });
    expect((await post(supervisor, `/assessments/${a.id}/approve`)).status).toBe(200);

    const before = await counts();
    const approved = await patch(worker, `/assessments/${a.id}`, {
      version: 6,
      domains: { care: { score: 0 } },
    });
    expect(approved.status).toBe(409);
    expect(approved.body.code).toBe('CASES.ASSESSMENT_NOT_EDITABLE');
    expect(await counts()).toEqual(before);
    expect(await row(a.id)).toMatchObject({ status: 'approved', version: 6, computed_risk_level: 'high' });
  });

  describe('rejects bad edits with their code and changes nothing', () => {
    let id = '';
    beforeAll(async () => {
      id = (await draft()).id;
    });
    const cases: Array<[string, () => Promise<[string, object]>, number, string]> = [
      [
        'no change named',
        async () => [await as('point_worker'), { version: 1 }],
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'no version',
        async () => [await as('point_worker'), { riskOverride: null }],
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'empty domains',
        async () => [await as('point_worker'), { version: 1, domains: {} }],
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'a domain with nothing to change',
        async () => [await as('point_worker'), { version: 1, domains: { care: {} } }],
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'a score of 4',
        async () => [await as('point_worker'), { version: 1, domains: { care: { score: 4 } } }],
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'an unknown domain',
        async () => [await as('point_worker'), { version: 1, domains: { wealth: { score: 1 } } }],
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'a disability grade of 5',
        async () => [await as('point_worker'), { version: 1, policyFacts: { disabilityGrade: 5 } }],
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'empty policy facts',
        async () => [await as('point_worker'), { version: 1, policyFacts: {} }],
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        'an auditor (reader only)',
        async () => [await as('auditor'), { version: 1, domains: { care: { score: 1 } } }],
        403,
        'COMMON.FORBIDDEN',
      ],
      [
        'a county admin (reader only)',
        async () => [await as('county_admin', '430703'), { version: 1, domains: { care: { score: 1 } } }],
        403,
        'COMMON.FORBIDDEN',
      ],
      [
        'a worker of another township',
        async () => [await as('point_worker', TOWN_B), { version: 1, domains: { care: { score: 1 } } }],
        404,
        'COMMON.NOT_FOUND',
      ],
    ];
    it.each(cases)('%s', async (_name, make, status, code) => {
      const [auth, body] = await make();
      const res = await patch(auth, `/assessments/${id}`, body);
      expect([res.status, res.body.code]).toEqual([status, code]);
      expect(await row(id)).toMatchObject({ status: 'draft', version: 1 });
    });
  });
});

describe('approval evaluates the policy catalogue with the assessment’s facts', () => {
  it('facts kept encrypted; approval moves the recipient to assessed and suggests referrals', async () => {
    const recipientId = await registerRecipient();
    const worker = await as('point_worker');
    const facts = { householdIncomePerHeadFen: 31_234, localLineFen: 61_234, disabilityGrade: 2 };
    const created = await post(worker, `/recipients/${recipientId}/assessments`, {
      domains: domains(),
      policyFacts: facts,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ hasPolicyFacts: true });
    expect(created.body).not.toHaveProperty('policyFacts');
    const stored = (
      await t.db.query('SELECT policy_facts_encrypted AS f FROM assessment WHERE id = $1', [created.body.id])
    ).rows[0].f;
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain('31234');
    expect(stored).not.toContain('householdIncome');
    expect((await get(worker, `/assessments/${created.body.id}`)).body.policyFacts).toEqual(facts);
    const county = await get(await as('county_admin', '430703'), `/assessments/${created.body.id}`);
    expect(county.body).toMatchObject({ hasPolicyFacts: true });
    expect(county.body).not.toHaveProperty('policyFacts');

    const status = async () =>
      (await t.db.query('SELECT status FROM recipient WHERE id = $1', [recipientId])).rows[0].status;
    expect((await post(worker, `/assessments/${created.body.id}/submit`)).status).toBe(200);
    expect(await status()).toBe('identified'); // submitted is not yet assessed
    const supervisor = await as('supervisor');
    const approved = await post(supervisor, `/assessments/${created.body.id}/approve`);
    expect(approved.status).toBe(200);
    expect(await status()).toBe('assessed');

    // Income at about half the line: 低保, and the relief that follows income; nothing undecided.
    const [suggestion] = approved.body.policySuggestions;
    expect(suggestion.recipientId).toBe(recipientId);
    const matched = suggestion.matches.map((m: { policyCode: string }) => m.policyCode);
    expect(matched).toEqual(expect.arrayContaining(['dibao', 'medical-relief', 'temporary-relief']));
    expect(matched).not.toContain('dibao-edge');
    expect(suggestion.undetermined).toEqual([]);
    const referrals = (
      await t.db.query(
        `SELECT policy_code, status FROM referral WHERE recipient_id = $1 ORDER BY policy_code`,
        [recipientId],
      )
    ).rows;
    expect(referrals.map((r) => r.policy_code)).toEqual([...matched].sort());
    expect(referrals.every((r) => r.status === 'suggested')).toBe(true);
    const suggested = await t.db.query(
      `SELECT count(*)::int AS n FROM outbox_event WHERE subject = 'cases.referral.suggested.v1'
         AND envelope->'data'->>'recipientId' = $1`,
      [recipientId],
    );
    expect(suggested.rows[0].n).toBe(matched.length);
  });

  it('without facts the income policies stay undetermined and nothing is suggested for them', async () => {
    const recipientId = await registerRecipient();
    const worker = await as('point_worker');
    const created = await post(worker, `/recipients/${recipientId}/assessments`, { domains: domains() });
    await post(worker, `/assessments/${created.body.id}/submit`);
    const approved = await post(await as('supervisor'), `/assessments/${created.body.id}/approve`);
    expect(approved.status).toBe(200);
    const [suggestion] = approved.body.policySuggestions;
    expect(suggestion.undetermined.map((u: { policyCode: string }) => u.policyCode)).toContain('dibao');
    const { rows } = await t.db.query(
      `SELECT count(*)::int AS n FROM referral WHERE recipient_id = $1 AND policy_code = 'dibao'`,
      [recipientId],
    );
    expect(rows[0].n).toBe(0);
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
    const worker = await as('point_worker');
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
    });
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
    const startsOn = chinaDay(-40);
    const plan = await openPlan(TOWN_A, { monitoringFrequency: 'quarterly', startsOn });
    const worker = await as('point_worker');
    const weekly = await patch(worker, `/plans/${plan.id}`, { version: 1, monitoringFrequency: 'weekly' });
    expect(weekly.status).toBe(200);
    expect(weekly.body).toMatchObject({
      monitoringFrequency: 'weekly',
      nextMonitoringDue: chinaDay(-33),
      version: 2,
    });
    // Now overdue, as a weekly plan unseen for 40 days should be.
    const overdue = await get(worker, `/plans/${plan.id}`);
    expect(overdue.body.monitoringOverdue).toBe(true);

    const contact = await post(worker, `/plans/${plan.id}/monitoring`, {
      recordedAt: `${chinaDay(-3)}T10:00:00+08:00`,
      outcome: 'improved',
    });
    expect(contact.status).toBe(201);
    const monthly = await patch(worker, `/plans/${plan.id}`, { version: 3, monitoringFrequency: 'monthly' });
    expect(monthly.status).toBe(200);
    expect(monthly.body.nextMonitoringDue).toBe(addFrequency(chinaDay(-3), 'monthly'));
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
  it('scans every text/json column and every outbox envelope', async () => {
    // Once more with Idempotency-Keys, so stored responses are scanned too.
    const recipientId = await registerRecipient();
    const worker = await as('point_worker');
    const created = await t
      .request('post', worker, `/recipients/${recipientId}/assessments`)
      .set('Idempotency-Key', `assess-${uuidv7()}`)
      .send({ domains: domains([2, 3, 1, 1, 2, 1]) });
    expect(created.status).toBe(201);
    await post(worker, `/assessments/${created.body.id}/submit`);
    await post(await as('supervisor'), `/assessments/${created.body.id}/approve`);
    const plan = await post(worker, `/recipients/${recipientId}/plans`, planBody());
    for (const path of ['services', 'monitoring']) {
      const body =
        path === 'services'
          ? {
              type: 'resource-linking',
              deliveredAt: new Date().toISOString(),
              minutes: 20,
              notes: secret('svc'),
            }
          : { recordedAt: new Date().toISOString(), outcome: 'worse', notes: secret('mon') };
      const res = await t
        .request('post', worker, `/plans/${plan.body.id}/${path}`)
        .set('Idempotency-Key', `${path}-${uuidv7()}`)
        .send(body);
      expect(res.status).toBe(201);
    }

    expect(secrets.length).toBeGreaterThan(20);
    const { columns, scanned } = await scanSchemaText(t, (v) =>
      v.includes('机密') ? 'a plaintext note' : undefined,
    );
    expect(columns).toEqual(
      expect.arrayContaining([
        'assessment_domain.note_encrypted',
        'assessment.return_comment_encrypted',
        'assessment.risk_override_reason_encrypted',
        'service_record.notes_encrypted',
        'monitoring_record.notes_encrypted',
        'idempotency_record.body',
        'outbox_event.envelope',
      ]),
    );
    expect(scanned).toBeGreaterThan(0);
    const stored = await t.db.query(`SELECT count(*)::int AS n FROM idempotency_record WHERE status = 201`);
    expect(stored.rows[0].n).toBeGreaterThanOrEqual(3);

    const envelopes = await envelopeTexts(t);
    const caseWork = envelopes.filter((e) => /cases\.(assessment|plan|service|monitoring)\./.test(e));
    expect(caseWork.length).toBeGreaterThan(10);
    for (const e of envelopes) {
      expect(e).not.toContain('机密');
      expect(e).not.toContain('李四');
    }
  });
});
