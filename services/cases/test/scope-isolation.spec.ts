import { buildOpenApiDocument } from '@wushe/platform';
import { residentId } from '@wushe/testing';
import type request from 'supertest';
import { buildCaseWorld, CaseWorld, domains } from './support/case-world';
import { Method, useCasesApp } from './support/cases-spec';
import { chinaDay } from './support/china-calendar';

// A worker of one township sees nothing of another, over EVERY endpoint of the service. Township
// A's staff build a full case (recipient, household, visit, assessment, plan, services,
// monitoring, referral, programme, enrolment, …); then township B's staff, holding the same roles,
// call every route with A's ids and A's region. Reads answer 404 as if nothing existed, lists
// hold nothing of A's, writes are refused, and no table gains or loses a row. The route list
// comes from the running application, so a new endpoint without a probe here fails the test.

const TOWN_A = '430703100';
const TOWN_B = '430703101';
const UNPROBED = new Set(['GET /health/live', 'GET /health/ready', 'GET /metrics']);

const t = useCasesApp();
const as = (role: string, region: string) => t.as(role, region, `${role}@${region}`);

async function call(method: Method, path: string, auth: string, body?: object) {
  const req = t.request(method, auth, path);
  return body === undefined ? req : req.send(body);
}
type World = CaseWorld;

/**
 * What township B's staff try on each route. `expect`: 'hidden' — exactly 404; 'refused' — 403 or
 * 404; 'nothing' — any of 200/403/404 with none of A's ids or A's township code in the answer.
 */
interface Probe {
  role?: string;
  expect: 'hidden' | 'refused' | 'nothing';
  run: (w: World, auth: string) => Promise<request.Response>;
}

const probes: Record<string, Probe> = {
  'POST /api/v1/cases/visits': {
    expect: 'refused',
    run: (w, a) =>
      call('post', '/visits', a, {
        kind: 'routine',
        villageCode: w.village,
        visitedAt: new Date().toISOString(),
        recipientIds: [w.recipient.id],
      }),
  },
  'GET /api/v1/cases/visits': {
    expect: 'nothing',
    run: (_w, a) => call('get', `/visits?region=${TOWN_A}`, a),
  },
  'GET /api/v1/cases/visits/{id}': {
    expect: 'hidden',
    run: (w, a) => call('get', `/visits/${w.visit.id}`, a),
  },
  'POST /api/v1/cases/recipients': {
    expect: 'refused',
    run: (w, a) =>
      call('post', '/recipients', a, {
        name: '钱七',
        residentId: residentId(),
        villageCode: w.village,
        legalBasis: 'statutory-duty',
      }),
  },
  'GET /api/v1/cases/recipients': {
    expect: 'nothing',
    run: (_w, a) => call('get', `/recipients?region=${TOWN_A}`, a),
  },
  'POST /api/v1/cases/recipients/search': {
    expect: 'nothing',
    run: (_w, a) => call('post', '/recipients/search', a, { name: '赵' }),
  },
  'GET /api/v1/cases/recipients/{id}': {
    expect: 'hidden',
    run: (w, a) => call('get', `/recipients/${w.recipient.id}`, a),
  },
  'POST /api/v1/cases/recipients/{id}/reveal': {
    expect: 'hidden',
    run: (w, a) =>
      call('post', `/recipients/${w.recipient.id}/reveal`, a, {
        reason: '核实家庭情况以便转介救助',
        fields: ['residentId'],
      }),
  },
  'PATCH /api/v1/cases/recipients/{id}': {
    expect: 'hidden',
    run: (w, a) => call('patch', `/recipients/${w.recipient.id}`, a, { name: '改名', version: 1 }),
  },
  'POST /api/v1/cases/recipients/{id}/status': {
    expect: 'hidden',
    run: (w, a) =>
      call('post', `/recipients/${w.recipient.id}/status`, a, {
        status: 'closed',
        reason: 'moved-away',
        version: 1,
      }),
  },
  'POST /api/v1/cases/recipients/{id}/assignment': {
    expect: 'hidden',
    run: (w, a) => call('post', `/recipients/${w.recipient.id}/assignment`, a, { staffId: null, version: 1 }),
  },
  'POST /api/v1/cases/recipients/{id}/categories': {
    expect: 'hidden',
    run: (w, a) =>
      call('post', `/recipients/${w.recipient.id}/categories`, a, {
        category: 'disabled',
        validFrom: '2025-01-01',
      }),
  },
  'POST /api/v1/cases/recipients/{id}/categories/{categoryId}/end': {
    expect: 'hidden',
    run: (w, a) =>
      call('post', `/recipients/${w.recipient.id}/categories/${w.category.id}/end`, a, {
        validTo: chinaDay(),
      }),
  },
  // The policy catalogue is the province's, not a township's: B reads it like A does.
  'GET /api/v1/cases/policies': { expect: 'nothing', run: (_w, a) => call('get', '/policies', a) },
  'POST /api/v1/cases/recipients/{id}/policy-matches': {
    expect: 'hidden',
    run: (w, a) => call('post', `/recipients/${w.recipient.id}/policy-matches`, a, {}),
  },
  'GET /api/v1/cases/recipients/{id}/referrals': {
    expect: 'hidden',
    run: (w, a) => call('get', `/recipients/${w.recipient.id}/referrals`, a),
  },
  'POST /api/v1/cases/referrals/{id}/submit': {
    expect: 'hidden',
    run: (w, a) =>
      call('post', `/referrals/${w.referral.id}/submit`, a, { submittedOn: chinaDay(), version: 1 }),
  },
  'POST /api/v1/cases/referrals/{id}/decide': {
    expect: 'hidden',
    run: (w, a) =>
      call('post', `/referrals/${w.referral.id}/decide`, a, {
        outcome: 'accepted',
        decidedOn: chinaDay(),
        version: 1,
      }),
  },
  'POST /api/v1/cases/recipients/{id}/assessments': {
    expect: 'hidden',
    run: (w, a) => call('post', `/recipients/${w.recipient.id}/assessments`, a, { domains: domains() }),
  },
  'GET /api/v1/cases/recipients/{id}/assessments': {
    expect: 'hidden',
    run: (w, a) => call('get', `/recipients/${w.recipient.id}/assessments`, a),
  },
  'POST /api/v1/cases/assessments/{id}/submit': {
    expect: 'hidden',
    run: (w, a) => call('post', `/assessments/${w.assessment.id}/submit`, a),
  },
  'POST /api/v1/cases/assessments/{id}/approve': {
    role: 'supervisor',
    expect: 'hidden',
    run: (w, a) => call('post', `/assessments/${w.assessment.id}/approve`, a),
  },
  'POST /api/v1/cases/assessments/{id}/return': {
    role: 'supervisor',
    expect: 'hidden',
    run: (w, a) => call('post', `/assessments/${w.assessment.id}/return`, a, { comment: '请补充' }),
  },
  'POST /api/v1/cases/recipients/{id}/plans': {
    expect: 'hidden',
    run: (w, a) =>
      call('post', `/recipients/${w.recipient.id}/plans`, a, {
        goals: ['x'],
        services: [{ type: 'emotional-support', frequency: 'weekly' }],
        monitoringFrequency: 'monthly',
        startsOn: chinaDay(),
      }),
  },
  'POST /api/v1/cases/plans/{id}/close': {
    expect: 'hidden',
    run: (w, a) => call('post', `/plans/${w.plan.id}/close`, a),
  },
  'POST /api/v1/cases/plans/{id}/services': {
    expect: 'hidden',
    run: (w, a) =>
      call('post', `/plans/${w.plan.id}/services`, a, {
        type: 'emotional-support',
        deliveredAt: new Date().toISOString(),
        minutes: 30,
      }),
  },
  'POST /api/v1/cases/plans/{id}/monitoring': {
    expect: 'hidden',
    run: (w, a) =>
      call('post', `/plans/${w.plan.id}/monitoring`, a, {
        recordedAt: new Date().toISOString(),
        outcome: 'stable',
      }),
  },
  'GET /api/v1/cases/monitoring/overdue': {
    role: 'supervisor',
    expect: 'nothing',
    run: (_w, a) => call('get', `/monitoring/overdue?region=${TOWN_A}`, a),
  },
  'POST /api/v1/cases/programmes': {
    expect: 'refused',
    run: (_w, a) =>
      call('post', '/programmes', a, {
        code: `iso-b-${Date.now()}`,
        name: '小鸡快跑',
        regionCode: TOWN_A,
        startsOn: '2026-03-01',
        measures: [{ key: 'income', label: '收入', unit: 'fen', aggregate: 'sum' }],
      }),
  },
  'GET /api/v1/cases/programmes': {
    expect: 'nothing',
    run: (_w, a) => call('get', `/programmes?region=${TOWN_A}`, a),
  },
  'GET /api/v1/cases/programmes/{id}': {
    expect: 'hidden',
    run: (w, a) => call('get', `/programmes/${w.programme.id}`, a),
  },
  'POST /api/v1/cases/programmes/{id}/enrolments': {
    expect: 'hidden',
    run: (w, a) =>
      call('post', `/programmes/${w.programme.id}/enrolments`, a, {
        householdId: w.household,
        enrolledOn: '2026-05-21',
      }),
  },
  'POST /api/v1/cases/programmes/{id}/enrolments/{enrolmentId}/leave': {
    expect: 'hidden',
    run: (w, a) =>
      call('post', `/programmes/${w.programme.id}/enrolments/${w.enrolment.id}/leave`, a, {
        leftOn: '2026-08-15',
      }),
  },
  'POST /api/v1/cases/enrolments/{id}/check-ins': {
    expect: 'hidden',
    run: (w, a) =>
      call('post', `/enrolments/${w.enrolment.id}/check-ins`, a, { month: '2026-07', values: { income: 1 } }),
  },
  'GET /api/v1/cases/programmes/{id}/totals': {
    expect: 'hidden',
    run: (w, a) => call('get', `/programmes/${w.programme.id}/totals`, a),
  },
  'GET /api/v1/cases/recipients/export': {
    // Station workers may export; B's export of A's region is an empty file (header only).
    expect: 'nothing',
    run: (_w, a) => call('get', `/recipients/export?format=csv&region=${TOWN_A}`, a),
  },
  'POST /api/v1/cases/households': {
    expect: 'refused',
    run: (w, a) => call('post', '/households', a, { villageCode: w.village }),
  },
  'GET /api/v1/cases/households': {
    expect: 'nothing',
    run: (_w, a) => call('get', `/households?region=${TOWN_A}`, a),
  },
  'GET /api/v1/cases/households/{id}': {
    expect: 'hidden',
    run: (w, a) => call('get', `/households/${w.family}`, a),
  },
  'POST /api/v1/cases/households/{id}/members': {
    expect: 'hidden',
    run: (w, a) =>
      call('post', `/households/${w.family}/members`, a, { recipientId: w.recipient.id, relation: 'child' }),
  },
  'POST /api/v1/cases/households/{id}/members/{recipientId}/remove': {
    expect: 'hidden',
    run: (w, a) => call('post', `/households/${w.family}/members/${w.recipient.id}/remove`, a),
  },
  'GET /api/v1/cases/assessments/{id}': {
    expect: 'hidden',
    run: (w, a) => call('get', `/assessments/${w.assessment.id}`, a),
  },
  'PATCH /api/v1/cases/assessments/{id}': {
    expect: 'hidden',
    run: (w, a) => call('patch', `/assessments/${w.assessment.id}`, a, { version: 1, riskOverride: null }),
  },
  'GET /api/v1/cases/recipients/{id}/plans': {
    expect: 'hidden',
    run: (w, a) => call('get', `/recipients/${w.recipient.id}/plans`, a),
  },
  'GET /api/v1/cases/plans/{id}': { expect: 'hidden', run: (w, a) => call('get', `/plans/${w.plan.id}`, a) },
  'PATCH /api/v1/cases/plans/{id}': {
    expect: 'hidden',
    run: (w, a) => call('patch', `/plans/${w.plan.id}`, a, { version: 1, monitoringFrequency: 'weekly' }),
  },
  'GET /api/v1/cases/plans/{id}/services': {
    expect: 'hidden',
    run: (w, a) => call('get', `/plans/${w.plan.id}/services`, a),
  },
  'GET /api/v1/cases/plans/{id}/monitoring': {
    expect: 'hidden',
    run: (w, a) => call('get', `/plans/${w.plan.id}/monitoring`, a),
  },
  'POST /api/v1/cases/roster-imports': {
    expect: 'refused',
    run: (w, a) =>
      t
        .request('post', a, '/roster-imports')
        .query({ month: '2026-10', category: 'dibao', region: TOWN_A })
        .set('Content-Type', 'text/csv')
        .send(
          Buffer.from(
            `name,residentId,category,villageCode,householdId,amount\n孙八,${residentId()},dibao,${w.village},,300\n`,
          ),
        ),
  },
  'GET /api/v1/cases/roster-imports': {
    expect: 'nothing',
    run: (_w, a) => call('get', '/roster-imports', a),
  },
  'GET /api/v1/cases/roster-imports/{id}': {
    expect: 'hidden',
    run: (w, a) => call('get', `/roster-imports/${w.rosterImport}`, a),
  },
  'POST /api/v1/cases/roster-imports/{id}/retry': {
    expect: 'hidden',
    run: (w, a) => call('post', `/roster-imports/${w.rosterImport}/retry`, a),
  },
  'GET /api/v1/cases/roster-imports/{id}/errors': {
    expect: 'hidden',
    run: (w, a) => call('get', `/roster-imports/${w.rosterImport}/errors`, a),
  },
  'GET /api/v1/cases/roster-imports/{id}/village-differences': {
    expect: 'hidden',
    run: (w, a) => call('get', `/roster-imports/${w.rosterImport}/village-differences`, a),
  },
};

/** Row counts of every table in the run's schema. */
async function tableCounts(): Promise<Record<string, number>> {
  const tables = (
    await t.db.query(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
       ORDER BY table_name`,
    )
  ).rows.map((r) => r.table_name as string);
  const counts: Record<string, number> = {};
  for (const table of tables)
    counts[table] = (await t.db.query(`SELECT count(*)::int AS n FROM "${table}"`)).rows[0].n;
  return counts;
}

/** A's ids and township code, looked for in successful answers (an error may echo the request). */
function traces(w: World): string[] {
  return [
    w.recipient.id,
    w.visit.id,
    w.assessment.id,
    w.plan.id,
    w.referral.id,
    w.programme.id,
    w.household,
    w.enrolment.id,
    w.family,
    w.rosterImport,
  ];
}

it('every route is probed', () => {
  const doc = buildOpenApiDocument(t.app, 'cases', 'scope isolation');
  const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${path}`),
  );
  const unprobed = routes.filter((r) => !UNPROBED.has(r) && !(r in probes));
  expect(unprobed).toEqual([]);
  const stale = Object.keys(probes).filter((p) => !routes.includes(p));
  expect(stale).toEqual([]);
});

it('township B sees nothing of township A and changes nothing there, on every route', async () => {
  const w = await buildCaseWorld(t, TOWN_A);
  const before = await tableCounts();
  const marks = traces(w);
  const results: Array<{ route: string; status: number; leaked: string[] }> = [];
  for (const [route, probe] of Object.entries(probes)) {
    const auth = await as(probe.role ?? 'station_worker', TOWN_B);
    const res = await probe.run(w, auth);
    const text = JSON.stringify(res.body ?? null) + (res.text ?? '');
    const leaked = res.status < 300 ? [...marks, TOWN_A].filter((m) => text.includes(m)) : [];
    results.push({ route, status: res.status, leaked });
  }
  const wrong = results.filter(({ route, status, leaked }) => {
    const { expect: kind } = probes[route];
    if (leaked.length > 0) return true;
    if (kind === 'hidden') return status !== 404;
    if (kind === 'refused') return status !== 403 && status !== 404;
    return ![200, 403, 404].includes(status);
  });
  expect(wrong).toEqual([]);
  // Nothing changed, except that B's (empty) export was audited, as every export is.
  const after = await tableCounts();
  expect({ ...after, export_log: before.export_log }).toEqual(before);
  expect(after.export_log).toBe(before.export_log + 1);
  const audit = await t.db.query('SELECT row_count FROM export_log ORDER BY started_at DESC LIMIT 1');
  expect(audit.rows).toEqual([{ row_count: 0 }]);

  // The same probes by A's own staff would see A's data: the world is really there.
  const own = await call('get', `/recipients/${w.recipient.id}`, await as('station_worker', TOWN_A));
  expect(own.status).toBe(200);
});
