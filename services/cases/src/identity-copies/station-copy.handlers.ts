import { Injectable } from '@nestjs/common';
import {
  Envelope,
  EventData,
  EventDefinition,
  stationClosedV1,
  stationOpenedV1,
  stationUpdatedV1,
} from '@wushe/contracts';
import { InboxHandler } from '@wushe/messaging';
import type { CasesTx } from '../database/cases-db';

type StationFacts = { stationId: string; townshipCode: string; version: number };

/**
 * Keeps the newest version of each station: events of one station may arrive out of order (and
 * again), so an older version never overwrites a newer one.
 */
export async function applyStation(tx: CasesTx, facts: StationFacts, open: boolean): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO station_copy (station_id, township_code, open, version, updated_at)
     VALUES ($1::uuid, $2, $3, $4, now())
     ON CONFLICT (station_id) DO UPDATE
       SET township_code = EXCLUDED.township_code, open = EXCLUDED.open, version = EXCLUDED.version,
           updated_at = now()
     WHERE station_copy.version < EXCLUDED.version`,
    facts.stationId,
    facts.townshipCode,
    open,
    facts.version,
  );
}

function handler<D extends EventDefinition>(definition: D, open: boolean): InboxHandler<D, CasesTx> {
  return {
    definition,
    handle: (event: Envelope<EventData<D>>, tx) => applyStation(tx, event.data as StationFacts, open),
  };
}

@Injectable()
export class StationCopyHandlers {
  readonly all = [
    handler(stationOpenedV1, true),
    handler(stationUpdatedV1, true),
    handler(stationClosedV1, false),
  ];
}
