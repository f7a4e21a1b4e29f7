import { Injectable } from '@nestjs/common';
import { CommonErrors, decodeCursor, Page, Principal, toPage } from '@wushe/platform';
import { scopeFor } from '../../access/permissions';
import {
  presentStationDetail,
  presentStationListItem,
  StationDetailView,
  StationListItem,
} from '../station.presenter';
import { StationRepository } from '../station.repository';
import { ListStationsQuery, stationCursorSchema } from '../station.schemas';

/** Reads of stations, confined to where the caller may read them. */
@Injectable()
export class ListStations {
  constructor(private readonly stations: StationRepository) {}

  async page(principal: Principal, query: ListStationsQuery): Promise<Page<StationListItem>> {
    const cursor = decodeCursor(query.cursor, stationCursorSchema);
    const rows = await this.stations.page(
      scopeFor(principal, 'stations.read'),
      { region: query.region, status: query.status },
      cursor && { townshipCode: cursor.c, id: cursor.id },
      query.limit + 1,
    );
    return toPage(rows.map(presentStationListItem), query.limit, (s) => ({ c: s.townshipCode, id: s.id }));
  }

  /** A station outside the caller's scope is reported as missing: its existence is not disclosed. */
  async get(principal: Principal, id: string): Promise<StationDetailView> {
    const station = await this.stations.findStationWithOpenPoints(scopeFor(principal, 'stations.read'), id);
    if (!station) throw CommonErrors.NOT_FOUND({ resource: 'station', id });
    const names = await this.stations.regionNames([
      station.townshipCode,
      ...station.points.flatMap((p) => p.villages.map((v) => v.villageCode)),
    ]);
    return presentStationDetail(station, names);
  }
}
