import { Injectable } from '@nestjs/common';
import { scopeFor } from '../../access/permissions';
import { pointOpenedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { Principal } from '@wushe/platform';
import { v7 as uuidv7 } from 'uuid';
import { IdentityDb } from '../../database/identity-db';
import { StationAccess } from '../station-access';
import { StationErrors } from '../station.errors';
import { isoDate, presentPoint, PointView, villageCodesOf } from '../station.presenter';
import { StationRepository } from '../station.repository';
import type { OpenPointInput } from '../station.schemas';
import { assertVillagesAssignable } from '../village-rules';

/** Opens a point under an open station, covering villages of its township no open point covers. */
@Injectable()
export class OpenPoint {
  constructor(
    private readonly db: IdentityDb,
    private readonly stations: StationRepository,
    private readonly access: StationAccess,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(principal: Principal, stationId: string, input: OpenPointInput): Promise<PointView> {
    const { townshipCode } = await this.access.stationToManage(principal, stationId);
    const point = await this.db.$transaction(async (tx) => {
      await this.stations.lockTownship(tx, townshipCode);
      const station = await this.stations.lockStation(tx, scopeFor(principal, 'stations.manage'), stationId);
      if (station.closedOn) throw StationErrors.STATION_CLOSED({ stationId });
      if (input.openedOn < isoDate(station.openedOn)) {
        throw StationErrors.OPENED_BEFORE_STATION({
          openedOn: input.openedOn,
          stationOpenedOn: isoDate(station.openedOn),
        });
      }
      const villageCodes = [...input.villageCodes].sort();
      await assertVillagesAssignable(this.stations, tx, townshipCode, villageCodes);
      const row = await this.stations.createPoint(
        tx,
        {
          id: uuidv7(),
          stationId,
          name: input.name,
          address: input.address ?? null,
          openedOn: new Date(input.openedOn),
        },
        villageCodes,
      );
      await this.outbox.publish(
        tx,
        pointOpenedV1,
        {
          pointId: row.id,
          stationId,
          townshipCode,
          villageCodes: villageCodesOf(row),
          openedOn: isoDate(row.openedOn),
          version: row.version,
        },
        { subject: row.id, regionCode: townshipCode },
      );
      return row;
    });
    const names = await this.stations.regionNames(villageCodesOf(point));
    return presentPoint(point, townshipCode, names);
  }
}
