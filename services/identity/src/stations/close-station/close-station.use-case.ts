import { Injectable } from '@nestjs/common';
import { scopeFor } from '../../access/permissions';
import { pointClosedV1, stationClosedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { Principal } from '@wushe/platform';
import { IdentityDb } from '../../database/identity-db';
import { StationAccess } from '../station-access';
import { StationErrors } from '../station.errors';
import { isoDate, presentStation, StationView, villageCodesOf } from '../station.presenter';
import { StationRepository } from '../station.repository';
import type { CloseInput } from '../station.schemas';

/**
 * Closes a station and, with it, its open points (each announced as closed): a closed station
 * covers no township and its points no villages. The closing date cannot precede the opening of
 * the station or of any point it closes.
 */
@Injectable()
export class CloseStation {
  constructor(
    private readonly db: IdentityDb,
    private readonly stations: StationRepository,
    private readonly access: StationAccess,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(
    principal: Principal,
    id: string,
    input: CloseInput,
  ): Promise<StationView & { closedPointIds: string[] }> {
    const { townshipCode } = await this.access.stationToManage(principal, id);
    return this.db.$transaction(async (tx) => {
      await this.stations.lockTownship(tx, townshipCode);
      const current = await this.stations.lockStation(tx, scopeFor(principal, 'stations.manage'), id);
      if (current.closedOn) throw StationErrors.STATION_CLOSED({ stationId: id });
      if (input.version !== undefined && input.version !== current.version) {
        throw StationErrors.VERSION_CONFLICT({
          currentVersion: current.version,
          givenVersion: input.version,
        });
      }
      const points = await this.stations.openPointsOf(tx, id);
      const latestOpening = [current.openedOn, ...points.map((p) => p.openedOn)]
        .map(isoDate)
        .reduce((a, b) => (a > b ? a : b));
      if (input.closedOn < latestOpening) {
        throw StationErrors.CLOSED_BEFORE_OPENED({ closedOn: input.closedOn, openedOn: latestOpening });
      }
      const closedOn = new Date(input.closedOn);
      for (const point of points) {
        const closed = await this.stations.updatePoint(tx, point.id, { closedOn, version: { increment: 1 } });
        await this.outbox.publish(
          tx,
          pointClosedV1,
          {
            pointId: closed.id,
            stationId: id,
            townshipCode,
            villageCodes: villageCodesOf(closed),
            openedOn: isoDate(closed.openedOn),
            closedOn: input.closedOn,
            version: closed.version,
          },
          { subject: closed.id, regionCode: townshipCode },
        );
      }
      const row = await this.stations.updateStation(tx, scopeFor(principal, 'stations.manage'), id, {
        closedOn,
        version: { increment: 1 },
      });
      const closedPointIds = points.map((p) => p.id);
      await this.outbox.publish(
        tx,
        stationClosedV1,
        {
          stationId: id,
          townshipCode,
          openedOn: isoDate(row.openedOn),
          closedOn: input.closedOn,
          version: row.version,
          closedPointIds,
        },
        { subject: id, regionCode: townshipCode },
      );
      await this.stations.recordClosure(tx, {
        actorId: principal.subject,
        targetType: 'station',
        targetId: id,
        details: { closedOn: input.closedOn, reason: input.reason, closedPointIds },
      });
      return { ...presentStation(row), closedPointIds };
    });
  }
}
