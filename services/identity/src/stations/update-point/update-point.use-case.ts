import { Injectable } from '@nestjs/common';
import { scopeFor } from '../../access/permissions';
import { pointUpdatedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { Principal } from '@wushe/platform';
import { IdentityDb } from '../../database/identity-db';
import { StationAccess } from '../station-access';
import { StationErrors } from '../station.errors';
import { isoDate, presentPoint, PointView, villageCodesOf } from '../station.presenter';
import { StationRepository } from '../station.repository';
import type { UpdatePointInput } from '../station.schemas';
import { assertVillagesAssignable } from '../village-rules';

type Changed = 'name' | 'address' | 'villageCodes';

/**
 * Renames a point, moves its address or changes the villages it covers (same rules as opening:
 * current villages of the township, none covered by another open point). Optimistic concurrency
 * on `version`; a request that changes nothing keeps the version and publishes nothing.
 */
@Injectable()
export class UpdatePoint {
  constructor(
    private readonly db: IdentityDb,
    private readonly stations: StationRepository,
    private readonly access: StationAccess,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(principal: Principal, pointId: string, input: UpdatePointInput): Promise<PointView> {
    const { townshipCode } = await this.access.stationOfPointToManage(principal, pointId);
    const point = await this.db.$transaction(async (tx) => {
      await this.stations.lockTownship(tx, townshipCode);
      // Under the township lock nobody else changes this township's points: this read is current.
      const current = await this.stations.findPoint(tx, pointId);
      const station = await this.stations.lockStation(
        tx,
        scopeFor(principal, 'stations.manage'),
        current.stationId,
      );
      if (current.closedOn) throw StationErrors.POINT_CLOSED({ pointId });
      if (current.version !== input.version) {
        throw StationErrors.VERSION_CONFLICT({
          currentVersion: current.version,
          givenVersion: input.version,
        });
      }
      const changed: Changed[] = [];
      if (input.name !== undefined && input.name !== current.name) changed.push('name');
      if (input.address !== undefined && input.address !== current.address) changed.push('address');
      const villageCodes = input.villageCodes ? [...input.villageCodes].sort() : undefined;
      const villagesChanged =
        villageCodes !== undefined && villageCodes.join() !== villageCodesOf(current).join();
      if (villagesChanged) {
        await assertVillagesAssignable(this.stations, tx, station.townshipCode, villageCodes, pointId);
        changed.push('villageCodes');
      }
      if (changed.length === 0) return current;
      const row = await this.stations.updatePoint(
        tx,
        pointId,
        {
          ...(changed.includes('name') ? { name: input.name } : {}),
          ...(changed.includes('address') ? { address: input.address } : {}),
          version: { increment: 1 },
        },
        villagesChanged ? villageCodes : undefined,
      );
      await this.outbox.publish(
        tx,
        pointUpdatedV1,
        {
          pointId,
          stationId: row.stationId,
          townshipCode,
          villageCodes: villageCodesOf(row),
          openedOn: isoDate(row.openedOn),
          version: row.version,
          changed,
        },
        { subject: pointId, regionCode: townshipCode },
      );
      return row;
    });
    const names = await this.stations.regionNames(villageCodesOf(point));
    return presentPoint(point, townshipCode, names);
  }
}
