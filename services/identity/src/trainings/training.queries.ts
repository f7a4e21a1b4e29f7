import { Inject, Injectable } from '@nestjs/common';
import { chinaDayStart } from '@wushe/cn-standards';
import { TRAINING_KINDS } from '@wushe/contracts';
import { decodeCursor, isoDateTime, Page, PG_POOL, Principal, toPage } from '@wushe/platform';
import type { Pool } from 'pg';
import { z } from 'zod';
import { scopeFor } from '../access/permissions';
import { IdentityDb } from '../database/identity-db';
import type { Prisma, TrainingEnrolment, TrainingSession } from '../generated/prisma';
import { chinaToday, StaffErrors } from '../staff';
import { TrainingSessions } from './training-sessions';
import { presentTraining, TrainingDetailView, TrainingView } from './training.presenter';
import type { ListTrainingsQuery } from './training.schemas';
import { TrainingErrors } from './trainings.errors';

const cursorSchema = z.object({ s: isoDateTime(), id: z.uuid() }).strict();

type Kind = (typeof TRAINING_KINDS)[number];
export interface TrainingHoursView {
  staffId: string;
  year: number;
  /** Hours attended per kind of session held in the year (China time), to two decimals. */
  hours: Record<Kind, number>;
  minutes: Record<Kind, number>;
  sessions: Record<Kind, number>;
  totalHours: number;
}

/** Reads of sessions (confined to where the caller may read trainings) and of staff hours. */
/** Staff see the sessions of their regions and those addressed to a region above them. */
const readScope = (principal: Principal) => scopeFor(principal, 'trainings.read').includingAncestors();

@Injectable()
export class TrainingQueries {
  constructor(
    private readonly db: IdentityDb,
    private readonly sessions: TrainingSessions,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async get(principal: Principal, sessionId: string): Promise<TrainingDetailView> {
    const session = (await this.db.scoped.trainingSession.findFirst(readScope(principal), {
      where: { id: sessionId },
      include: { enrolments: true },
    })) as (TrainingSession & { enrolments: TrainingEnrolment[] }) | null;
    if (!session) throw TrainingErrors.TRAINING_NOT_FOUND({ sessionId });
    const { enrolments, ...row } = session;
    return this.db.$transaction((tx) => this.sessions.detail(tx, row, enrolments));
  }

  /** Keyset-paged by (startsAt, id); from/to are China calendar dates, both included. */
  async list(
    principal: Principal,
    query: ListTrainingsQuery,
  ): Promise<Page<TrainingView & { enrolled: number }>> {
    const after = decodeCursor(query.cursor, cursorSchema);
    const startsAt: Prisma.DateTimeFilter = {
      ...(query.from ? { gte: chinaDayStart(query.from) } : {}),
      ...(query.to ? { lt: chinaDayStart(query.to, 1) } : {}),
    };
    const where: Prisma.TrainingSessionWhereInput = {
      ...(query.region ? { regionCode: { startsWith: query.region } } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.from || query.to ? { startsAt } : {}),
      ...(after
        ? {
            OR: [
              { startsAt: { gt: new Date(after.s) } },
              { startsAt: new Date(after.s), id: { gt: after.id } },
            ],
          }
        : {}),
    };
    const rows = (await this.db.scoped.trainingSession.findMany(readScope(principal), {
      where,
      include: { _count: { select: { enrolments: true } } },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      take: query.limit + 1,
    })) as Array<TrainingSession & { _count: { enrolments: number } }>;
    const page = toPage(rows, query.limit, (s) => ({ s: s.startsAt.toISOString(), id: s.id }));
    return {
      ...page,
      items: page.items.map(({ _count, ...s }) => ({ ...presentTraining(s), enrolled: _count.enrolments })),
    };
  }

  /**
   * Hours a staff member attended, per kind, in sessions held in a calendar year (China time). The
   * staff member must be in the caller's staff.read regions; the sessions may be anywhere.
   */
  async hours(principal: Principal, staffId: string, year?: number): Promise<TrainingHoursView> {
    const staff = await this.db.scoped.staffMember.findFirst(scopeFor(principal, 'staff.read'), {
      where: { id: staffId },
      select: { id: true },
    });
    if (!staff) throw StaffErrors.STAFF_NOT_FOUND({ staffId });
    const y = year ?? Number(chinaToday().slice(0, 4));
    const { rows } = await this.pool.query<{ kind: Kind; sessions: number; minutes: number }>(
      `SELECT s.kind, count(*)::int AS sessions, coalesce(sum(e.minutes), 0)::int AS minutes
       FROM training_enrolment e JOIN training_session s ON s.id = e.session_id
       WHERE e.staff_id = $1 AND e.attended AND s.status = 'held'
         AND s.starts_at >= $2 AND s.starts_at < $3
       GROUP BY s.kind`,
      [staffId, chinaDayStart(`${y}-01-01`), chinaDayStart(`${y + 1}-01-01`)],
    );
    const zero = () => Object.fromEntries(TRAINING_KINDS.map((k) => [k, 0])) as Record<Kind, number>;
    const view: TrainingHoursView = {
      staffId,
      year: y,
      hours: zero(),
      minutes: zero(),
      sessions: zero(),
      totalHours: 0,
    };
    let total = 0;
    for (const row of rows) {
      view.minutes[row.kind] = row.minutes;
      view.sessions[row.kind] = row.sessions;
      view.hours[row.kind] = toHours(row.minutes);
      total += row.minutes;
    }
    view.totalHours = toHours(total);
    return view;
  }
}

const toHours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;
