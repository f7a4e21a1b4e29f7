import { Injectable } from '@nestjs/common';
import { Principal } from '@wushe/platform';
import { loadForAction } from '../access/permissions';
import type { Station } from '../generated/prisma';
import { StationRepository } from './station.repository';

const TO_MANAGE = { read: 'stations.read', act: 'stations.manage' } as const;

/**
 * Finds the station a write is about, under the platform's one policy (loadForAction): a station
 * the caller cannot even read is reported as missing (its existence is not disclosed); one they may
 * read but not manage is FORBIDDEN.
 */
@Injectable()
export class StationAccess {
  constructor(private readonly stations: StationRepository) {}

  stationToManage(principal: Principal, id: string): Promise<Station> {
    return loadForAction(principal, TO_MANAGE, { resource: 'station', id }, (scope) =>
      this.stations.findStation(scope, id),
    );
  }

  /** The station holding the point, under the same rules. */
  stationOfPointToManage(principal: Principal, pointId: string): Promise<Station> {
    return loadForAction(principal, TO_MANAGE, { resource: 'point', id: pointId }, (scope) =>
      this.stations.findStationOfPoint(scope, pointId),
    );
  }
}
