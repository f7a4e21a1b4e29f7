import { Injectable } from '@nestjs/common';
import { CommonErrors, decodeCursor, toPage } from '@wushe/platform';
import { z } from 'zod';
import { IdentityDb } from '../database/identity-db';
import type { Notification } from '../generated/prisma';

const cursorSchema = z.object({ id: z.uuid() });

function present(n: Notification) {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    link: n.link,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  };
}

/** Every query is keyed by the caller's own account id: the inbox is personal by construction. */
@Injectable()
export class Notifications {
  constructor(private readonly db: IdentityDb) {}

  async page(accountId: string, unreadOnly: boolean, cursor: string | undefined, limit: number) {
    const after = decodeCursor(cursor, cursorSchema);
    // ids are UUID v7, so id order is creation order.
    const rows = await this.db.$transaction((tx) =>
      tx.notification.findMany({
        where: {
          accountId,
          ...(unreadOnly ? { readAt: null } : {}),
          ...(after ? { id: { lt: after.id } } : {}),
        },
        orderBy: { id: 'desc' },
        take: limit + 1,
      }),
    );
    return toPage(rows.map(present), limit, (n) => ({ id: n.id }));
  }

  unreadCount(accountId: string): Promise<number> {
    return this.db.$transaction((tx) => tx.notification.count({ where: { accountId, readAt: null } }));
  }

  async markRead(accountId: string, id: string) {
    return this.db.$transaction(async (tx) => {
      const found = await tx.notification.findFirst({ where: { id, accountId } });
      if (!found) throw CommonErrors.NOT_FOUND({ resource: 'notification', id });
      if (found.readAt) return present(found);
      return present(await tx.notification.update({ where: { id }, data: { readAt: new Date() } }));
    });
  }

  async markAllRead(accountId: string): Promise<number> {
    const result = await this.db.$transaction((tx) =>
      tx.notification.updateMany({ where: { accountId, readAt: null }, data: { readAt: new Date() } }),
    );
    return result.count;
  }
}
