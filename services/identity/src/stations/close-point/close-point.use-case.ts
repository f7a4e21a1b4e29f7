import { Injectable } from '@nestjs/common';
import { scopeFor } from '../../access/permissions';
import { pointClosedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { Principal } from '@wushe/platform';
import { IdentityDb } from '../../database/identity-db';
import { StationAccess } from '../station-access';
import { StationErrors } from '../station.errors';
import { isoDate, presentPoint, PointView, villageCodesOf } from '../station.presenter';
import { StationRepository } from '../station.repository';
import type { CloseInput } from '../station.schemas';

/** Closes one point; its villages become uncovered (and free for another point). */
@Injectable()
export class ClosePoint {
  constructor(
    private readonly db: IdentityDb,
    private readonly stations: StationRepository,
    private readonly access: StationAccess,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(principal: Principal, pointId: string, input: CloseInput): Promise<PointView> {
    const { townshipCode } = await this.access.stationOfPointToManage(principal, pointId);
    const point = await this.db.$transaction(async (tx) => {
      await this.stations.lockTownship(tx, townshipCode);
      const current = await this.stations.findPoint(tx, pointId);
      await this.stations.lockStation(tx, scopeFor(principal, 'stations.manage'), current.stationId);
      if (current.closedOn) throw StationErrors.POINT_CLOSED({ pointId });
      if (input.version !== undefined && input.version !== current.version) {
        throw StationErrors.VERSION_CONFLICT({
          currentVersion: current.version,
          givenVersion: input.version,
        });
      }
      if (input.closedOn < isoDate(current.openedOn)) {
        throw StationErrors.CLOSED_BEFORE_OPENED({
          closedOn: input.closedOn,
          openedOn: isoDate(current.openedOn),
        });
      }
      const row = await this.stations.updatePoint(tx, pointId, {
        closedOn: new Date(input.closedOn),
        version: { increment: 1 },
      });
      await this.outbox.publish(
        tx,
        pointClosedV1,
        {
          pointId,
          stationId: row.stationId,
          townshipCode,
          villageCodes: villageCodesOf(row),
          openedOn: isoDate(row.openedOn),
          closedOn: input.closedOn,
          version: row.version,
        },
        { subject: pointId, regionCode: townshipCode },
      );
      await this.stations.recordClosure(tx, {
        actorId: principal.subject,
        targetType: 'point',
        targetId: pointId,
        details: { stationId: row.stationId, closedOn: input.closedOn, reason: input.reason },
      });
      return row;
    });
    const names = await this.stations.regionNames(villageCodesOf(point));
    return presentPoint(point, townshipCode, names);
  }
}
