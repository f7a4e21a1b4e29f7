import { staffLeftV1, staffRegisteredV1, stationClosedV1, stationOpenedV1 } from '@wushe/contracts';
import { residentId, villageCode } from '@wushe/testing';
import { v7 as uuidv7 } from 'uuid';
import { useCasesApp } from './support/cases-spec';
import { useIdentityEvents } from './support/identity-events';

// Assigning the responsible social worker: checked against cases' own copy of identity's staff
// and stations, built here the way production builds it — from identity's events over JetStream.

const TOWN_A = '430703100';
const TOWN_B = '430703101';
const TOWN_CLOSED = '430703102';

const t = useCasesApp();
const publish = useIdentityEvents(t, TOWN_A);
const as = (role: string, region = TOWN_A) => t.as(role, region, `${role}-${region}`);

async function until(sql: string, params: unknown[], done: (rows: Record<string, unknown>[]) => boolean) {
  const end = Date.now() + 20_000;
  for (;;) {
    const { rows } = await t.db.query(sql, params);
    if (done(rows)) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${sql}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A staff member as identity announces them, once cases' copy has it. */
async function staff(regionCode: string, active = true, accountId: string | null = null): Promise<string> {
  const staffId = uuidv7();
  const base = {
    staffId,
    accountId,
    regionCode,
    stationId: null,
    pointId: null,
    postType: regionCode.length === 9 ? 'transactional' : 'service',
    level: null,
    joinedOn: '2025-03-01',
  };
  await publish(staffRegisteredV1, { ...base, version: 1 });
  if (!active) await publish(staffLeftV1, { ...base, version: 2, leftOn: '2026-06-30', vacatedPostId: null });
  await until(
    'SELECT active FROM staff_copy WHERE staff_id = $1',
    [staffId],
    (rows) => rows[0]?.active === active,
  );
  return staffId;
}

async function recipient(town = TOWN_A, village = villageCode(town)) {
  const res = await t.post(await as('station_worker', town), '/recipients', {
    name: '王五',
    residentId: residentId(),
    villageCode: village,
    legalBasis: 'statutory-duty',
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; villageCode: string; version: number };
}

const assign = async (id: string, body: object, auth?: string) =>
  t.post(auth ?? (await as('station_worker')), `/recipients/${id}/assignment`, body);

const assignedEvents = async (id: string) =>
  (
    await t.db.query(
      `SELECT envelope FROM outbox_event WHERE envelope->>'subject' = $1 AND envelope->>'type' LIKE '%assigned%'
       ORDER BY created_at`,
      [id],
    )
  ).rows.map((r) => r.envelope);

it('assigns a station worker of the township, announces it without personal data, and unassigns', async () => {
  const stationWorker = await staff(TOWN_A);
  const r = await recipient();
  const res = await assign(r.id, { staffId: stationWorker, version: r.version });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ assignedWorkerId: stationWorker, version: r.version + 1 });

  const removed = await assign(r.id, { staffId: null, version: r.version + 1 });
  expect(removed.status).toBe(200);
  expect(removed.body.assignedWorkerId).toBeNull();

  const events = await assignedEvents(r.id);
  expect(events.map((e) => e.data)).toEqual([
    {
      recipientId: r.id,
      villageCode: r.villageCode,
      staffId: stationWorker,
      previousStaffId: null,
      version: 2,
    },
    {
      recipientId: r.id,
      villageCode: r.villageCode,
      staffId: null,
      previousStaffId: stationWorker,
      version: 3,
    },
  ]);
});

it('a point worker covers only their own village', async () => {
  const village = villageCode(TOWN_A);
  const pointWorker = await staff(village);
  const own = await recipient(TOWN_A, village);
  expect((await assign(own.id, { staffId: pointWorker, version: own.version })).status).toBe(200);

  let other = await recipient();
  while (other.villageCode === village) other = await recipient();
  const res = await assign(other.id, { staffId: pointWorker, version: other.version });
  expect(res.status).toBe(422);
  expect(res.body.code).toBe('CASES.STAFF_OUT_OF_REGION');
});

it('refuses staff who left, staff of another township, unknown staff and a closed station, writing nothing', async () => {
  const r = await recipient();
  const left = await staff(TOWN_A, false);
  const elsewhere = await staff(TOWN_B);
  const outboxBefore = (await t.db.query('SELECT count(*)::int AS n FROM outbox_event')).rows[0].n;

  const cases: Array<[string, string]> = [
    [left, 'CASES.STAFF_INACTIVE'],
    [elsewhere, 'CASES.STAFF_OUT_OF_REGION'],
    [uuidv7(), 'CASES.STAFF_UNKNOWN'],
  ];
  for (const [staffId, code] of cases) {
    const res = await assign(r.id, { staffId, version: r.version });
    expect({ staffId, status: res.status, code: res.body.code }).toEqual({ staffId, status: 422, code });
  }

  const stationId = uuidv7();
  await publish(stationOpenedV1, {
    stationId,
    townshipCode: TOWN_CLOSED,
    openedOn: '2024-01-01',
    version: 1,
  });
  await publish(stationClosedV1, {
    stationId,
    townshipCode: TOWN_CLOSED,
    openedOn: '2024-01-01',
    closedOn: '2026-01-01',
    version: 2,
    closedPointIds: [],
  });
  await until(
    'SELECT open FROM station_copy WHERE station_id = $1',
    [stationId],
    (rows) => rows[0]?.open === false,
  );
  const inClosed = await recipient(TOWN_CLOSED);
  const worker = await staff(TOWN_CLOSED);
  const closed = await assign(
    inClosed.id,
    { staffId: worker, version: inClosed.version },
    await as('station_worker', TOWN_CLOSED),
  );
  expect(closed.status).toBe(422);
  expect(closed.body.code).toBe('CASES.STATION_CLOSED');

  const after = await t.get(await as('station_worker'), `/recipients/${r.id}`);
  expect(after.body).toMatchObject({ assignedWorkerId: null, version: r.version });
  // Only the closed-station township's registration and staff added outbox rows meanwhile.
  expect(await assignedEvents(r.id)).toEqual([]);
  expect(await assignedEvents(inClosed.id)).toEqual([]);
  expect((await t.db.query('SELECT count(*)::int AS n FROM outbox_event')).rows[0].n).toBe(outboxBefore + 1);
});

it('checks versions, scope and the body', async () => {
  const worker = await staff(TOWN_A);
  const r = await recipient();

  const stale = await assign(r.id, { staffId: worker, version: r.version + 5 });
  expect(stale.status).toBe(409);
  expect(stale.body.code).toBe('CASES.VERSION_CONFLICT');

  const otherTownship = await assign(
    r.id,
    { staffId: worker, version: r.version },
    await as('station_worker', TOWN_B),
  );
  expect(otherTownship.status).toBe(404);
  // A county auditor may read the record but not assign.
  const auditor = await assign(r.id, { staffId: worker, version: r.version }, await as('auditor', '430703'));
  expect(auditor.status).toBe(403);

  for (const body of [
    { staffId: 'nobody', version: 1 },
    { version: 1 },
    { staffId: worker, version: 1, extra: 1 },
  ]) {
    const res = await assign(r.id, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('COMMON.VALIDATION_FAILED');
  }
  expect(await assignedEvents(r.id)).toEqual([]);
});

describe('caseloads: GET /recipients and the export by assigned worker', () => {
  const ids = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((i) => i.id);

  it('lists one worker’s recipients (by staff id or as `me`), or those nobody is assigned to', async () => {
    const account = uuidv7();
    const mine = await staff(TOWN_A, true, account);
    const colleague = await staff(TOWN_A);
    const [first, second, theirs, nobodys] = [
      await recipient(),
      await recipient(),
      await recipient(),
      await recipient(),
    ];
    for (const [r, worker] of [
      [first, mine],
      [second, mine],
      [theirs, colleague],
    ] as const) {
      expect((await assign(r.id, { staffId: worker, version: r.version })).status).toBe(200);
    }

    const station = await as('station_worker');
    // Newest first, as the unfiltered list.
    expect(ids(await t.get(station, `/recipients?assignedWorker=${mine}`))).toEqual([second.id, first.id]);
    const me = await t.as('station_worker', TOWN_A, account);
    expect(ids(await t.get(me, '/recipients?assignedWorker=me'))).toEqual([second.id, first.id]);
    const unassigned = ids(await t.get(station, '/recipients?assignedWorker=none&limit=200'));
    expect(unassigned).toContain(nobodys.id);
    for (const assigned of [first, second, theirs]) expect(unassigned).not.toContain(assigned.id);

    // No staff record behind the caller: an empty caseload. Another township sees none of it.
    expect(
      ids(await t.get(await t.as('station_worker', TOWN_A, uuidv7()), '/recipients?assignedWorker=me')),
    ).toEqual([]);
    expect(
      ids(await t.get(await as('station_worker', TOWN_B), `/recipients?assignedWorker=${mine}`)),
    ).toEqual([]);
    for (const bad of ['bob', '', 'ME']) {
      const res = await t.get(station, `/recipients?assignedWorker=${bad}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'COMMON.VALIDATION_FAILED',
        errors: [{ path: 'query.assignedWorker', message: 'expected a staff id (UUID), me or none' }],
      });
    }

    // The export filters the same way and records the filter in its audit row.
    const file = await t
      .http()
      .get('/api/v1/cases/recipients/export?format=csv&assignedWorker=me')
      .set('Authorization', `Bearer ${me}`);
    expect(file.status).toBe(200);
    const exported = file.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n')
      .slice(1)
      .map((line: string) => line.split(',')[0]);
    expect(exported).toEqual([second.id, first.id]);
    const log = await t.db.query('SELECT filter FROM export_log WHERE id = $1', [file.headers['export-id']]);
    expect(log.rows[0].filter).toEqual({ assignedWorker: 'me' });
  });
});
