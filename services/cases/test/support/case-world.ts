import { residentId, villageCode } from '@wushe/testing';
import type { CasesSpec, Method } from './cases-spec';
import { chinaDay } from './china-calendar';

// One township's whole case file — recipient, household, visit, assessment, plan, services,
// referral, programme, enrolment, roster import — for the specs that probe every route against it
// (scope-isolation, access-matrix).

const DOMAINS = ['economic', 'health', 'care', 'education', 'psychological', 'social-support'];
export const domains = () => Object.fromEntries(DOMAINS.map((d) => [d, { score: 1 }]));

/** A township's case file, built by its own staff through the API of `t`. */
export async function buildCaseWorld(t: CasesSpec, town: string) {
  const as = (role: string, region: string) => t.as(role, region, `${role}@${region}`);
  async function ok(method: Method, path: string, auth: string, body?: object) {
    const req = t.request(method, auth, path);
    const res = await (body === undefined ? req : req.send(body));
    if (![200, 201].includes(res.status))
      throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  const worker = await as('station_worker', town);
  const supervisor = await as('supervisor', town);
  const village = villageCode(town);
  const register = () =>
    ok('post', '/recipients', worker, {
      name: '赵六',
      residentId: residentId(),
      villageCode: village,
      categories: [{ category: 'dibao', validFrom: '2024-01-01' }],
      legalBasis: 'statutory-duty',
    });
  const recipient = await register();
  const other = await register();

  const visit = await ok('post', '/visits', worker, {
    kind: 'routine',
    villageCode: village,
    visitedAt: new Date().toISOString(),
    recipientIds: [recipient.id],
  });

  const assessed = await ok('post', `/recipients/${recipient.id}/assessments`, worker, {
    domains: domains(),
  });
  await ok('post', `/assessments/${assessed.id}/submit`, worker);
  await ok('post', `/assessments/${assessed.id}/approve`, supervisor);
  const pending = await ok('post', `/recipients/${other.id}/assessments`, worker, { domains: domains() });
  await ok('post', `/assessments/${pending.id}/submit`, worker);

  const plan = await ok('post', `/recipients/${recipient.id}/plans`, worker, {
    goals: ['稳定情绪'],
    services: [{ type: 'emotional-support', frequency: 'weekly' }],
    monitoringFrequency: 'monthly',
    startsOn: chinaDay(-40),
  });
  await ok('post', `/plans/${plan.id}/services`, worker, {
    type: 'emotional-support',
    deliveredAt: new Date().toISOString(),
    minutes: 30,
  });

  const matched = await ok('post', `/recipients/${recipient.id}/policy-matches`, worker, {});
  const referral = matched.matches.find((m: { referral: unknown }) => m.referral)?.referral;
  if (!referral) throw new Error('the world needs a suggested referral');

  const programme = await ok('post', '/programmes', worker, {
    code: `iso-${Date.now()}`,
    name: '小鸡快跑',
    regionCode: town,
    startsOn: '2026-03-01',
    measures: [{ key: 'income', label: '收入', unit: 'fen', aggregate: 'sum' }],
  });
  const household = (
    await t.db.query('INSERT INTO household (id, village_code) VALUES (gen_random_uuid(), $1) RETURNING id', [
      village,
    ])
  ).rows[0].id as string;
  const enrolment = await ok('post', `/programmes/${programme.id}/enrolments`, worker, {
    householdId: household,
    enrolledOn: '2026-05-20',
  });
  await ok('post', `/enrolments/${enrolment.id}/check-ins`, worker, {
    month: '2026-06',
    values: { income: 100 },
  });

  const family = await ok('post', '/households', worker, {
    villageCode: village,
    headRecipientId: recipient.id,
  });
  const roster = await t
    .request('post', worker, '/roster-imports')
    .query({ month: '2026-10', category: 'dibao' })
    .set('Content-Type', 'text/csv')
    .send(
      Buffer.from(
        `name,residentId,category,villageCode,householdId,amount\n孙八,${residentId()},dibao,${village},,300\n`,
      ),
    );
  if (roster.status !== 202)
    throw new Error(`roster upload: ${roster.status} ${JSON.stringify(roster.body)}`);

  return {
    village,
    family: family.id as string,
    rosterImport: roster.body.id as string,
    recipient,
    category: recipient.categories[0],
    visit,
    assessment: pending,
    plan,
    referral,
    programme,
    household,
    enrolment,
  };
}

export type CaseWorld = Awaited<ReturnType<typeof buildCaseWorld>>;
