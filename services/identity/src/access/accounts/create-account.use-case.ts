import { Injectable } from '@nestjs/common';
import { Principal } from '@wushe/platform';
import { AccountRegistry } from '../../accounts';
import { IdentityDb } from '../../database/identity-db';
import { AccessErrors } from '../access.errors';
import { checkGrant } from '../grant-rules';
import { GrantRole, granterRegion, RequestOrigin } from '../grants/grant-role.use-case';
import type { CreateAccountInput } from './account-admin.schemas';

/**
 * An administrator creates a person's account together with the roles it starts with, in one
 * transaction: an account is never left without the grants it was made for, and every grant
 * passes the same rules as a later one would.
 */
@Injectable()
export class CreateAccount {
  constructor(
    private readonly db: IdentityDb,
    private readonly registry: AccountRegistry,
    private readonly grantRole: GrantRole,
  ) {}

  async execute(creator: Principal, input: CreateAccountInput, origin: RequestOrigin) {
    for (const grant of input.grants) {
      const refusal = checkGrant(creator, grant);
      if (refusal) throw AccessErrors[refusal]({ ...grant });
    }
    const firstRegion = input.grants.find((g) => 'region' in g);
    const eventRegion = firstRegion && 'region' in firstRegion ? firstRegion.region : granterRegion(creator);
    return this.db.$transaction(async (tx) => {
      const account = await this.registry.createUser(tx, {
        phone: input.phone,
        password: input.password,
        displayName: input.displayName,
        createdBy: creator.subject,
        regionCode: eventRegion,
        origin,
      });
      const grants = [];
      for (const grant of input.grants) {
        const region = 'region' in grant ? grant.region : eventRegion;
        grants.push(await this.grantRole.grantIn(tx, creator.subject, account.id, grant, region, origin));
      }
      return { account, grants };
    });
  }
}
