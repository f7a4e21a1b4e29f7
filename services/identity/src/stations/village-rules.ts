import type { IdentityTx } from '../database/identity-db';
import { StationErrors } from './station.errors';
import { StationRepository } from './station.repository';

/**
 * A point may cover villages that are current villages of its station's township and that no other
 * open point covers. Runs under the township lock, so two requests cannot both take a village.
 * Returns the villages' names.
 */
export async function assertVillagesAssignable(
  stations: StationRepository,
  tx: IdentityTx,
  townshipCode: string,
  villageCodes: readonly string[],
  exceptPointId?: string,
): Promise<Map<string, string>> {
  const found = await stations.currentVillagesOf(tx, townshipCode, villageCodes);
  const names = new Map(found.map((v) => [v.code, v.name]));
  const outside = villageCodes.filter((c) => !names.has(c)).sort();
  if (outside.length > 0) {
    throw StationErrors.VILLAGE_OUTSIDE_TOWNSHIP({ townshipCode, villageCodes: outside });
  }
  const covered = await stations.coveringPoints(tx, villageCodes, exceptPointId);
  if (covered.length > 0) {
    throw StationErrors.VILLAGE_ALREADY_COVERED({
      villageCodes: [...new Set(covered.map((c) => c.villageCode))],
      coveredBy: covered.map((c) => ({ villageCode: c.villageCode, pointId: c.pointId })),
    });
  }
  return names;
}
