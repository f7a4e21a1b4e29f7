import { residentId, villageCode } from '@wushe/testing';
import { v7 as uuidv7 } from 'uuid';
import { API, useCasesApp } from './support/cases-spec';
import { chinaDay } from './support/china-calendar';

// Policy matching (政策找人) and referrals against real PostgreSQL: the seeded catalogue, matching
// outcomes, idempotent re-matching, the referral lifecycle with its error codes, and region scope.

const TOWN_A = '430703100';
const TOWN_B = '430703101';
const LINE = 60_000; // a local 低保 line of 600 yuan per head per month, in fen

const t = useCasesApp();
const { token, http } = t;
const worker = (region = TOWN_A, role = 'point_worker') => token([{ role, region }]);

/** A birth date `years` old today (minus a few days), as YYYY-MM-DD. */
function bornYearsAgo(years: number): string {
  const d = new Date(Date.now() - 10 * 86_400_000);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString().slice(0, 10);
}

async function register(
  auth: string,
  opts: { age: number; sex?: 'male' | 'female'; categories?: string[]; town?: string },
): Promise<{ id: string; villageCode: string }> {
  const birthDate = bornYearsAgo(opts.age);
  const res = await t.post(auth, '/recipients', {
    name: '李四',
    residentId: residentId({ birthDate, sex: opts.sex ?? 'female' }),
    villageCode: villageCode(opts.town ?? TOWN_A),
    categories: (opts.categories ?? []).map((category) => ({ category, validFrom: birthDate })),
    legalBasis: 'statutory-duty',
  });
  expect(res.status).toBe(201);
  return { id: res.body.id, villageCode: res.body.villageCode };
}

const match = (auth: string, id: string, body: Record<string, unknown> = {}) =>
  t.post(auth, `/recipients/${id}/policy-matches`, body);
const submit = (auth: string, id: string, body: Record<string, unknown>) =>
  t.post(auth, `/referrals/${id}/submit`, body);
const decide = (auth: string, id: string, body: Record<string, unknown>) =>
  t.post(auth, `/referrals/${id}/decide`, body);

async function referralRows(recipientId: string) {
  return (
    await t.db.query('SELECT * FROM referral WHERE recipient_id = $1 ORDER BY policy_code', [recipientId])
  ).rows;
}
async function referralEvents(referralIds: string[]) {
  return (
    await t.db.query(
      `SELECT envelope FROM outbox_event WHERE envelope->>'subject' = ANY($1) ORDER BY envelope->>'id'`,
      [referralIds],
    )
  ).rows.map((r) => r.envelope);
}
/** Everything a failed request must leave untouched for one recipient. */
async function snapshot(recipientId: string) {
  const rows = await referralRows(recipientId);
  const events = await referralEvents(rows.map((r) => r.id));
  return { rows, events: events.length };
}
const codes = (matches: { policyCode: string }[]) => matches.map((m) => m.policyCode).sort();

describe('GET /policies', () => {
  it('lists the seeded catalogue with departments and rules', async () => {
    const res = await http()
      .get(`${API}/policies`)
      .set('Authorization', `Bearer ${await worker()}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { code: string }) => p.code)).toEqual(
      [
        'dibao',
        'dibao-edge',
        'disability-subsidies',
        'education-relief',
        'elderly-allowance',
        'medical-relief',
        'tekun',
        'temporary-relief',
      ].sort(),
    );
    expect(res.body.items.find((p: { code: string }) => p.code === 'medical-relief')).toMatchObject({
      name: '医疗救助',
      department: '医保',
      active: true,
      rules: { any: expect.any(Array) },
    });
  });

  it('any ledger reader may read it (auditor); others may not', async () => {
    const auditor = await token([{ role: 'auditor', region: '430703' }]);
    expect((await t.get(auditor, '/policies')).status).toBe(200);
    const coordinator = await token([{ role: 'volunteer_coordinator', region: TOWN_A }]);
    expect((await t.get(coordinator, '/policies')).status).toBe(403);
    expect((await http().get(`${API}/policies`)).status).toBe(401);
  });
});

describe('POST /recipients/:id/policy-matches', () => {
  it('a poor 85-year-old on 低保: five matches, five suggested referrals and events, no personal data', async () => {
    const auth = await worker();
    const { id, villageCode: village } = await register(auth, { age: 85, categories: ['dibao'] });
    // The server dates the evaluation by its clock: the China date just before or just after.
    const dayBefore = chinaDay();
    const res = await match(auth, id, { householdIncomePerHeadFen: 30_000, localLineFen: LINE });
    expect(res.status).toBe(200);
    const today = res.body.evaluatedOn;
    expect([dayBefore, chinaDay()]).toContain(today);
    expect(res.body).toMatchObject({
      recipientId: id,
      facts: { categories: ['dibao'], age: 85, sex: 'female', incomePerHeadFen: 30_000, localLineFen: LINE },
      suggestionsRecorded: true,
    });
    expect(codes(res.body.matches)).toEqual(
      ['dibao', 'elderly-allowance', 'medical-relief', 'temporary-relief', 'tekun'].sort(),
    );
    expect(
      res.body.matches.find((m: { policyCode: string }) => m.policyCode === 'elderly-allowance'),
    ).toMatchObject({
      name: '高龄津贴',
      department: '民政',
      reasons: ['age:85 ≥80'],
      referral: { status: 'suggested', version: 1, created: true },
    });
    expect(res.body.notMatched.sort()).toEqual(['dibao-edge', 'disability-subsidies', 'education-relief']);
    expect(res.body.undetermined).toEqual([]);

    const rows = await referralRows(id);
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.status === 'suggested' && r.village_code === village)).toBe(true);
    const events = await referralEvents(rows.map((r) => r.id));
    expect(events).toHaveLength(5);
    expect(events[0]).toMatchObject({
      type: 'wushe.cases.referral.suggested.v1',
      regioncode: village,
      data: {
        recipientId: id,
        villageCode: village,
        status: 'suggested',
        suggestedOn: today,
        version: 1,
      },
    });
    expect(JSON.stringify(events)).not.toMatch(/李四|30000|age:/);
  });

  it('re-matching is idempotent: the open referrals are returned, nothing is created or announced', async () => {
    const auth = await worker();
    const { id } = await register(auth, { age: 82 });
    const first = await match(auth, id, {});
    expect(codes(first.body.matches)).toEqual(['elderly-allowance']);
    const before = await snapshot(id);
    expect(before.rows).toHaveLength(1);

    const again = await match(await worker(TOWN_A, 'station_worker'), id, {});
    expect(again.status).toBe(200);
    expect(again.body.matches[0].referral).toEqual({
      id: first.body.matches[0].referral.id,
      status: 'suggested',
      version: 1,
      created: false,
    });
    expect(await snapshot(id)).toEqual(before);

    // Still open once submitted: a third match does not suggest it again.
    const sub = await submit(auth, before.rows[0].id, { submittedOn: chinaDay(), version: 1 });
    expect(sub.status).toBe(200);
    const third = await match(auth, id, {});
    expect(third.body.matches[0].referral).toMatchObject({ status: 'submitted', created: false });
    expect(await referralRows(id)).toHaveLength(1);
  });

  it('concurrent matches for the same recipient still leave one open referral per policy', async () => {
    const auth = await worker();
    const { id } = await register(auth, { age: 87, categories: ['tekun'] });
    const results = await Promise.all([1, 2, 3, 4].map(() => match(auth, id, {})));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const rows = await referralRows(id);
    expect(rows.map((r) => r.policy_code)).toEqual([
      'elderly-allowance',
      'medical-relief',
      'temporary-relief',
    ]);
    expect(await referralEvents(rows.map((r) => r.id))).toHaveLength(3);
    const created = results.flatMap((r) =>
      r.body.matches.filter((m: { referral: { created: boolean } }) => m.referral.created),
    );
    expect(created).toHaveLength(3);
  });

  it('a 10-year-old orphan without income data: 医疗救助 and 教育救助; income policies undetermined', async () => {
    const auth = await worker();
    const { id } = await register(auth, { age: 10, sex: 'male', categories: ['orphan'] });
    const res = await match(auth, id, {});
    expect(res.status).toBe(200);
    expect(codes(res.body.matches)).toEqual(['education-relief', 'medical-relief']);
    expect(res.body.undetermined).toEqual(
      expect.arrayContaining([
        { policyCode: 'dibao', name: expect.any(String), missing: ['incomePerHead', 'localLine'] },
      ]),
    );
    expect(res.body.notMatched).toContain('elderly-allowance');
  });

  it('a grade-1 disabled adult: 残疾人两项补贴; a well-off 50-year-old: nothing, and no referral', async () => {
    const auth = await worker();
    const disabled = await register(auth, { age: 45, categories: ['disabled'] });
    const res = await match(auth, disabled.id, {
      disabilityGrade: 1,
      householdIncomePerHeadFen: 200_000,
      localLineFen: LINE,
    });
    expect(codes(res.body.matches)).toEqual(['disability-subsidies']);
    expect(res.body.matches[0].reasons).toEqual(['category:disabled', 'disabilityGrade:1 ≤2']);
    // At rest the reasons (a disability grade is health data) are encrypted; a read decrypts them.
    const stored = await t.db.query('SELECT reasons_encrypted FROM referral WHERE recipient_id = $1', [
      disabled.id,
    ]);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0].reasons_encrypted).not.toContain('disabilityGrade');
    const read = await http()
      .get(`${API}/recipients/${disabled.id}/referrals`)
      .set('Authorization', `Bearer ${auth}`);
    expect(read.body.items[0].reasons).toEqual(['category:disabled', 'disabilityGrade:1 ≤2']);

    const wellOff = await register(auth, { age: 50 });
    const none = await match(auth, wellOff.id, { householdIncomePerHeadFen: 500_000, localLineFen: LINE });
    expect(none.body.matches).toEqual([]);
    expect(none.body.undetermined).toEqual([]);
    expect(await referralRows(wellOff.id)).toEqual([]);
  });

  it('evaluates only the requested policies; an unknown code is 422 CASES.UNKNOWN_POLICY and writes nothing', async () => {
    const auth = await worker();
    const { id } = await register(auth, { age: 90, categories: ['dibao'] });
    const only = await match(auth, id, { policyCodes: ['elderly-allowance'] });
    expect(only.status).toBe(200);
    expect(codes(only.body.matches)).toEqual(['elderly-allowance']);
    expect(only.body.notMatched).toEqual([]);
    const before = await snapshot(id);

    const bad = await match(auth, id, { policyCodes: ['medical-relief', 'no-such-policy'] });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ code: 'CASES.UNKNOWN_POLICY', policyCodes: ['no-such-policy'] });
    expect(await snapshot(id)).toEqual(before);
  });

  it('validates the body (400) and the id (400)', async () => {
    const auth = await worker();
    const { id } = await register(auth, { age: 30 });
    expect((await match(auth, id, { disabilityGrade: 5 })).status).toBe(400);
    expect((await match(auth, id, { localLineFen: -1 })).status).toBe(400);
    expect((await match(auth, id, { extra: 1 })).status).toBe(400);
    expect((await match(auth, 'not-a-uuid', {})).status).toBe(400);
  });

  it('a reader who may not write sees the matches but nothing is suggested', async () => {
    const { id } = await register(await worker(), { age: 88 });
    const auditor = await token([{ role: 'auditor', region: TOWN_A }]);
    const res = await match(auditor, id, {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ suggestionsRecorded: false });
    expect(res.body.matches).toEqual([
      expect.objectContaining({ policyCode: 'elderly-allowance', referral: null }),
    ]);
    expect(await referralRows(id)).toEqual([]);
  });
});

describe('referral lifecycle', () => {
  async function suggested(policy = 'medical-relief') {
    const auth = await worker();
    const { id } = await register(auth, { age: 40, categories: ['dibao'] });
    const res = await match(auth, id, { policyCodes: [policy] });
    expect(res.status).toBe(200);
    return { auth, recipientId: id, referralId: res.body.matches[0].referral.id as string };
  }

  it('suggested → submitted → accepted, with versions, dates, the department and one event per step', async () => {
    // One date for the whole test: read at each use, the dates could straddle midnight (China time).
    const today = chinaDay();
    const { auth, recipientId, referralId } = await suggested();
    const sub = await submit(auth, referralId, { submittedOn: today, version: 1 });
    expect(sub.status).toBe(200);
    expect(sub.body).toMatchObject({
      id: referralId,
      status: 'submitted',
      department: '医保',
      submittedOn: today,
      decidedOn: null,
      version: 2,
    });
    const dec = await decide(await worker(TOWN_A, 'supervisor'), referralId, {
      outcome: 'accepted',
      decidedOn: today,
      note: '已转医保局',
      version: 2,
    });
    expect(dec.status).toBe(200);
    expect(dec.body).toMatchObject({
      status: 'accepted',
      decidedOn: today,
      note: '已转医保局',
      version: 3,
    });
    const row = await t.db.query('SELECT note_encrypted FROM referral WHERE id = $1', [referralId]);
    expect(row.rows[0].note_encrypted).toEqual(expect.any(String));
    expect(row.rows[0].note_encrypted).not.toContain('医保局');

    const list = await http()
      .get(`${API}/recipients/${recipientId}/referrals`)
      .set('Authorization', `Bearer ${await token([{ role: 'auditor', region: '4307' }])}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: referralId, status: 'accepted', version: 3 }),
    ]);

    const events = await referralEvents([referralId]);
    expect(events.map((e) => e.type)).toEqual([
      'wushe.cases.referral.suggested.v1',
      'wushe.cases.referral.submitted.v1',
      'wushe.cases.referral.decided.v1',
    ]);
    expect(events[2].data).toEqual({
      referralId,
      recipientId,
      policyCode: 'medical-relief',
      villageCode: expect.stringMatching(/^430703100\d{3}$/),
      status: 'accepted',
      department: '医保',
      submittedOn: today,
      decidedOn: today,
      version: 3,
    });
    expect(JSON.stringify(events)).not.toContain('已转医保局');
  });

  it('a rejected referral can be suggested again by a later match', async () => {
    const { auth, recipientId, referralId } = await suggested('temporary-relief');
    await submit(auth, referralId, { submittedOn: chinaDay(), department: '乡镇民政办', version: 1 });
    const dec = await decide(auth, referralId, { outcome: 'rejected', decidedOn: chinaDay(), version: 2 });
    expect(dec.body).toMatchObject({ status: 'rejected', department: '乡镇民政办', note: null });
    const again = await match(auth, recipientId, { policyCodes: ['temporary-relief'] });
    expect(again.body.matches[0].referral).toMatchObject({ status: 'suggested', created: true });
    expect(await referralRows(recipientId)).toHaveLength(2);
  });

  it('refuses bad transitions, stale versions and bad dates with their codes, writing nothing', async () => {
    const { auth, recipientId, referralId } = await suggested();
    const before = await snapshot(recipientId);

    const early = await decide(auth, referralId, { outcome: 'accepted', decidedOn: chinaDay(), version: 1 });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'CASES.INVALID_REFERRAL_TRANSITION', from: 'suggested' });

    const stale = await submit(auth, referralId, { submittedOn: chinaDay(), version: 7 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'CASES.VERSION_CONFLICT', currentVersion: 1 });

    const future = await submit(auth, referralId, { submittedOn: '2099-01-01', version: 1 });
    expect(future.status).toBe(422);
    expect(future.body.code).toBe('CASES.INVALID_REFERRAL_DATES');

    const badOutcome = await decide(auth, referralId, {
      outcome: 'maybe',
      decidedOn: chinaDay(),
      version: 1,
    });
    expect(badOutcome.status).toBe(400);
    expect(await snapshot(recipientId)).toEqual(before);

    await submit(auth, referralId, { submittedOn: chinaDay(), version: 1 });
    const after = await snapshot(recipientId);
    const twice = await submit(auth, referralId, { submittedOn: chinaDay(), version: 2 });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({
      code: 'CASES.INVALID_REFERRAL_TRANSITION',
      from: 'submitted',
      to: 'submitted',
    });
    const backdated = await decide(auth, referralId, {
      outcome: 'accepted',
      decidedOn: '2000-01-01',
      version: 2,
    });
    expect(backdated.status).toBe(422);
    expect(backdated.body.code).toBe('CASES.INVALID_REFERRAL_DATES');
    expect(await snapshot(recipientId)).toEqual(after);

    await decide(auth, referralId, { outcome: 'rejected', decidedOn: chinaDay(), version: 2 });
    const done = await snapshot(recipientId);
    const redecide = await decide(auth, referralId, {
      outcome: 'accepted',
      decidedOn: chinaDay(),
      version: 3,
    });
    expect(redecide.status).toBe(409);
    expect(redecide.body).toMatchObject({ code: 'CASES.INVALID_REFERRAL_TRANSITION', from: 'rejected' });
    expect(await snapshot(recipientId)).toEqual(done);
  });

  it('readers in scope who may not write get 403; nothing changes', async () => {
    const { recipientId, referralId } = await suggested();
    const before = await snapshot(recipientId);
    const auditor = await token([{ role: 'auditor', region: TOWN_A }]);
    expect((await submit(auditor, referralId, { submittedOn: chinaDay(), version: 1 })).status).toBe(403);
    expect(
      (await decide(auditor, referralId, { outcome: 'accepted', decidedOn: chinaDay(), version: 1 })).status,
    ).toBe(403);
    expect(await snapshot(recipientId)).toEqual(before);
  });
});

describe('region scope', () => {
  it('another township sees none of it: match, list, submit and decide are 404 and write nothing', async () => {
    const auth = await worker();
    const { id } = await register(auth, { age: 86, categories: ['dibao'] });
    const res = await match(auth, id, {});
    const referralId = res.body.matches[0].referral.id;
    const before = await snapshot(id);

    const outsider = await worker(TOWN_B, 'station_worker');
    expect((await match(outsider, id, {})).status).toBe(404);
    const list = await http()
      .get(`${API}/recipients/${id}/referrals`)
      .set('Authorization', `Bearer ${outsider}`);
    expect(list.status).toBe(404);
    const sub = await submit(outsider, referralId, { submittedOn: chinaDay(), version: 1 });
    expect(sub.status).toBe(404);
    expect(sub.body.code).toBe('COMMON.NOT_FOUND');
    expect(
      (await decide(outsider, referralId, { outcome: 'accepted', decidedOn: chinaDay(), version: 1 })).status,
    ).toBe(404);
    expect(await snapshot(id)).toEqual(before);
  });

  it('an unknown recipient or referral is 404', async () => {
    const auth = await worker();
    expect((await match(auth, uuidv7(), {})).status).toBe(404);
    expect((await submit(auth, uuidv7(), { submittedOn: chinaDay(), version: 1 })).status).toBe(404);
  });
});
