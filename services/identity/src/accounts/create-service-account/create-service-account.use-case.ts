import { Injectable } from '@nestjs/common';
import { UNREGIONED } from '@wushe/contracts';
import type { Principal, Role } from '@wushe/platform';
import { PERMISSIONS } from '../../access/permissions';
import { IdentityDb } from '../../database/identity-db';
import type { CreateServiceAccountInput } from '../accounts.schemas';
import type { RequestOrigin } from '../http/request-origin';
import { AccountRegistry } from '../registry/account-registry';

/** The widest region where the caller may create service accounts: its `account.created` is filed there. */
function creatorRegion(principal: Principal): string {
  const regions = principal.grants.flatMap((g) =>
    'region' in g && (PERMISSIONS['service-accounts.manage'] as readonly Role[]).includes(g.role)
      ? [g.region]
      : [],
  );
  return regions.sort((a, b) => a.length - b.length)[0] ?? UNREGIONED;
}

/**
 * Creates a service account (an outside system) with client credentials. The secret is in this
 * answer only. The account starts with no grants: roles are given through the access endpoints.
 */
@Injectable()
export class CreateServiceAccount {
  constructor(
    private readonly db: IdentityDb,
    private readonly registry: AccountRegistry,
  ) {}

  async execute(principal: Principal, input: CreateServiceAccountInput, origin: RequestOrigin = {}) {
    const created = await this.db.$transaction((tx) =>
      this.registry.createServiceAccount(tx, {
        name: input.name,
        createdBy: principal.subject,
        regionCode: creatorRegion(principal),
        origin,
      }),
    );
    return {
      id: created.account.id,
      name: created.account.displayName,
      clientId: created.clientId,
      clientSecret: created.clientSecret,
      createdAt: created.account.createdAt,
    };
  }
}
