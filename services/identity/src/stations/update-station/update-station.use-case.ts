import { Injectable } from '@nestjs/common';
import { scopeFor } from '../../access/permissions';
import { stationUpdatedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { Principal } from '@wushe/platform';
import { IdentityDb } from '../../database/identity-db';
import type { Station } from '../../generated/prisma';
import { StationAccess } from '../station-access';
import { StationErrors } from '../station.errors';
import { isoDate, presentStation, StationView } from '../station.presenter';
import { StationRepository } from '../station.repository';
import type { UpdateStationInput } from '../station.schemas';

const FIELDS = ['name', 'address', 'contactName', 'contactPhone'] as const;
type Field = (typeof FIELDS)[number];

/**
 * Renames a station or changes its address or contact. The client sends the version it read; a
 * stale one is refused (VERSION_CONFLICT) instead of silently overwriting someone else's change.
 * A request that changes nothing leaves the version and publishes nothing.
 */
@Injectable()
export class UpdateStation {
  constructor(
    private readonly db: IdentityDb,
    private readonly stations: StationRepository,
    private readonly access: StationAccess,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(principal: Principal, id: string, input: UpdateStationInput): Promise<StationView> {
    const { townshipCode } = await this.access.stationToManage(principal, id);
    const station = await this.db.$transaction(async (tx) => {
      await this.stations.lockTownship(tx, townshipCode);
      const current = await this.stations.lockStation(tx, scopeFor(principal, 'stations.manage'), id);
      if (current.closedOn) throw StationErrors.STATION_CLOSED({ stationId: id });
      if (current.version !== input.version) {
        throw StationErrors.VERSION_CONFLICT({
          currentVersion: current.version,
          givenVersion: input.version,
        });
      }
      const changed = FIELDS.filter((f) => input[f] !== undefined && input[f] !== current[f]);
      if (changed.length === 0) return current;
      const data: Partial<Pick<Station, Field>> = {};
      for (const f of changed) Object.assign(data, { [f]: input[f] });
      const row = await this.stations.updateStation(tx, scopeFor(principal, 'stations.manage'), id, {
        ...data,
        version: { increment: 1 },
      });
      await this.outbox.publish(
        tx,
        stationUpdatedV1,
        {
          stationId: row.id,
          townshipCode: row.townshipCode,
          openedOn: isoDate(row.openedOn),
          version: row.version,
          changed,
        },
        { subject: row.id, regionCode: row.townshipCode },
      );
      return row;
    });
    return presentStation(station);
  }
}
