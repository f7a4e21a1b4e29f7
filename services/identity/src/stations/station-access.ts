import { Injectable } from '@nestjs/common';
import { CommonErrors, Principal } from '@wushe/platform';
import { scopeFor } from '../access/permissions';
import type { Station } from '../generated/prisma';
import { StationRepository } from './station.repository';

/**
 * Finds the station a write is about, confined to where the caller may manage stations. A station
 * the caller cannot even read is reported as missing (its existence is not disclosed); one they may
 * read but not manage is OUT_OF_SCOPE.
 */
@Injectable()
export class StationAccess {
  constructor(private readonly stations: StationRepository) {}

  async stationToManage(principal: Principal, id: string): Promise<Station> {
    const station = await this.stations.findStation(scopeFor(principal, 'stations.manage'), id);
    if (station) return station;
    const visible = await this.stations.findStation(scopeFor(principal, 'stations.read'), id);
    if (visible) throw CommonErrors.OUT_OF_SCOPE({ regionCode: visible.townshipCode });
    throw CommonErrors.NOT_FOUND({ resource: 'station', id });
  }

  /** The station holding the point, under the same rules. */
  async stationOfPointToManage(principal: Principal, pointId: string): Promise<Station> {
    const station = await this.stations.findStationOfPoint(scopeFor(principal, 'stations.manage'), pointId);
    if (station) return station;
    const visible = await this.stations.findStationOfPoint(scopeFor(principal, 'stations.read'), pointId);
    if (visible) throw CommonErrors.OUT_OF_SCOPE({ regionCode: visible.townshipCode });
    throw CommonErrors.NOT_FOUND({ resource: 'point', id: pointId });
  }
}
