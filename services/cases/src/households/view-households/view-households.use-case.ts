import { Injectable } from '@nestjs/common';
import {
  CommonErrors,
  decodeCursor,
  FieldCipher,
  Page,
  Principal,
  RegionScope,
  toPage,
} from '@wushe/platform';
import { HouseholdView, presentHousehold } from '../household.presenter';
import { HouseholdRepository, HouseholdWithMembers } from '../household.repository';
import { householdCursorSchema, ListHouseholdsQuery } from '../household.schemas';
import { scopeFor } from '../../access/permissions';

/** Households with their members' masked summaries, confined to the caller's reader scope. */
@Injectable()
export class ViewHouseholds {
  constructor(
    private readonly households: HouseholdRepository,
    private readonly cipher: FieldCipher,
  ) {}

  /** A household outside the caller's scope is reported as missing: its existence is not disclosed. */
  async get(principal: Principal, id: string): Promise<HouseholdView> {
    const view = await this.households.findWithRecipients(scopeFor(principal, 'households.read'), id);
    if (!view) throw CommonErrors.NOT_FOUND({ resource: 'household', id });
    return presentHousehold(view.household, view.recipients, this.cipher);
  }

  async page(principal: Principal, query: ListHouseholdsQuery): Promise<Page<HouseholdView>> {
    const scope = scopeFor(principal, 'households.read');
    const cursor = decodeCursor(query.cursor, householdCursorSchema);
    const rows = await this.households.page(scope, query.region, cursor?.id, query.limit + 1);
    return toPage(await this.present(scope, rows), query.limit, (h) => ({ id: h.id }));
  }

  /** One query for every member of the page, read through the same scope as the households. */
  private async present(scope: RegionScope, households: HouseholdWithMembers[]): Promise<HouseholdView[]> {
    const ids = households.flatMap((h) => h.members.map((m) => m.recipientId));
    const recipients = await this.households.memberRecipients(scope, ids);
    const now = new Date();
    return households.map((h) => presentHousehold(h, recipients, this.cipher, now));
  }
}
