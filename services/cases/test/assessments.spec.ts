import { v7 as uuidv7 } from 'uuid';
import { caseWorkFixtures, expectNoNotePlaintext, TOWN_A, TOWN_B } from './support/case-work-fixtures';
import { useCasesApp } from './support/cases-spec';

// Assessments against real PostgreSQL: written by a worker, submitted, approved or returned by a
// supervisor of the township, and approval's evaluation of the policy catalogue. Notes, comments and
// reasons never leave the field encrypted.

const t = useCasesApp({ region: TOWN_A });
const { as, post, get, events } = t;
const { secrets, secret, registerRecipient, domains, counts } = caseWorkFixtures(t);

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

describe('PIPL: no note plaintext at rest or in events', () => {
  it('scans every text/json column and every outbox envelope for this file’s notes', async () => {
    await expectNoNotePlaintext(t, secrets);
  });
});
