import { AuditLog } from '../audit';
import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, RegionScope } from '@wushe/platform';
import type { Pool } from 'pg';
import { IdentityDb, IdentityTx } from '../database/identity-db';
import { Point, Prisma, Station } from '../generated/prisma';

export interface StationPageKey {
  townshipCode: string;
  id: string;
}

export type PointWithVillages = Point & { villages: { villageCode: string }[] };
export type StationWithPoints = Station & { points: PointWithVillages[] };
export type StationWithCount = Station & { _count: { points: number } };

const OPEN_POINTS = {
  where: { closedOn: null },
  include: { villages: { select: { villageCode: true }, orderBy: { villageCode: 'asc' } } },
  orderBy: [{ openedOn: 'asc' }, { id: 'asc' }],
} satisfies Prisma.Station$pointsArgs;

/**
 * Stations belong to their township; points and their villages belong to the station. Every read
 * a caller can reach goes through `db.scoped.station` (a RegionScope is required), points included:
 * a point is found through the station that holds it. Writes happen in a transaction that first
 * takes the township's lock (see lockTownship), after the use case checked the caller's scope.
 */
@Injectable()
export class StationRepository {
  constructor(
    private readonly db: IdentityDb,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly audit: AuditLog,
  ) {}

  // ───────────── reads for a caller (scoped) ─────────────

  findStation(scope: RegionScope, id: string): Promise<Station | null> {
    return this.db.scoped.station.findFirst(scope, { where: { id } });
  }

  findStationWithOpenPoints(scope: RegionScope, id: string): Promise<StationWithPoints | null> {
    return this.db.scoped.station.findFirst(scope, {
      where: { id },
      include: { points: OPEN_POINTS },
    }) as Promise<StationWithPoints | null>;
  }

  /** The station holding a point, if the scope reaches it (so does the point). */
  findStationOfPoint(scope: RegionScope, pointId: string): Promise<Station | null> {
    return this.db.scoped.station.findFirst(scope, { where: { points: { some: { id: pointId } } } });
  }

  /** Keyset-paged on (townshipCode, id), with the number of open points of each. */
  page(
    scope: RegionScope,
    filter: { region?: string; status: 'open' | 'closed' | 'all' },
    after: StationPageKey | undefined,
    take: number,
  ): Promise<StationWithCount[]> {
    const where: Prisma.StationWhereInput = {
      ...(filter.region ? { townshipCode: { startsWith: filter.region } } : {}),
      ...(filter.status === 'open' ? { closedOn: null } : {}),
      ...(filter.status === 'closed' ? { closedOn: { not: null } } : {}),
      ...(after
        ? {
            OR: [
              { townshipCode: { gt: after.townshipCode } },
              { townshipCode: after.townshipCode, id: { gt: after.id } },
            ],
          }
        : {}),
    };
    return this.db.scoped.station.findMany(scope, {
      where,
      include: { _count: { select: { points: { where: { closedOn: null } } } } },
      orderBy: [{ townshipCode: 'asc' }, { id: 'asc' }],
      take,
    }) as Promise<StationWithCount[]>;
  }

  /** Names of regions (current or not) by code; regions are reference data, not region-owned rows. */
  async regionNames(codes: readonly string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const { rows } = await this.pool.query<{ code: string; name: string }>(
      'SELECT code, name FROM region WHERE code = ANY($1::varchar[])',
      [[...new Set(codes)]],
    );
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  // ───────────── inside a write transaction ─────────────

  /**
   * Serialises every write to one township's station and points (opening a station, covering a
   * village) for the rest of the transaction. There is no unique index to lean on (one *open*
   * station per township, one *open* point per village), so the check-then-insert runs under this
   * lock; READ COMMITTED then shows each waiter what the previous holder committed.
   */
  async lockTownship(tx: IdentityTx, townshipCode: string): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`identity.station:${townshipCode}`}))`;
  }

  /** Locks the station row and reads it afresh (the caller already found it in `scope`). */
  async lockStation(tx: IdentityTx, scope: RegionScope, id: string): Promise<Station> {
    await tx.$executeRaw`SELECT 1 FROM station WHERE id = ${id}::uuid FOR UPDATE`;
    return tx.scoped.station.findUniqueOrThrow(scope, { where: { id } });
  }

  currentTownship(tx: IdentityTx, code: string) {
    return tx.region.findFirst({ where: { code, level: 'township', validTo: null } });
  }

  openStationOf(tx: IdentityTx, scope: RegionScope, townshipCode: string): Promise<Station | null> {
    return tx.scoped.station.findFirst(scope, { where: { townshipCode, closedOn: null } });
  }

  /** Which of `codes` are current villages of the township, with their names. */
  currentVillagesOf(tx: IdentityTx, townshipCode: string, codes: readonly string[]) {
    return tx.region.findMany({
      where: {
        code: { in: codes.filter((c) => c.startsWith(townshipCode)) },
        level: 'village',
        validTo: null,
      },
      select: { code: true, name: true },
    });
  }

  /** Open points (other than `exceptPointId`) covering any of `codes`. */
  coveringPoints(tx: IdentityTx, codes: readonly string[], exceptPointId?: string) {
    return tx.pointVillage.findMany({
      where: {
        villageCode: { in: [...codes] },
        point: { closedOn: null, ...(exceptPointId ? { id: { not: exceptPointId } } : {}) },
      },
      select: { villageCode: true, pointId: true },
      orderBy: { villageCode: 'asc' },
    });
  }

  createStation(
    tx: IdentityTx,
    scope: RegionScope,
    data: Prisma.StationUncheckedCreateInput,
  ): Promise<Station> {
    return tx.scoped.station.create(scope, { data });
  }

  updateStation(
    tx: IdentityTx,
    scope: RegionScope,
    id: string,
    data: Prisma.StationUpdateInput,
  ): Promise<Station> {
    return tx.scoped.station.update(scope, { where: { id }, data });
  }

  openPointsOf(tx: IdentityTx, stationId: string): Promise<PointWithVillages[]> {
    return tx.point.findMany({
      where: { stationId, closedOn: null },
      orderBy: [{ openedOn: 'asc' }, { id: 'asc' }],
      ...pointInclude,
    });
  }

  findPoint(tx: IdentityTx, id: string): Promise<PointWithVillages> {
    return tx.point.findUniqueOrThrow({ where: { id }, ...pointInclude });
  }

  async createPoint(
    tx: IdentityTx,
    data: Omit<Prisma.PointUncheckedCreateInput, 'villages'>,
    villageCodes: readonly string[],
  ): Promise<PointWithVillages> {
    return tx.point.create({
      data: {
        ...data,
        villages: { createMany: { data: villageCodes.map((villageCode) => ({ villageCode })) } },
      },
      ...pointInclude,
    });
  }

  async updatePoint(
    tx: IdentityTx,
    id: string,
    data: Prisma.PointUpdateInput,
    villageCodes?: readonly string[],
  ): Promise<PointWithVillages> {
    if (villageCodes) {
      await tx.pointVillage.deleteMany({ where: { pointId: id } });
      await tx.pointVillage.createMany({
        data: villageCodes.map((villageCode) => ({ pointId: id, villageCode })),
      });
    }
    return tx.point.update({ where: { id }, data, ...pointInclude });
  }

  /**
   * Who closed a station or point, when and why. The schema has no column for the reason, and
   * closing is an administrative act worth an audit trail anyway.
   */
  async recordClosure(
    tx: IdentityTx,
    entry: { actorId: string; targetType: 'station' | 'point'; targetId: string; details: object },
  ): Promise<void> {
    await this.audit.record(
      {
        action: `${entry.targetType}.closed`,
        actorId: entry.actorId,
        targetType: entry.targetType,
        targetId: entry.targetId,
        details: entry.details as Record<string, unknown>,
      },
      tx,
    );
  }
}

const pointInclude = {
  include: { villages: { select: { villageCode: true }, orderBy: { villageCode: 'asc' } } },
} satisfies Prisma.PointDefaultArgs;
