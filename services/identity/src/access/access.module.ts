import { Module } from '@nestjs/common';
import { AccountsAdminController } from './accounts/accounts-admin.controller';
import { CreateAccount } from './accounts/create-account.use-case';
import { ListAccounts } from './accounts/list-accounts.query';
import { GrantRole } from './grants/grant-role.use-case';
import { GrantRepository } from './grants/grant.repository';
import { GrantsController } from './grants/grants.controller';
import { ListGrants } from './grants/list-grants.query';
import { RevokeGrant } from './grants/revoke-grant.use-case';

/** Roles, scopes and the rules for granting them. */
@Module({
  controllers: [GrantsController, AccountsAdminController],
  providers: [GrantRepository, GrantRole, RevokeGrant, ListGrants, CreateAccount, ListAccounts],
  exports: [GrantRole],
})
export class AccessModule {}
