import { Injectable } from '@nestjs/common';
import { OutboxWriter } from '@wushe/messaging';
import { CommonErrors, FieldCipher, Principal } from '@wushe/platform';
import { CasesDb } from '../../database/cases-db';
import { loadRecipientForAction, RecipientRepository } from '../../recipients';
import { loadHouseholdForAction } from '../household-access';
import { assertMayJoin, explainLostRace, joinHousehold } from '../household-membership';
import { HouseholdErrors } from '../household.errors';
import { HouseholdView, presentHousehold } from '../household.presenter';
import { HouseholdRepository } from '../household.repository';
import type { AddMemberInput } from '../household.schemas';
import { scopeFor } from '../../access/permissions';

/**
 * Adds a recipient of the household's village to it with their relation to the head; sets the
 * recipient's householdId in the same transaction, so the ledger and the household agree.
 */
@Injectable()
export class AddHouseholdMember {
  constructor(
    private readonly db: CasesDb,
    private readonly households: HouseholdRepository,
    private readonly recipients: RecipientRepository,
    private readonly outbox: OutboxWriter,
    private readonly cipher: FieldCipher,
  ) {}

  async execute(principal: Principal, householdId: string, input: AddMemberInput): Promise<HouseholdView> {
    const household = await loadHouseholdForAction(this.households, principal, householdId);
    const recipient = await loadRecipientForAction(
      this.recipients,
      principal,
      'households.manage',
      input.recipientId,
    );
    assertMayJoin(recipient, household.villageCode);
    if (input.relation === 'head' && household.members.some((m) => m.relation === 'head')) {
      throw HouseholdErrors.HOUSEHOLD_HAS_HEAD();
    }

    const scope = scopeFor(principal, 'households.manage');
    try {
      await this.db.$transaction((tx) =>
        joinHousehold(tx, scope, this.households, this.outbox, household, recipient.id, input.relation),
      );
    } catch (error) {
      throw await explainLostRace(error, this.db, this.households, recipient.id);
    }

    const view = await this.households.findWithRecipients(scope, householdId);
    if (!view) throw CommonErrors.NOT_FOUND({ resource: 'household', id: householdId });
    return presentHousehold(view.household, view.recipients, this.cipher);
  }
}
