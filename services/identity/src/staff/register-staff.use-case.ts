import { Injectable } from '@nestjs/common';
import { staffRegisteredV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { Principal } from '@wushe/platform';
import { v7 as uuidv7 } from 'uuid';
import { scopeFor } from '../access/permissions';
import { IdentityDb } from '../database/identity-db';
import { StaffErrors } from './staff.errors';
import { presentStaffDetail, StaffDetailView, staffFacts } from './staff.presenter';
import type { RegisterStaffInput } from './staff.schemas';
import { assertLinkableAccount } from './shared/accounts';
import { toDbDate } from './shared/calendar';
import { resolvePlacement } from './shared/placement';
import { withUniqueAs } from './shared/unique-violation';

/** Registers a social worker at a station (township) or point (village) in the caller's regions. */
@Injectable()
export class RegisterStaff {
  constructor(
    private readonly db: IdentityDb,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(principal: Principal, input: RegisterStaffInput): Promise<StaffDetailView> {
    const scope = scopeFor(principal, 'staff.manage');
    scope.assertCovers(input.regionCode);
    return withUniqueAs(
      () =>
        this.db.$transaction(async (tx) => {
          const placement = await resolvePlacement(tx, input);
          if (input.accountId) await assertLinkableAccount(tx, scope, input.accountId, null);
          const staff = await tx.scoped.staffMember.create(scope, {
            data: {
              id: uuidv7(),
              accountId: input.accountId ?? null,
              displayName: input.displayName,
              ...placement,
              employer: input.employer ?? null,
              postType: input.postType,
              joinedOn: toDbDate(input.joinedOn),
            },
          });
          await this.outbox.publish(tx, staffRegisteredV1, staffFacts(staff, []), {
            subject: staff.id,
            regionCode: staff.regionCode,
          });
          return presentStaffDetail(staff, [], null);
        }),
      () => StaffErrors.ACCOUNT_ALREADY_LINKED({ accountId: input.accountId }),
    );
  }
}
