import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { seedRegions } from './identity-app';

/**
 * The regions the staff and trainings specs work in: 湖南省 › 常德市 › 鼎城区 (430703) with
 * townships 430703100 (武陵镇) and 430703101 (玉霞街道), village 430703100001 (某村) under the
 * first, and the neighbouring county 武陵区 (430702). Specs add the regions of their own cases.
 */
export const DINGCHENG_REGIONS: Readonly<Record<string, string>> = {
  '43': '湖南省',
  '4307': '常德市',
  '430703': '鼎城区',
  '430702': '武陵区',
  '430703100': '武陵镇',
  '430703101': '玉霞街道',
  '430703100001': '某村',
};

export interface WorkplacesSeed {
  /** Regions to insert (code → name); the counties above the townships are the caller's to list. */
  regions: Record<string, string>;
  /** Townships whose region ends on 2024-01-01 (a division that was merged away). */
  ended?: string[];
  /** Townships that get a station, opened 2023-01-01, in this order. */
  stations: string[];
  /** The one point (社工点), under the first station, covering this village. */
  pointVillage: string;
}

/**
 * Stations and a point written straight into their tables, for specs about the people who work
 * there (staff, posts, trainings); opening them through the API is tested with the stations.
 */
export async function seedWorkplaces(
  db: Pool,
  seed: WorkplacesSeed,
): Promise<{ stations: Record<string, string>; point: string }> {
  await seedRegions(db, seed.regions);
  for (const code of seed.ended ?? []) {
    await db.query(`UPDATE region SET valid_to = '2024-01-01' WHERE code = $1`, [code]);
  }
  const stations: Record<string, string> = {};
  for (const township of seed.stations) {
    const id = uuidv7();
    stations[township] = id;
    await db.query(
      `INSERT INTO station (id, township_code, name, opened_on) VALUES ($1, $2, $3, '2023-01-01')`,
      [id, township, `${township}社工站`],
    );
  }
  const point = uuidv7();
  await db.query(
    `INSERT INTO point (id, station_id, name, opened_on) VALUES ($1, $2, '某村社工点', '2023-01-01')`,
    [point, stations[seed.stations[0]]],
  );
  await db.query(`INSERT INTO point_village (point_id, village_code) VALUES ($1, $2)`, [
    point,
    seed.pointVillage,
  ]);
  return { stations, point };
}
