import { Injectable } from '@nestjs/common';
import { householdCreatedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { CommonErrors, FieldCipher, Principal } from '@wushe/platform';
import { v7 as uuidv7 } from 'uuid';
import { CasesDb } from '../../database/cases-db';
import { loadRecipientForAction, RecipientRepository } from '../../recipients';
import { HouseholdView, presentHousehold } from '../household.presenter';
import { HouseholdRepository } from '../household.repository';
import type { CreateHouseholdInput } from '../household.schemas';
import { assertMayJoin, explainLostRace, joinHousehold } from '../household-membership';
import { scopeFor } from '../../access/permissions';

/** Sets up a household (户) in a village, with its head when one is named, in one transaction. */
@Injectable()
export class CreateHousehold {
  constructor(
    private readonly db: CasesDb,
    private readonly households: HouseholdRepository,
    private readonly recipients: RecipientRepository,
    private readonly outbox: OutboxWriter,
    private readonly cipher: FieldCipher,
  ) {}

  async execute(principal: Principal, input: CreateHouseholdInput): Promise<HouseholdView> {
    const scope = scopeFor(principal, 'households.manage');
    scope.assertCovers(input.villageCode);
    const headId = input.headRecipientId;
    if (headId) {
      assertMayJoin(
        await loadRecipientForAction(this.recipients, principal, 'households.manage', headId),
        input.villageCode,
      );
    }

    const household = { id: uuidv7(), villageCode: input.villageCode };
    try {
      await this.db.$transaction(async (tx) => {
        await this.households.create(tx, scope, household.id, household.villageCode);
        await this.outbox.publish(
          tx,
          householdCreatedV1,
          { householdId: household.id, villageCode: household.villageCode },
          { subject: household.id, regionCode: household.villageCode },
        );
        if (headId) await joinHousehold(tx, scope, this.households, this.outbox, household, headId, 'head');
      });
    } catch (error) {
      throw headId ? await explainLostRace(error, this.db, this.households, headId) : error;
    }

    const view = await this.households.findWithRecipients(scope, household.id);
    if (!view) throw CommonErrors.NOT_FOUND({ resource: 'household', id: household.id });
    return presentHousehold(view.household, view.recipients, this.cipher);
  }
}
