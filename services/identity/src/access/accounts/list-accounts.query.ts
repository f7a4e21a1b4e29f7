import { Injectable } from '@nestjs/common';
import { decodeCursor, Principal, toPage } from '@wushe/platform';
import { z } from 'zod';
import { presentAccount } from '../../accounts';
import { IdentityDb } from '../../database/identity-db';
import { presentGrant } from '../grants/grant.presenter';
import { scopeFor } from '../permissions';
import type { ListAccountsQuery } from './account-admin.schemas';

const cursorSchema = z.object({ id: z.uuid() });

/** Accounts holding an active grant inside the caller's regions, with those grants only. */
@Injectable()
export class ListAccounts {
  constructor(private readonly db: IdentityDb) {}

  async page(principal: Principal, query: ListAccountsQuery) {
    const scope = scopeFor(principal, 'accounts.read');
    const grantFilter = {
      revokedAt: null,
      AND: [
        scope.where('regionCode'),
        ...(query.region ? [{ regionCode: { startsWith: query.region } }] : []),
        ...(query.role ? [{ role: query.role }] : []),
      ],
    };
    const after = decodeCursor(query.cursor, cursorSchema);
    const rows = await this.db.$transaction((tx) =>
      tx.account.findMany({
        where: { grants: { some: grantFilter }, ...(after ? { id: { gt: after.id } } : {}) },
        include: { grants: { where: grantFilter, orderBy: { grantedAt: 'asc' } } },
        orderBy: { id: 'asc' },
        take: query.limit + 1,
      }),
    );
    const items = rows.map(({ grants, ...account }) => ({
      ...presentAccount(account),
      grants: grants.map(presentGrant),
    }));
    return toPage(items, query.limit, (a) => ({ id: a.id }));
  }
}
