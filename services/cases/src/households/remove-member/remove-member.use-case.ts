import { Injectable } from '@nestjs/common';
import { householdMemberRemovedV1, HouseholdRelation } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { CommonErrors, FieldCipher, Principal } from '@wushe/platform';
import { CasesDb } from '../../database/cases-db';
import { loadHouseholdForAction } from '../household-access';
import { HouseholdView, presentHousehold } from '../household.presenter';
import { HouseholdRepository } from '../household.repository';
import { scopeFor } from '../../access/permissions';

/**
 * Takes a recipient out of a household (moved out, married away, recorded in the wrong one) and
 * clears their householdId in the same transaction. The household stays, even when empty: its id
 * may be referenced by programme enrolments.
 */
@Injectable()
export class RemoveHouseholdMember {
  constructor(
    private readonly db: CasesDb,
    private readonly households: HouseholdRepository,
    private readonly outbox: OutboxWriter,
    private readonly cipher: FieldCipher,
  ) {}

  async execute(principal: Principal, householdId: string, recipientId: string): Promise<HouseholdView> {
    const household = await loadHouseholdForAction(this.households, principal, householdId);
    const member = household.members.find((m) => m.recipientId === recipientId);
    const notAMember = () =>
      CommonErrors.NOT_FOUND({ resource: 'household-member', id: recipientId, householdId });
    if (!member) throw notAMember();

    const scope = scopeFor(principal, 'households.manage');
    await this.db.$transaction(async (tx) => {
      if (!(await this.households.removeMember(tx, scope, householdId, recipientId))) throw notAMember();
      await this.outbox.publish(
        tx,
        householdMemberRemovedV1,
        {
          householdId,
          recipientId,
          villageCode: household.villageCode,
          relation: member.relation as HouseholdRelation,
        },
        { subject: householdId, regionCode: household.villageCode },
      );
    });

    const view = await this.households.findWithRecipients(scope, householdId);
    if (!view) throw CommonErrors.NOT_FOUND({ resource: 'household', id: householdId });
    return presentHousehold(view.household, view.recipients, this.cipher);
  }
}
