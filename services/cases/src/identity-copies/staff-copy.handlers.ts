import { Injectable } from '@nestjs/common';
import {
  Envelope,
  EventData,
  EventDefinition,
  staffChangedV1,
  staffLeftV1,
  staffRegisteredV1,
} from '@wushe/contracts';
import { InboxHandler } from '@wushe/messaging';
import type { CasesTx } from '../database/cases-db';

type StaffFacts = {
  staffId: string;
  accountId: string | null;
  regionCode: string;
  postType: string;
  version: number;
};

/** Newest version wins, as for stations: the copy tolerates reordered and repeated events. */
export async function applyStaff(tx: CasesTx, facts: StaffFacts, active: boolean): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO staff_copy (staff_id, account_id, region_code, post_type, active, version, updated_at)
     VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, now())
     ON CONFLICT (staff_id) DO UPDATE
       SET account_id = EXCLUDED.account_id, region_code = EXCLUDED.region_code,
           post_type = EXCLUDED.post_type, active = EXCLUDED.active, version = EXCLUDED.version,
           updated_at = now()
     WHERE staff_copy.version < EXCLUDED.version`,
    facts.staffId,
    facts.accountId,
    facts.regionCode,
    facts.postType,
    active,
    facts.version,
  );
}

function handler<D extends EventDefinition>(definition: D, active: boolean): InboxHandler<D, CasesTx> {
  return {
    definition,
    handle: (event: Envelope<EventData<D>>, tx) => applyStaff(tx, event.data as StaffFacts, active),
  };
}

@Injectable()
export class StaffCopyHandlers {
  readonly all = [
    handler(staffRegisteredV1, true),
    handler(staffChangedV1, true),
    handler(staffLeftV1, false),
  ];
}
