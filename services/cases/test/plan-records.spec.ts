import { v7 as uuidv7 } from 'uuid';
import { caseWorkFixtures, planBody, TOWN_A, TOWN_B } from './support/case-work-fixtures';
import { useCasesApp } from './support/cases-spec';
import { chinaDay, clearOfChinaMidnight } from './support/china-calendar';
import { envelopeTexts, scanSchemaText } from './support/pii-scan';

// Service and monitoring records against real PostgreSQL, the overdue-monitoring list, and the
// promise that notes never leave the field encrypted (no plaintext in any column, stored
// Idempotency-Key response or outbox envelope).

const t = useCasesApp({ region: TOWN_A });
const { as, post, get, events } = t;
const { secrets, secret, registerRecipient, domains, counts, openPlan } = caseWorkFixtures(t);

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
    // Both contacts are recorded at this instant and every date is read from it: read at each use,
    // the dates could straddle midnight (China time) and be a day apart.
    const now = new Date();
    const day = (days: number) => chinaDay(days, now.getTime());
    const startsOn = day(-30);
    const plan = await openPlan(TOWN_A, { monitoringFrequency: 'weekly', startsOn });
    expect(plan.nextMonitoringDue).toBe(day(-23));
    const worker = await as('point_worker');

    // Late: recorded today, 23 days after it was due → due a week from today.
    const notes = secret('monitoring-notes');
    const late = await post(worker, `/plans/${plan.id}/monitoring`, {
      recordedAt: now.toISOString(),
      outcome: 'improved',
      notes,
    });
    expect(late.status).toBe(201);
    expect(late.body).toMatchObject({ outcome: 'improved', nextDue: day(7), hasNotes: true });
    expect(JSON.stringify(late.body)).not.toContain(notes);

    // Early: recorded today again, before the new due date → one more week from that due date.
    const early = await post(worker, `/plans/${plan.id}/monitoring`, {
      recordedAt: now.toISOString(),
      outcome: 'stable',
    });
    expect(early.status).toBe(201);
    expect(early.body.nextDue).toBe(day(14));
    const row = (
      await t.db.query('SELECT next_monitoring_due::text AS due FROM service_plan WHERE id = $1', [plan.id])
    ).rows[0];
    expect(row.due).toBe(day(14));

    const recorded = (await events(plan.id)).filter((e) => e.type === 'wushe.cases.monitoring.recorded.v1');
    expect(recorded.map((e) => e.data)).toEqual([
      expect.objectContaining({ planId: plan.id, outcome: 'improved', nextDue: day(7) }),
      expect.objectContaining({ planId: plan.id, outcome: 'stable', nextDue: day(14) }),
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

  // The server lists what is overdue by its own "today", the plans' dates come from chinaDay(): a
  // block straddling midnight (China time) would see a plan due "today" turn overdue.
  beforeAll(() => clearOfChinaMidnight(), 180_000);

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
