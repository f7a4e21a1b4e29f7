import type { IdentitySpec } from './identity-spec';
import { DINGCHENG_REGIONS, seedWorkplaces } from './workplaces';

// The regions, workplaces and helpers the trainings specs share (trainings.spec.ts and its scope
// matrix, trainings-scope.spec.ts).

export const COUNTY = '430703';
export const T1 = '430703100';
export const T2 = '430703101';
export const V1 = '430703100001';
export const ENDED = '430703103';

export const HOUR = 60 * 60 * 1000;
export const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

/** Row counts that any write would change. */
export interface TrainingsSnapshot {
  sessions: number;
  versions: number;
  enrolments: number;
  marked: number;
  audit: number;
  outbox: number;
}

export interface TrainingsSpec {
  /** A province administrator's token, minted in beforeAll. */
  readonly admin: string;
  snapshot(): Promise<TrainingsSnapshot>;
  /** A valid on-site routine session in T1, two days ahead, with `over` applied. */
  sessionBody(over?: Record<string, unknown>): Record<string, unknown>;
  /** Schedules `sessionBody(over)` as the administrator. */
  schedule(over?: Record<string, unknown>): Promise<{ id: string; version: number }>;
  /** A staff member in `regionCode` (T1 unless given), made by the administrator. */
  newStaff(regionCode?: string): Promise<string>;
  /** Moves a session's times (the API refuses starts in the past, attendance needs one). */
  moveTo(id: string, startsAt: string, endsAt: string): Promise<void>;
}

/**
 * Seeds the regions (43 › 4307 › 430703 COUNTY and its sibling 430702; townships T1 and T2 with
 * stations, V1 under T1 with a point, ENDED merged away) in beforeAll and mints the administrator's
 * token. Call it right after `useIdentityApp()`, so its beforeAll runs once the app has started.
 */
export function useTrainings(t: IdentitySpec): TrainingsSpec {
  let admin: string | undefined;
  beforeAll(async () => {
    await seedWorkplaces(t.db, {
      regions: {
        ...DINGCHENG_REGIONS,
        [ENDED]: '撤销镇',
      },
      ended: [ENDED],
      stations: [T1, T2],
      pointVillage: V1,
    });
    admin = await t.as('province_admin', '43');
  });

  const spec: TrainingsSpec = {
    get admin() {
      if (admin === undefined)
        throw new Error('the administrator is minted in beforeAll: use it inside a test');
      return admin;
    },
    snapshot: async () =>
      (
        await t.db.query<TrainingsSnapshot>(`SELECT
        (SELECT count(*) FROM training_session)::int AS sessions,
        (SELECT coalesce(sum(version), 0) FROM training_session)::int AS versions,
        (SELECT count(*) FROM training_enrolment)::int AS enrolments,
        (SELECT count(*) FROM training_enrolment WHERE attended IS NOT NULL)::int AS marked,
        (SELECT count(*) FROM audit_entry)::int AS audit,
        (SELECT count(*) FROM outbox_event)::int AS outbox`)
      ).rows[0],
    sessionBody: (over = {}) => ({
      kind: 'routine',
      mode: 'on-site',
      title: '个案工作实务培训',
      regionCode: T1,
      startsAt: inHours(48),
      endsAt: inHours(51),
      place: '武陵镇社工站二楼会议室',
      trainer: '陈老师',
      ...over,
    }),
    schedule: async (over = {}) => {
      const res = await t.caller(spec.admin).post('/trainings').send(spec.sessionBody(over));
      expect(res.status).toBe(201);
      return res.body as { id: string; version: number };
    },
    newStaff: async (regionCode = T1) => {
      const res = await t
        .caller(spec.admin)
        .post('/staff')
        .send({ displayName: '刘一', regionCode, postType: 'service', joinedOn: '2024-01-01' });
      expect(res.status).toBe(201);
      return res.body.id as string;
    },
    moveTo: async (id, startsAt, endsAt) => {
      await t.db.query('UPDATE training_session SET starts_at = $2, ends_at = $3 WHERE id = $1', [
        id,
        startsAt,
        endsAt,
      ]);
    },
  };
  return spec;
}
