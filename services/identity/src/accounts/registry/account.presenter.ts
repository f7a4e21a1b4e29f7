import type { Account } from '../../generated/prisma';

/** The public shape of an account: never the phone, the hash or the lockout counters. */
export function presentAccount(account: Account) {
  return {
    id: account.id,
    kind: account.kind as 'user' | 'service',
    displayName: account.displayName,
    status: account.status as 'active' | 'disabled',
    clientId: account.clientId,
    createdAt: account.createdAt.toISOString(),
    lastLoginAt: account.lastLoginAt?.toISOString() ?? null,
  };
}
export type AccountView = ReturnType<typeof presentAccount>;
