import { householdMemberAddedV1, HouseholdRelation } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import type { RegionScope } from '@wushe/platform';
import type { CasesDb, CasesTx } from '../database/cases-db';
import type { RecipientWithCategories } from '../recipients';
import { isUniqueViolation, RecipientErrors } from '../recipients';
import { HouseholdErrors } from './household.errors';
import type { HouseholdRepository } from './household.repository';

// The rules for joining a household, shared by creating one with its head and adding a member:
// the recipient lives in the household's village and belongs to no household yet (a person is in
// one household: household_member.recipient_id is unique), and a household has at most one head.

/** The checks that need no transaction; the transaction repeats what a concurrent request could change. */
export function assertMayJoin(recipient: RecipientWithCategories, villageCode: string): void {
  if (recipient.villageCode !== villageCode) {
    throw RecipientErrors.HOUSEHOLD_VILLAGE_MISMATCH({ householdVillageCode: villageCode });
  }
  if (recipient.householdId !== null) {
    throw HouseholdErrors.RECIPIENT_IN_HOUSEHOLD({ householdId: recipient.householdId });
  }
}

/** Adds the member inside the caller's transaction and announces it (ids and codes only). */
export async function joinHousehold(
  tx: CasesTx,
  scope: RegionScope,
  households: HouseholdRepository,
  outbox: OutboxWriter,
  household: { id: string; villageCode: string },
  recipientId: string,
  relation: HouseholdRelation,
): Promise<void> {
  if (relation === 'head' && (await households.hasHead(tx, household.id))) {
    throw HouseholdErrors.HOUSEHOLD_HAS_HEAD();
  }
  if (!(await households.addMember(tx, scope, household.id, recipientId, relation))) {
    throw HouseholdErrors.RECIPIENT_IN_HOUSEHOLD();
  }
  await outbox.publish(
    tx,
    householdMemberAddedV1,
    { householdId: household.id, recipientId, villageCode: household.villageCode, relation },
    { subject: household.id, regionCode: household.villageCode },
  );
}

/**
 * A unique violation means a concurrent request won: the recipient joined a household (the
 * recipient_id key), or another head was added (household_member_one_head). Says which.
 */
export async function explainLostRace(
  error: unknown,
  db: CasesDb,
  households: HouseholdRepository,
  recipientId: string,
): Promise<unknown> {
  if (!isUniqueViolation(error)) return error;
  const membership = await households.membershipOf(db.unscoped, recipientId);
  return membership
    ? HouseholdErrors.RECIPIENT_IN_HOUSEHOLD({ householdId: membership.householdId })
    : HouseholdErrors.HOUSEHOLD_HAS_HEAD();
}
