import { Module } from '@nestjs/common';
import { GrantRole } from './grants/grant-role.use-case';
import { GrantsController } from './grants/grants.controller';
import { ListGrants } from './grants/list-grants.query';
import { RevokeGrant } from './grants/revoke-grant.use-case';

/** Roles, scopes and the rules for granting them. */
@Module({
  controllers: [GrantsController],
  providers: [GrantRole, RevokeGrant, ListGrants],
  exports: [GrantRole],
})
export class AccessModule {}
