import { v7 as uuidv7 } from 'uuid';
import { caseWorkFixtures, expectNoNotePlaintext, TOWN_A, TOWN_B } from './support/case-work-fixtures';
import { useCasesApp } from './support/cases-spec';

// Assessments read one at a time, and edited while draft or returned: risk recomputed, optimistic
// versions, nothing announced. Edited notes stay encrypted.

const t = useCasesApp({ region: TOWN_A });
const { as, post, get, patch } = t;
const { secrets, secret, registerRecipient, domains, counts } = caseWorkFixtures(t);

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
    expect(mine.body).toMatchObject({
      id: a.id,
      status: 'draft',
      version: 1,
      hasPolicyFacts: false,
      editedBy: null,
    });
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
    const editor = `editor-${uuidv7()}`;
    const worker = await as('point_worker', TOWN_A, editor);
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
      editedBy: editor,
      editedAt: expect.any(String),
    });
    expect(JSON.stringify(res.body)).not.toContain('机密');
    const after = await counts();
    expect(after).toEqual(before); // no rows added, no event: drafts stay in the service

    const read = await get(worker, `/assessments/${a.id}`);
    expect(read.body).toMatchObject({ editedBy: editor, editedAt: res.body.editedAt });
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

describe('PIPL: no note plaintext at rest or in events', () => {
  it('scans every text/json column and every outbox envelope for this file’s notes', async () => {
    await expectNoNotePlaintext(t, secrets);
  });
});
