import { residentId, villageCode } from '@wushe/testing';
import { v7 as uuidv7 } from 'uuid';
import { TOWN_A, TOWN_B } from './support/case-work-fixtures';
import { useCasesApp } from './support/cases-spec';
import { envelopeTexts, scanSchemaText } from './support/pii-scan';
import { person, visit, visitFixtures } from './support/visits';

// Household visits against real PostgreSQL: coordinates and findings (encrypted, shown only to
// visit writers of the village), the recipients visited, discovery visits that register people in
// the same transaction (one bad person refuses the whole visit), policy suggestions for everyone
// seen, scope, and no plaintext findings or coordinates at rest or in events. Listing visits
// (GET /visits) is in visits-list.spec.ts.

/** A village of TOWN_A that villageCode() (001–299) never returns. */
const OTHER_VILLAGE = `${TOWN_A}999`;

const t = useCasesApp({ region: TOWN_A });
const { as, post, get } = t;
const { registerRecipient } = visitFixtures(t);
/** Every plaintext finding sent, for the PIPL scan at the end. */
const secrets: string[] = [];

const secret = (label: string) => {
  const s = `${label}-机密-${uuidv7()}`;
  secrets.push(s);
  return s;
};
/**
 * Coordinates unlikely to appear anywhere by chance: six random decimals, the last never 0. The
 * number would drop a trailing 0, and a short "29.123" can sit inside any timestamp's seconds
 * ("…:29.123Z") that the PIPL scan reads.
 */
const decimals = () => `${10000 + Math.floor(Math.random() * 90000)}${1 + Math.floor(Math.random() * 9)}`;
const coordinates = () => ({
  lat: Number(`29.${decimals()}`),
  lng: Number(`111.${decimals()}`),
});
const sentCoordinates: string[] = [];
const withWrongCheckChar = (id: string) => id.slice(0, 17) + (id[17] === '1' ? '2' : '1');

async function counts() {
  const q = async (table: string) =>
    Number((await t.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
  return {
    visit: await q('visit'),
    visitRecipient: await q('visit_recipient'),
    recipient: await q('recipient'),
    category: await q('recipient_category'),
    referral: await q('referral'),
    outbox: await q('outbox_event'),
  };
}

describe('POST /visits', () => {
  it('keeps the walking skeleton’s visit: no people, the same event (new fields only added)', async () => {
    const village = villageCode(TOWN_A);
    const res = await post(
      await as('point_worker'),
      '/visits',
      visit(village, { kind: 'discovery', needsFound: 2 }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'discovery',
      villageCode: village,
      needsFound: 2,
      needDomains: [],
      recipientIds: [],
      registeredRecipientIds: [],
      hasFindings: false,
      hasCoordinates: false,
      policySuggestions: [],
    });
    const [event] = await t.events(res.body.id);
    expect(event.type).toBe('wushe.cases.visit.recorded.v1');
    expect(event.data).toEqual({
      visitId: res.body.id,
      kind: 'discovery',
      villageCode: village,
      workerId: res.body.workerId,
      visitedAt: res.body.visitedAt,
      needsFound: 2,
      needDomains: [],
      recipientIds: [],
      registeredRecipientIds: [],
    });
  });

  it('a routine visit: recipients visited, need domains, encrypted findings and coordinates', async () => {
    const village = villageCode(TOWN_A);
    const recipientId = await registerRecipient(village, {
      residentId: residentId({ birthDate: '1960-05-05' }),
    });
    const findings = secret('findings');
    const where = coordinates();
    sentCoordinates.push(String(where.lat), String(where.lng));
    const worker = await as('point_worker');
    const res = await post(
      worker,
      '/visits',
      visit(village, {
        recipientIds: [recipientId],
        needDomains: ['economic', 'health'],
        findings,
        coordinates: where,
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'routine',
      recipientIds: [recipientId],
      registeredRecipientIds: [],
      needDomains: ['economic', 'health'],
      needsFound: 2, // defaults to one per domain
      hasFindings: true,
      hasCoordinates: true,
    });
    // POST responses may be stored for Idempotency-Key replay: no findings, no coordinates.
    expect(res.body).not.toHaveProperty('findings');
    expect(res.body).not.toHaveProperty('coordinates');
    expect(JSON.stringify(res.body)).not.toContain('机密');

    const row = (
      await t.db.query(
        'SELECT findings_encrypted, coordinates_encrypted, need_domains FROM visit WHERE id = $1',
        [res.body.id],
      )
    ).rows[0];
    expect(row.findings_encrypted).toMatch(/^v1\./);
    expect(row.findings_encrypted).not.toContain(findings);
    expect(row.coordinates_encrypted).toMatch(/^v1\./);
    expect(row.coordinates_encrypted).not.toContain(String(where.lat));
    expect(row.need_domains).toEqual(['economic', 'health']);

    const [event] = await t.events(res.body.id);
    expect(event.data).toMatchObject({
      recipientIds: [recipientId],
      needDomains: ['economic', 'health'],
      needsFound: 2,
    });
    expect(JSON.stringify(event)).not.toContain('机密');
    expect(JSON.stringify(event)).not.toContain(String(where.lat));

    // A writer of the village reads the findings and where; a county admin only that they exist.
    const mine = await get(worker, `/visits/${res.body.id}`);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ findings, coordinates: where, recipientIds: [recipientId] });
    const county = await get(await as('county_admin', '430703'), `/visits/${res.body.id}`);
    expect(county.status).toBe(200);
    expect(county.body).toMatchObject({ hasFindings: true, hasCoordinates: true });
    expect(county.body).not.toHaveProperty('findings');
    expect(county.body).not.toHaveProperty('coordinates');
    const countyList = await get(await as('auditor', '430703'), `/visits?recipientId=${recipientId}`);
    expect(countyList.body.items.map((v: { id: string }) => v.id)).toEqual([res.body.id]);
    expect(JSON.stringify(countyList.body)).not.toContain('机密');
  });

  it('evaluates the policy catalogue for the people visited and records suggestions once', async () => {
    const village = villageCode(TOWN_A);
    const recipientId = await registerRecipient(village, {
      residentId: residentId({ birthDate: '1960-05-05' }),
      categories: [{ category: 'dibao', validFrom: '2024-01-01' }],
    });
    const worker = await as('point_worker');
    const first = await post(
      worker,
      '/visits',
      visit(village, { kind: 'follow-up', recipientIds: [recipientId] }),
    );
    expect(first.status).toBe(201);
    expect(first.body.policySuggestions).toHaveLength(1);
    const [suggestion] = first.body.policySuggestions;
    expect(suggestion.recipientId).toBe(recipientId);
    // 低保 holders: medical and temporary relief by category; the rest need income facts.
    expect(suggestion.matches.map((m: { policyCode: string }) => m.policyCode)).toEqual([
      'medical-relief',
      'temporary-relief',
    ]);
    expect(suggestion.matches.every((m: { referral: { created: boolean } }) => m.referral.created)).toBe(
      true,
    );
    expect(suggestion.undetermined.map((u: { policyCode: string }) => u.policyCode)).toContain('dibao');

    const referrals = (
      await t.db.query(
        `SELECT policy_code, status, created_by FROM referral WHERE recipient_id = $1 ORDER BY policy_code`,
        [recipientId],
      )
    ).rows;
    expect(referrals.map((r) => [r.policy_code, r.status])).toEqual([
      ['medical-relief', 'suggested'],
      ['temporary-relief', 'suggested'],
    ]);
    for (const m of suggestion.matches) {
      const [event] = await t.events(m.referral.id);
      expect(event).toMatchObject({ type: 'wushe.cases.referral.suggested.v1', data: { recipientId } });
    }

    // A second visit finds the same matches, already suggested: nothing new.
    const before = await counts();
    const second = await post(worker, '/visits', visit(village, { recipientIds: [recipientId] }));
    expect(second.status).toBe(201);
    expect(
      second.body.policySuggestions[0].matches.map(
        (m: { referral: { created: boolean } }) => m.referral.created,
      ),
    ).toEqual([false, false]);
    const after = await counts();
    expect(after.referral).toBe(before.referral);
    expect(after.visit).toBe(before.visit + 1);
  });

  it('does not suggest assistance for a closed case that is visited', async () => {
    const village = villageCode(TOWN_A);
    const recipientId = await registerRecipient(village, {
      categories: [{ category: 'dibao', validFrom: '2024-01-01' }],
    });
    const closed = await post(await as('station_worker'), `/recipients/${recipientId}/status`, {
      status: 'closed',
      reason: 'moved-away',
      version: 1,
    });
    expect(closed.status).toBe(200);
    const res = await post(
      await as('point_worker'),
      '/visits',
      visit(village, { recipientIds: [recipientId] }),
    );
    expect(res.status).toBe(201);
    expect(res.body.recipientIds).toEqual([recipientId]);
    expect(res.body.policySuggestions).toEqual([]);
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM referral WHERE recipient_id = $1', [
      recipientId,
    ]);
    expect(rows[0].n).toBe(0);
  });
});

describe('discovery visits register the people they find', () => {
  it('registers them with the visit, in order, categories from the visit, and suggests policies', async () => {
    const village = villageCode(TOWN_A);
    const known = await registerRecipient(village, { residentId: residentId({ birthDate: '1970-01-01' }) });
    const worker = await as('point_worker');
    const newcomers = [
      person(village, { categories: [{ category: 'elderly-alone', validFrom: '2026-01-01' }] }),
      person(village, { name: '赵六', residentId: residentId({ birthDate: '1975-07-07' }) }),
    ];
    const before = await counts();
    const res = await post(
      worker,
      '/visits',
      visit(village, {
        kind: 'discovery',
        recipientIds: [known],
        newRecipients: newcomers,
        needDomains: ['care'],
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.recipientIds).toEqual([known]);
    expect(res.body.registeredRecipientIds).toHaveLength(2);
    const [elder, younger] = res.body.registeredRecipientIds as string[];

    const rows = (
      await t.db.query(
        `SELECT r.id, r.name, r.village_code, c.category, c.source FROM recipient r
           LEFT JOIN recipient_category c ON c.recipient_id = r.id WHERE r.id = ANY($1::uuid[])`,
        [[elder, younger]],
      )
    ).rows;
    expect(rows.find((r) => r.id === elder)).toMatchObject({
      name: '王五',
      village_code: village,
      category: 'elderly-alone',
      source: 'visit',
    });
    expect(rows.find((r) => r.id === younger)).toMatchObject({ name: '赵六', category: null });
    const after = await counts();
    expect(after.recipient).toBe(before.recipient + 2);
    expect(after.visit).toBe(before.visit + 1);
    expect(after.visitRecipient).toBe(before.visitRecipient + 3);

    // Each registration announced as POST /recipients does; the visit names who it registered.
    for (const id of [elder, younger]) {
      const [registered] = await t.events(id);
      expect(registered.type).toBe('wushe.cases.recipient.registered.v1');
    }
    const [visitEvent] = await t.events(res.body.id);
    expect(visitEvent.data).toMatchObject({
      kind: 'discovery',
      recipientIds: [known],
      registeredRecipientIds: [elder, younger],
      needDomains: ['care'],
      needsFound: 1,
    });
    expect(JSON.stringify(visitEvent)).not.toContain('王五');

    // 86 years old: the elderly allowance is suggested; every person seen was evaluated.
    const byId = Object.fromEntries(
      res.body.policySuggestions.map((s: { recipientId: string }) => [s.recipientId, s]),
    );
    expect(Object.keys(byId).sort()).toEqual([known, elder, younger].sort());
    expect(byId[elder].matches.map((m: { policyCode: string }) => m.policyCode)).toEqual([
      'elderly-allowance',
    ]);
    expect(byId[younger].matches).toEqual([]);

    // The visit is found from each person it saw or registered.
    for (const id of [known, elder]) {
      const list = await get(worker, `/visits?recipientId=${id}`);
      expect(list.status).toBe(200);
      expect(list.body.items.map((v: { id: string }) => v.id)).toEqual([res.body.id]);
    }
    const detail = await get(worker, `/visits/${res.body.id}`);
    expect(detail.body.registeredRecipientIds).toEqual([elder, younger]);
  });

  describe('one bad person refuses the whole visit and writes nothing', () => {
    const village = villageCode(TOWN_A);
    let registeredId = '';
    let known = '';
    beforeAll(async () => {
      registeredId = residentId();
      known = await registerRecipient(village, { residentId: registeredId });
    });

    const cases: Array<[string, () => object[], number, string, string]> = [
      [
        'an invalid resident ID',
        () => [person(village), person(village, { residentId: withWrongCheckChar(residentId()) })],
        400,
        'CASES.INVALID_RESIDENT_ID',
        'newRecipients[1]',
      ],
      [
        'an invalid phone',
        () => [person(village, { phone: '12345' })],
        400,
        'CASES.INVALID_PHONE',
        'newRecipients[0]',
      ],
      [
        'a category the person cannot hold (a left-behind child of 86)',
        () => [
          person(village),
          person(village, { categories: [{ category: 'left-behind-child', validFrom: '2026-01-01' }] }),
        ],
        422,
        'CASES.CATEGORY_NOT_ALLOWED',
        'newRecipients[1]',
      ],
      [
        'a person of another village',
        () => [person(OTHER_VILLAGE)],
        422,
        'CASES.VISIT_VILLAGE_MISMATCH',
        'newRecipients[0]',
      ],
      [
        'an unknown household',
        () => [person(village, { householdId: uuidv7(), relation: 'spouse' })],
        404,
        'COMMON.NOT_FOUND',
        'newRecipients[0]',
      ],
    ];
    it.each(cases)('%s', async (_name, people, status, code, path) => {
      const before = await counts();
      const res = await post(
        await as('point_worker'),
        '/visits',
        visit(village, {
          kind: 'discovery',
          recipientIds: [known],
          newRecipients: people(),
          findings: secret('refused'),
        }),
      );
      expect([res.status, res.body.code, res.body.path]).toEqual([status, code, path]);
      expect(await counts()).toEqual(before);
    });

    it('a resident ID already in the ledger: the same 409 as registration, naming the entry', async () => {
      const before = await counts();
      const res = await post(
        await as('point_worker'),
        '/visits',
        visit(village, {
          kind: 'discovery',
          newRecipients: [person(village), person(village, { residentId: registeredId })],
        }),
      );
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        code: 'CASES.RECIPIENT_DUPLICATE_ID',
        existingId: known,
        path: 'newRecipients[1]',
      });
      expect(await counts()).toEqual(before);
      // A worker of another township learns only that the person is registered elsewhere.
      const villageB = villageCode(TOWN_B);
      const outsider = await post(
        await as('point_worker', TOWN_B),
        '/visits',
        visit(villageB, {
          kind: 'discovery',
          newRecipients: [person(villageB, { residentId: registeredId })],
        }),
      );
      expect(outsider.status).toBe(409);
      expect(outsider.body).toMatchObject({ registeredElsewhere: true, path: 'newRecipients[0]' });
      expect(outsider.body).not.toHaveProperty('existingId');
      expect(await counts()).toEqual(before);
    });

    it('the same person twice in one visit is 409, naming both entries', async () => {
      const before = await counts();
      const id = residentId();
      const res = await post(
        await as('point_worker'),
        '/visits',
        visit(village, {
          kind: 'discovery',
          newRecipients: [person(village, { residentId: id }), person(village, { residentId: id })],
        }),
      );
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        code: 'CASES.RECIPIENT_DUPLICATE_ID',
        path: 'newRecipients[1]',
        sameAs: 'newRecipients[0]',
      });
      expect(await counts()).toEqual(before);
    });

    it('a schema error names the entry and field', async () => {
      const before = await counts();
      const res = await post(
        await as('point_worker'),
        '/visits',
        visit(village, {
          kind: 'discovery',
          newRecipients: [person(village), person(village, { legalBasis: 'whim' })],
        }),
      );
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('COMMON.VALIDATION_FAILED');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(
        'body.newRecipients.1.legalBasis',
      );
      expect(await counts()).toEqual(before);
    });
  });

  it('two visits registering the same person at once: one registers, the other is 409', async () => {
    const village = villageCode(TOWN_A);
    const newcomer = person(village);
    const worker = await as('point_worker');
    // villageCode() picks one of 299 villages, so other tests in this file may have visited it too.
    const visitsIn = async () =>
      (await t.db.query(`SELECT count(*)::int AS n FROM visit WHERE village_code = $1`, [village])).rows[0].n;
    const before = await visitsIn();
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        post(worker, '/visits', visit(village, { kind: 'discovery', newRecipients: [newcomer] })),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) {
      expect(r.body).toMatchObject({ code: 'CASES.RECIPIENT_DUPLICATE_ID', path: 'newRecipients[0]' });
    }
    const winner = results.find((r) => r.status === 201);
    expect(await visitsIn()).toBe(before + 1);
    expect(winner?.body.registeredRecipientIds).toHaveLength(1);
  });

  it('a retried discovery visit with the same Idempotency-Key registers nobody twice', async () => {
    const village = villageCode(TOWN_A);
    const worker = await as('point_worker');
    const body = visit(village, {
      kind: 'discovery',
      newRecipients: [person(village)],
      findings: secret('retry'),
    });
    const key = `visit-${uuidv7()}`;
    const send = () => t.request('post', worker, '/visits').set('Idempotency-Key', key).send(body);
    const first = await send();
    expect(first.status).toBe(201);
    const before = await counts();
    const again = await send();
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await counts()).toEqual(before);
  });
});

describe('rejects bad visits with their code and writes nothing', () => {
  const village = villageCode(TOWN_A);
  let recipientId = '';
  beforeAll(async () => {
    recipientId = await registerRecipient(village);
  });
  const routine = (overrides: Record<string, unknown>) => () =>
    visit(village, { recipientIds: [recipientId], ...overrides });
  const cases: Array<[string, () => object, string]> = [
    [
      'a latitude north of China',
      routine({ coordinates: { lat: 60.1, lng: 111.5 } }),
      'body.coordinates.lat',
    ],
    ['a latitude south of China', routine({ coordinates: { lat: 1.2, lng: 111.5 } }), 'body.coordinates.lat'],
    ['a longitude west of China', routine({ coordinates: { lat: 29.1, lng: 50 } }), 'body.coordinates.lng'],
    ['a longitude east of China', routine({ coordinates: { lat: 29.1, lng: 140 } }), 'body.coordinates.lng'],
    ['a missing longitude', routine({ coordinates: { lat: 29.1 } }), 'body.coordinates.lng'],
    ['coordinates as text', routine({ coordinates: { lat: '29.1', lng: '111.5' } }), 'body.coordinates.lat'],
    [
      'a datum field we do not take',
      routine({ coordinates: { lat: 29.1, lng: 111.5, datum: 'wgs84' } }),
      'body.coordinates',
    ],
    ['a routine visit without recipients', () => visit(village, {}), 'body.recipientIds'],
    ['new people on a routine visit', routine({ newRecipients: [person(village)] }), 'body.newRecipients'],
    [
      'fewer needs than need domains',
      routine({ needDomains: ['care', 'health'], needsFound: 1 }),
      'body.needsFound',
    ],
    ['a repeated need domain', routine({ needDomains: ['care', 'care'] }), 'body.needDomains'],
    ['an unknown need domain', routine({ needDomains: ['wealth'] }), 'body.needDomains.0'],
    ['a recipient named twice', routine({ recipientIds: [recipientId, recipientId] }), 'body.recipientIds'],
    ['a recipient id that is not a uuid', routine({ recipientIds: ['nobody'] }), 'body.recipientIds.0'],
    ['empty findings', routine({ findings: '   ' }), 'body.findings'],
    [
      'a visit in the future',
      routine({ visitedAt: new Date(Date.now() + 86_400_000).toISOString() }),
      'body.visitedAt',
    ],
  ];
  it.each(cases)('%s (400)', async (_name, body, path) => {
    const before = await counts();
    const res = await post(await as('point_worker'), '/visits', body());
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('COMMON.VALIDATION_FAILED');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await counts()).toEqual(before);
  });

  it('visited recipients must exist, be readable and live in the visit’s village', async () => {
    const outsider = await registerRecipient(villageCode(TOWN_B));
    const neighbour = await registerRecipient(OTHER_VILLAGE);
    const worker = await as('point_worker');
    const before = await counts();
    const refusals: Array<[string[], number, string, string]> = [
      [[recipientId, outsider], 404, 'COMMON.NOT_FOUND', 'recipientIds[1]'],
      [[uuidv7()], 404, 'COMMON.NOT_FOUND', 'recipientIds[0]'],
      [[neighbour, recipientId], 422, 'CASES.VISIT_VILLAGE_MISMATCH', 'recipientIds[0]'],
    ];
    for (const [ids, status, code, path] of refusals) {
      const res = await post(worker, '/visits', visit(village, { recipientIds: ids }));
      expect([res.status, res.body.code, res.body.path]).toEqual([status, code, path]);
    }
    expect(await counts()).toEqual(before);
  });

  it('only visit writers of the village record (auditor 403, another township 403)', async () => {
    const before = await counts();
    const auditor = await post(
      await as('auditor'),
      '/visits',
      visit(village, { recipientIds: [recipientId] }),
    );
    expect(auditor.status).toBe(403);
    const other = await post(
      await as('point_worker', TOWN_B),
      '/visits',
      visit(village, { recipientIds: [recipientId] }),
    );
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('COMMON.OUT_OF_SCOPE');
    expect(await counts()).toEqual(before);
  });
});

describe('a discovery visit registering someone into a household', () => {
  it('joins the household; a second head refuses the whole visit at that entry', async () => {
    const village = villageCode(TOWN_A);
    const auth = await as('station_worker');
    const household = await post(auth, '/households', { villageCode: village });
    expect(household.status).toBe(201);
    const discovery = (relation: string) =>
      visit(village, {
        kind: 'discovery',
        newRecipients: [person(village, { householdId: household.body.id, relation })],
      });
    const first = await post(auth, '/visits', discovery('head'));
    expect(first.status).toBe(201);
    const headId = first.body.registeredRecipientIds[0];
    expect((await get(auth, `/households/${household.body.id}`)).body.headRecipientId).toBe(headId);

    const before = await counts();
    const second = await post(auth, '/visits', discovery('head'));
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'CASES.HOUSEHOLD_HAS_HEAD', path: 'newRecipients[0]' });
    expect(await counts()).toEqual(before);
  });
});

describe('PIPL: no findings or coordinates in plaintext at rest or in events', () => {
  it('scans every text/json column and every outbox envelope', async () => {
    // Once more with an Idempotency-Key, so the stored response is scanned too.
    const village = villageCode(TOWN_A);
    const recipientId = await registerRecipient(village);
    const where = coordinates();
    sentCoordinates.push(String(where.lat), String(where.lng));
    const res = await t
      .request('post', await as('point_worker'), '/visits')
      .set('Idempotency-Key', `visit-${uuidv7()}`)
      .send(visit(village, { recipientIds: [recipientId], findings: secret('scan'), coordinates: where }));
    expect(res.status).toBe(201);

    expect(secrets.length).toBeGreaterThan(5);
    const { columns, scanned } = await scanSchemaText(t, (v) => {
      if (v.includes('机密')) return 'plaintext findings';
      const found = sentCoordinates.find((c) => v.includes(c));
      return found === undefined ? undefined : `plaintext coordinates ${found}`;
    });
    expect(columns).toEqual(
      expect.arrayContaining([
        'visit.findings_encrypted',
        'visit.coordinates_encrypted',
        'idempotency_record.body',
      ]),
    );
    expect(scanned).toBeGreaterThan(0);

    const envelopes = await envelopeTexts(t);
    expect(envelopes.filter((e) => e.includes('cases.visit.recorded')).length).toBeGreaterThan(5);
    for (const e of envelopes) {
      expect(e).not.toContain('机密');
      expect(e).not.toContain('王五');
      expect(e).not.toContain('赵六');
    }
  });
});
