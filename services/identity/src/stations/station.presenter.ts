import type { Station } from '../generated/prisma';
import type { PointWithVillages, StationWithCount, StationWithPoints } from './station.repository';

/** A `@db.Date` column as the calendar date it holds. */
export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);
const isoDateOrNull = (d: Date | null): string | null => (d ? isoDate(d) : null);

/** The station itself. Its contact is an office, not a person's own phone: shown to readers. */
export function presentStation(station: Station) {
  return {
    id: station.id,
    townshipCode: station.townshipCode,
    name: station.name,
    address: station.address,
    contactName: station.contactName,
    contactPhone: station.contactPhone,
    openedOn: isoDate(station.openedOn),
    closedOn: isoDateOrNull(station.closedOn),
    status: station.closedOn ? ('closed' as const) : ('open' as const),
    version: station.version,
    createdAt: station.createdAt.toISOString(),
    updatedAt: station.updatedAt.toISOString(),
  };
}
export type StationView = ReturnType<typeof presentStation>;

export function presentPoint(point: PointWithVillages, townshipCode: string, names: Map<string, string>) {
  return {
    id: point.id,
    stationId: point.stationId,
    townshipCode,
    name: point.name,
    address: point.address,
    villages: point.villages.map((v) => ({ code: v.villageCode, name: names.get(v.villageCode) ?? null })),
    openedOn: isoDate(point.openedOn),
    closedOn: isoDateOrNull(point.closedOn),
    status: point.closedOn ? ('closed' as const) : ('open' as const),
    version: point.version,
    createdAt: point.createdAt.toISOString(),
    updatedAt: point.updatedAt.toISOString(),
  };
}
export type PointView = ReturnType<typeof presentPoint>;

/** A station with its township's name and its open points with their villages. */
export function presentStationDetail(station: StationWithPoints, names: Map<string, string>) {
  return {
    ...presentStation(station),
    townshipName: names.get(station.townshipCode) ?? null,
    points: station.points.map((p) => presentPoint(p, station.townshipCode, names)),
  };
}
export type StationDetailView = ReturnType<typeof presentStationDetail>;

export function presentStationListItem(station: StationWithCount) {
  return { ...presentStation(station), openPoints: station._count.points };
}
export type StationListItem = ReturnType<typeof presentStationListItem>;

/** Village codes of a point, sorted: the form events carry. */
export const villageCodesOf = (point: PointWithVillages): string[] =>
  point.villages.map((v) => v.villageCode).sort();
