import { Injectable } from '@nestjs/common';
import { stationOpenedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { Principal } from '@wushe/platform';
import { v7 as uuidv7 } from 'uuid';
import { scopeFor } from '../../access/permissions';
import { IdentityDb } from '../../database/identity-db';
import { StationErrors } from '../station.errors';
import { isoDate, presentStation, StationView } from '../station.presenter';
import { StationRepository } from '../station.repository';
import type { OpenStationInput } from '../station.schemas';

/**
 * Opens the station of a township: one open station per township, so the check and the insert run
 * under the township's lock (two concurrent requests cannot both pass the check).
 */
@Injectable()
export class OpenStation {
  constructor(
    private readonly db: IdentityDb,
    private readonly stations: StationRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(principal: Principal, input: OpenStationInput): Promise<StationView> {
    const scope = scopeFor(principal, 'stations.manage');
    scope.assertCovers(input.townshipCode);
    const station = await this.db.$transaction(async (tx) => {
      await this.stations.lockTownship(tx, input.townshipCode);
      if (!(await this.stations.currentTownship(tx, input.townshipCode))) {
        throw StationErrors.UNKNOWN_TOWNSHIP({ townshipCode: input.townshipCode });
      }
      const existing = await this.stations.openStationOf(tx, scope, input.townshipCode);
      if (existing) {
        throw StationErrors.STATION_EXISTS({ townshipCode: input.townshipCode, stationId: existing.id });
      }
      const row = await this.stations.createStation(tx, scope, {
        id: uuidv7(),
        townshipCode: input.townshipCode,
        name: input.name,
        address: input.address ?? null,
        contactName: input.contactName ?? null,
        contactPhone: input.contactPhone ?? null,
        openedOn: new Date(input.openedOn),
      });
      await this.outbox.publish(
        tx,
        stationOpenedV1,
        {
          stationId: row.id,
          townshipCode: row.townshipCode,
          openedOn: isoDate(row.openedOn),
          version: row.version,
        },
        { subject: row.id, regionCode: row.townshipCode },
      );
      return row;
    });
    return presentStation(station);
  }
}
