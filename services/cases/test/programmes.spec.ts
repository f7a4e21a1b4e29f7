import { v7 as uuidv7 } from 'uuid';
import { useCasesApp } from './support/cases-spec';

// Programmes with monitoring (小鸡快跑) against real PostgreSQL: programmes, household enrolment,
// monthly check-ins with measured outcomes (money in integer fen), totals in grouped SQL, scope.

const COUNTY = '430703';
const TOWN_A = '430703100';
const TOWN_B = '430703101';
const OTHER_COUNTY_TOWN = '430702100';

const t = useCasesApp({ region: TOWN_A });
const { as, post, get, events } = t;
let seq = 0;

/** The current month in the China calendar, shifted by `months`. */
function chinaMonth(months = 0): string {
  const now = new Date(Date.now() + 8 * 3600_000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, 1));
  return d.toISOString().slice(0, 7);
}

async function household(village: string): Promise<string> {
  const id = uuidv7();
  await t.db.query('INSERT INTO household (id, village_code) VALUES ($1, $2)', [id, village]);
  return id;
}

async function counts() {
  const q = async (table: string) =>
    Number((await t.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
  return {
    programme: await q('programme'),
    enrolment: await q('programme_enrolment'),
    checkIn: await q('programme_check_in'),
    outbox: await q('outbox_event'),
  };
}

const MEASURES = [
  { key: 'income', label: '养殖收入', unit: 'fen', aggregate: 'sum' },
  { key: 'chickens', label: '存栏数', unit: 'head', aggregate: 'latest' },
];

function programmeBody(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    code: `xiao-ji-kuai-pao-${seq}`,
    name: '小鸡快跑',
    regionCode: COUNTY,
    startsOn: '2026-03-01',
    measures: MEASURES,
    ...overrides,
  };
}

async function createProgramme(overrides: Record<string, unknown> = {}, auth?: string) {
  const res = await post(auth ?? (await as('county_admin', COUNTY)), '/programmes', programmeBody(overrides));
  expect(res.status).toBe(201);
  return res.body as { id: string; code: string; regionCode: string };
}

async function enrol(programmeId: string, householdId: string, town = TOWN_A, enrolledOn = '2026-05-20') {
  const res = await post(await as('point_worker', town), `/programmes/${programmeId}/enrolments`, {
    householdId,
    enrolledOn,
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; villageCode: string; status: string };
}

describe('programmes', () => {
  it('creates a programme, publishes an event without names, reads it in scope and from below', async () => {
    const before = await counts();
    const created = await post(await as('county_admin', COUNTY), '/programmes', programmeBody());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      regionCode: COUNTY,
      startsOn: '2026-03-01',
      endsOn: null,
      measures: MEASURES,
    });
    expect((await counts()).programme).toBe(before.programme + 1);
    const sent = await events(created.body.id);
    expect(sent.map((e) => e.type)).toEqual(['wushe.cases.programme.created.v1']);
    expect(sent[0].data).toEqual({
      programmeId: created.body.id,
      code: created.body.code,
      regionCode: COUNTY,
      startsOn: '2026-03-01',
      endsOn: null,
      measures: [
        { key: 'income', unit: 'fen', aggregate: 'sum' },
        { key: 'chickens', unit: 'head', aggregate: 'latest' },
      ],
    });
    expect(JSON.stringify(sent)).not.toContain('小鸡快跑');

    // A station worker creates one in their own township.
    const own = await post(
      await as('station_worker', TOWN_A),
      '/programmes',
      programmeBody({ regionCode: TOWN_A }),
    );
    expect(own.status).toBe(201);

    // A township worker reads the county programme (an ancestor region of theirs) and their own.
    const worker = await as('point_worker', TOWN_A);
    expect((await get(worker, `/programmes/${created.body.id}`)).status).toBe(200);
    const listed = await get(worker, `/programmes?region=${TOWN_A}`);
    expect(listed.status).toBe(200);
    const ids = listed.body.items.map((p: { id: string }) => p.id);
    expect(ids).toEqual(expect.arrayContaining([created.body.id, own.body.id]));

    // A township-B worker sees the county one, not township A's; another county sees neither.
    const b = await as('auditor', TOWN_B);
    const bIds = (await get(b, '/programmes')).body.items.map((p: { id: string }) => p.id);
    expect(bIds).toContain(created.body.id);
    expect(bIds).not.toContain(own.body.id);
    expect((await get(b, `/programmes/${own.body.id}`)).status).toBe(404);
    const other = await as('station_worker', OTHER_COUNTY_TOWN);
    expect((await get(other, `/programmes/${created.body.id}`)).status).toBe(404);
    const otherIds = (await get(other, '/programmes')).body.items.map((p: { id: string }) => p.id);
    expect(otherIds).not.toContain(created.body.id);
  });

  it('rejects bad programmes with codes and writes nothing', async () => {
    const admin = await as('county_admin', COUNTY);
    const taken = await createProgramme();
    const before = await counts();

    const dup = await post(admin, '/programmes', programmeBody({ code: taken.code }));
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('CASES.PROGRAMME_CODE_TAKEN');

    const invalid: Array<Record<string, unknown>> = [
      { code: 'Not Kebab' },
      { regionCode: '4307031' },
      { measures: [] },
      { measures: Array.from({ length: 11 }, (_, i) => ({ ...MEASURES[0], key: `m-${i}` })) },
      { measures: [{ ...MEASURES[0], unit: 'yuan' }] },
      { measures: [{ ...MEASURES[0], aggregate: 'avg' }] },
      { measures: [MEASURES[0], MEASURES[0]] },
      { measures: [{ ...MEASURES[0], key: 'Income_Fen' }] },
      { endsOn: '2026-01-01' },
    ];
    for (const overrides of invalid) {
      const res = await post(admin, '/programmes', programmeBody(overrides));
      expect({ overrides, status: res.status, code: res.body.code }).toEqual({
        overrides,
        status: 400,
        code: 'COMMON.VALIDATION_FAILED',
      });
    }

    // Outside the creator's scope, or a role that may not create.
    const outside = await post(await as('station_worker', TOWN_A), '/programmes', programmeBody());
    expect(outside.status).toBe(403);
    expect(outside.body.code).toBe('COMMON.OUT_OF_SCOPE');
    const pointWorker = await post(
      await as('point_worker', TOWN_A),
      '/programmes',
      programmeBody({ regionCode: TOWN_A }),
    );
    expect(pointWorker.status).toBe(403);

    expect(await counts()).toEqual(before);
  });
});

describe('enrolments and check-ins', () => {
  it('enrols a household in scope, records monthly check-ins, lets it leave', async () => {
    const programme = await createProgramme();
    const householdId = await household(`${TOWN_A}001`);
    const enrolment = await enrol(programme.id, householdId);
    expect(enrolment).toMatchObject({
      programmeId: programme.id,
      householdId,
      villageCode: `${TOWN_A}001`,
      enrolledOn: '2026-05-20',
      status: 'active',
    });

    const worker = await as('point_worker', TOWN_A);
    const checkIn = await post(worker, `/enrolments/${enrolment.id}/check-ins`, {
      month: '2026-06',
      values: { income: 123_456, chickens: 50 },
    });
    expect(checkIn.status).toBe(201);
    expect(checkIn.body).toMatchObject({ month: '2026-06', values: { income: 123_456, chickens: 50 } });
    // Only some measures this month.
    const partial = await post(worker, `/enrolments/${enrolment.id}/check-ins`, {
      month: '2026-07',
      values: { income: 0 },
    });
    expect(partial.status).toBe(201);

    const sent = await events(programme.id);
    expect(sent.map((e) => e.type)).toEqual([
      'wushe.cases.programme.created.v1',
      'wushe.cases.programme.enrolled.v1',
      'wushe.cases.programme.checked-in.v1',
      'wushe.cases.programme.checked-in.v1',
    ]);
    expect(sent[1].data).toEqual({
      programmeId: programme.id,
      enrolmentId: enrolment.id,
      householdId,
      villageCode: `${TOWN_A}001`,
      enrolledOn: '2026-05-20',
    });
    expect(sent[2].data).toEqual({
      programmeId: programme.id,
      enrolmentId: enrolment.id,
      householdId,
      villageCode: `${TOWN_A}001`,
      month: '2026-06',
      values: { income: 123_456, chickens: 50 },
    });
    expect(sent[2].regioncode).toBe(`${TOWN_A}001`);

    const left = await post(
      await as('station_worker', TOWN_A),
      `/programmes/${programme.id}/enrolments/${enrolment.id}/leave`,
      { leftOn: '2026-08-15' },
    );
    expect(left.status).toBe(200);
    expect(left.body).toMatchObject({ status: 'left', leftOn: '2026-08-15' });
    const again = await post(worker, `/programmes/${programme.id}/enrolments/${enrolment.id}/leave`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CASES.ENROLMENT_NOT_ACTIVE');

    // The month it left may still be recorded; a later one may not.
    expect(
      (
        await post(worker, `/enrolments/${enrolment.id}/check-ins`, {
          month: '2026-08',
          values: { income: 1 },
        })
      ).status,
    ).toBe(201);
    const after = await post(worker, `/enrolments/${enrolment.id}/check-ins`, {
      month: '2026-09',
      values: { income: 1 },
    });
    expect(after.status).toBe(422);
    expect(after.body.code).toBe('CASES.MONTH_OUT_OF_RANGE');
  });

  it('rejects bad enrolments with codes and writes nothing', async () => {
    const programme = await createProgramme({ endsOn: '2027-02-28' });
    const townB = await createProgramme({ regionCode: TOWN_B });
    const householdId = await household(`${TOWN_A}002`);
    await enrol(programme.id, householdId);
    const before = await counts();
    const path = `/programmes/${programme.id}/enrolments`;

    const dup = await post(await as('supervisor', TOWN_A), path, { householdId, enrolledOn: '2026-06-01' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('CASES.ALREADY_ENROLLED');

    // The household's village is outside the programme's region.
    const outside = await post(await as('supervisor', COUNTY), `/programmes/${townB.id}/enrolments`, {
      householdId,
      enrolledOn: '2026-06-01',
    });
    expect(outside.status).toBe(422);
    expect(outside.body.code).toBe('CASES.HOUSEHOLD_OUTSIDE_PROGRAMME');

    const fresh = await household(`${TOWN_A}003`);
    const early = await post(await as('point_worker'), path, {
      householdId: fresh,
      enrolledOn: '2026-02-01',
    });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('CASES.ENROLMENT_DATE_OUT_OF_RANGE');

    // Another township's worker does not see the household; a county admin reads but may not enrol.
    const otherTown = await post(await as('point_worker', TOWN_B), path, {
      householdId: fresh,
      enrolledOn: '2026-06-01',
    });
    expect(otherTown.status).toBe(404);
    const county = await post(await as('county_admin', COUNTY), path, {
      householdId: fresh,
      enrolledOn: '2026-06-01',
    });
    expect(county.status).toBe(403);
    // Unknown household, unknown programme, bad body.
    const unknown = await post(await as('point_worker'), path, {
      householdId: uuidv7(),
      enrolledOn: '2026-06-01',
    });
    expect(unknown.status).toBe(404);
    const noProgramme = await post(await as('point_worker'), `/programmes/${uuidv7()}/enrolments`, {
      householdId: fresh,
      enrolledOn: '2026-06-01',
    });
    expect(noProgramme.status).toBe(404);
    const badBody = await post(await as('point_worker'), path, {
      householdId: fresh,
      enrolledOn: '2026-6-1',
    });
    expect(badBody.status).toBe(400);

    expect(await counts()).toEqual(before);
  });

  it('rejects bad check-ins with codes and writes nothing', async () => {
    const programme = await createProgramme();
    const householdId = await household(`${TOWN_A}004`);
    const enrolment = await enrol(programme.id, householdId);
    const worker = await as('point_worker', TOWN_A);
    const path = `/enrolments/${enrolment.id}/check-ins`;
    expect((await post(worker, path, { month: '2026-06', values: { income: 100 } })).status).toBe(201);
    const before = await counts();

    const dup = await post(worker, path, { month: '2026-06', values: { income: 200 } });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('CASES.CHECK_IN_EXISTS');

    for (const month of [chinaMonth(1), '2026-04', '2026-02']) {
      const res = await post(worker, path, { month, values: { income: 1 } });
      expect({ month, status: res.status, code: res.body.code }).toEqual({
        month,
        status: 422,
        code: 'CASES.MONTH_OUT_OF_RANGE',
      });
    }

    const unknown = await post(worker, path, { month: '2026-07', values: { income: 1, eggs: 3 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('CASES.UNKNOWN_MEASURE');

    const invalid: object[] = [
      { month: '2026-13', values: { income: 1 } },
      { month: '2026-07', values: { income: -1 } },
      { month: '2026-07', values: { income: 12.5 } },
      { month: '2026-07', values: { income: '100' } },
      { month: '2026-07', values: {} },
      { month: '2026-07' },
    ];
    for (const body of invalid) {
      const res = await post(worker, path, body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({
        body,
        status: 400,
        code: 'COMMON.VALIDATION_FAILED',
      });
    }

    // Another township's worker: not found; an auditor in scope: may read, not write.
    expect(
      (await post(await as('point_worker', TOWN_B), path, { month: '2026-07', values: { income: 1 } }))
        .status,
    ).toBe(404);
    expect(
      (await post(await as('auditor', TOWN_A), path, { month: '2026-07', values: { income: 1 } })).status,
    ).toBe(403);

    expect(await counts()).toEqual(before);
  });
});

describe('totals', () => {
  // 小鸡快跑: four households, three months, 130,000 yuan of income (13,000,000 fen) in all.
  // income: [household, village, { month: fen }]; chickens (latest): the last count each household reported.
  const plan: Array<[string, Record<string, { income?: number; chickens?: number }>]> = [
    [
      `${TOWN_A}011`,
      {
        '2026-06': { income: 800_000, chickens: 50 },
        '2026-07': { income: 1_200_000, chickens: 45 },
        '2026-08': { income: 1_500_000, chickens: 40 },
      },
    ],
    [
      `${TOWN_A}012`,
      {
        '2026-06': { income: 1_000_000, chickens: 60 },
        '2026-07': { income: 1_500_000 },
        '2026-08': { income: 2_000_000, chickens: 55 },
      },
    ],
    [`${TOWN_A}011`, { '2026-07': { income: 1_000_000, chickens: 30 }, '2026-08': { income: 1_000_000 } }],
    [
      `${TOWN_B}001`,
      {
        '2026-06': { income: 1_000_000, chickens: 20 },
        '2026-07': { income: 1_000_000, chickens: 18 },
        '2026-08': { income: 1_000_000, chickens: 15 },
      },
    ],
  ];
  let programmeId: string;
  let leaverEnrolment: string;

  beforeAll(async () => {
    programmeId = (await createProgramme()).id;
    for (const [village, months] of plan) {
      const town = village.slice(0, 9);
      const enrolment = await enrol(programmeId, await household(village), town);
      leaverEnrolment ??= enrolment.id;
      const worker = await as('point_worker', town);
      for (const [month, values] of Object.entries(months)) {
        const res = await post(worker, `/enrolments/${enrolment.id}/check-ins`, { month, values });
        expect(res.status).toBe(201);
      }
    }
    // One household outside the programme's data: another programme's check-in must not count.
    const otherProgramme = await createProgramme();
    const stray = await enrol(otherProgramme.id, await household(`${TOWN_A}011`));
    const res = await post(await as('point_worker'), `/enrolments/${stray.id}/check-ins`, {
      month: '2026-07',
      values: { income: 99_999_999 },
    });
    expect(res.status).toBe(201);
  });

  it('adds up to 130,000 yuan for the county, by township', async () => {
    const res = await get(
      await as('county_admin', COUNTY),
      `/programmes/${programmeId}/totals?region=${COUNTY}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.totals).toEqual({
      householdsEnrolled: 4,
      householdsActive: 4,
      checkIns: 11,
      values: { income: 13_000_000, chickens: 40 + 55 + 30 + 15 },
    });
    expect(res.body.totals.values.income / 100).toBe(130_000);
    expect(res.body.breakdown).toEqual([
      {
        code: TOWN_A,
        householdsEnrolled: 3,
        householdsActive: 3,
        checkIns: 8,
        values: { income: 10_000_000, chickens: 125 },
      },
      {
        code: TOWN_B,
        householdsEnrolled: 1,
        householdsActive: 1,
        checkIns: 3,
        values: { income: 3_000_000, chickens: 15 },
      },
    ]);
  });

  it('breaks a township down by village and limits months', async () => {
    const auth = await as('station_worker', TOWN_A);
    const byVillage = await get(auth, `/programmes/${programmeId}/totals?region=${TOWN_A}`);
    expect(byVillage.status).toBe(200);
    expect(byVillage.body.breakdown).toEqual([
      {
        code: `${TOWN_A}011`,
        householdsEnrolled: 2,
        householdsActive: 2,
        checkIns: 5,
        values: { income: 5_500_000, chickens: 70 },
      },
      {
        code: `${TOWN_A}012`,
        householdsEnrolled: 1,
        householdsActive: 1,
        checkIns: 3,
        values: { income: 4_500_000, chickens: 55 },
      },
    ]);

    const county = await as('county_admin', COUNTY);
    const upToJuly = await get(county, `/programmes/${programmeId}/totals?from=2026-06&to=2026-07`);
    expect(upToJuly.status).toBe(200);
    expect(upToJuly.body.region).toBe(COUNTY);
    expect(upToJuly.body.totals).toMatchObject({
      checkIns: 7,
      values: { income: 7_500_000, chickens: 45 + 60 + 30 + 18 },
    });
    const august = await get(county, `/programmes/${programmeId}/totals?from=2026-08&to=2026-08`);
    expect(august.body.totals.values).toEqual({
      income: 1_500_000 + 2_000_000 + 1_000_000 + 1_000_000,
      chickens: 40 + 55 + 15,
    });

    const bad = await get(county, `/programmes/${programmeId}/totals?from=2026-08&to=2026-06`);
    expect(bad.status).toBe(400);
  });

  it('confines totals to the caller’s scope: another township sees only its own', async () => {
    const b = await get(
      await as('station_worker', TOWN_B),
      `/programmes/${programmeId}/totals?region=${COUNTY}`,
    );
    expect(b.status).toBe(200);
    expect(b.body.totals).toEqual({
      householdsEnrolled: 1,
      householdsActive: 1,
      checkIns: 3,
      values: { income: 3_000_000, chickens: 15 },
    });
    expect(b.body.breakdown.map((r: { code: string }) => r.code)).toEqual([TOWN_B]);
    const bAsksA = await get(
      await as('auditor', TOWN_B),
      `/programmes/${programmeId}/totals?region=${TOWN_A}`,
    );
    expect(bAsksA.body.totals).toEqual({
      householdsEnrolled: 0,
      householdsActive: 0,
      checkIns: 0,
      values: { income: 0, chickens: 0 },
    });
    expect(bAsksA.body.breakdown).toEqual([]);

    const other = await get(await as('county_admin', '430702'), `/programmes/${programmeId}/totals`);
    expect(other.status).toBe(404);
  });

  it('counts a household that left as enrolled, not active', async () => {
    const left = await post(
      await as('point_worker', TOWN_A),
      `/programmes/${programmeId}/enrolments/${leaverEnrolment}/leave`,
      { leftOn: '2026-09-01' },
    );
    expect(left.status).toBe(200);
    const res = await get(await as('county_admin', COUNTY), `/programmes/${programmeId}/totals`);
    expect(res.body.totals).toMatchObject({ householdsEnrolled: 4, householdsActive: 3, checkIns: 11 });
    expect(res.body.totals.values.income).toBe(13_000_000);
  });
});
