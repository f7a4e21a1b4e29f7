import { RegionScope } from '@wushe/platform';
import type { IdentityTx } from '../../database/identity-db';
import { StaffErrors } from '../staff.errors';

/** Where a staff member works or a post is: a station's township, or a point's village. */
export interface Placement {
  regionCode: string;
  stationId: string | null;
  pointId: string | null;
}

export interface PlacementInput {
  regionCode: string;
  stationId?: string | null;
  pointId?: string | null;
}

/**
 * Checks a placement against current regions and open stations and points, and completes it: a
 * township (9 digits) must have an open station, a village (12 digits) an open point (of an open
 * station) covering it. The station or point is found from the region when not given; given, it
 * must be one that serves the region. The caller has already checked its scope covers the region.
 */
export async function resolvePlacement(tx: IdentityTx, input: PlacementInput): Promise<Placement> {
  const { regionCode } = input;
  const region = await tx.region.findUnique({ where: { code: regionCode }, select: { validTo: true } });
  if (!region || region.validTo) throw StaffErrors.UNKNOWN_REGION({ regionCode });

  if (regionCode.length === 9) {
    if (input.pointId) throw StaffErrors.PLACEMENT_MISMATCH({ regionCode, pointId: input.pointId });
    // Stations are read only to validate the placement; the scope was asserted on the township.
    const stations = await tx.scoped.station.findMany(RegionScope.system('placement in a covered township'), {
      where: { townshipCode: regionCode, closedOn: null },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    const stationId = pick(
      stations.map((s) => s.id),
      input.stationId,
      regionCode,
    );
    return { regionCode, stationId, pointId: null };
  }

  const points = await tx.point.findMany({
    where: { closedOn: null, station: { closedOn: null }, villages: { some: { villageCode: regionCode } } },
    select: { id: true, stationId: true },
    orderBy: { id: 'asc' },
  });
  const candidates = input.stationId ? points.filter((p) => p.stationId === input.stationId) : points;
  if (points.length > 0 && candidates.length === 0) {
    throw StaffErrors.PLACEMENT_MISMATCH({ regionCode, stationId: input.stationId });
  }
  const pointId = pick(
    candidates.map((p) => p.id),
    input.pointId,
    regionCode,
  );
  const stationId = candidates.find((p) => p.id === pointId)?.stationId ?? null;
  return { regionCode, stationId, pointId };
}

function pick(ids: string[], given: string | null | undefined, regionCode: string): string {
  if (ids.length === 0) throw StaffErrors.NO_STATION_OR_POINT({ regionCode });
  if (given) {
    if (!ids.includes(given)) throw StaffErrors.PLACEMENT_MISMATCH({ regionCode, id: given });
    return given;
  }
  if (ids.length > 1) throw StaffErrors.PLACEMENT_AMBIGUOUS({ regionCode });
  return ids[0];
}
