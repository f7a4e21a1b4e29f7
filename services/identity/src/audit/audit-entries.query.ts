import { Injectable } from '@nestjs/common';
import { IdentityDb } from '../database/identity-db';

export interface AuditEntryFilter {
  action?: string;
  actorId?: string;
  targetId?: string;
  from?: string;
  to?: string;
  /** Entries older than this id (ids are time-ordered uuidv7). */
  beforeId?: string;
  take: number;
}

/** The audit log newest first, filtered; the caller decides who may read it. */
@Injectable()
export class AuditEntriesQuery {
  constructor(private readonly db: IdentityDb) {}

  list(filter: AuditEntryFilter) {
    return this.db.$transaction((tx) =>
      tx.auditEntry.findMany({
        where: {
          ...(filter.action ? { action: filter.action } : {}),
          ...(filter.actorId ? { actorId: filter.actorId } : {}),
          ...(filter.targetId ? { targetId: filter.targetId } : {}),
          at: {
            ...(filter.from ? { gte: new Date(filter.from) } : {}),
            ...(filter.to ? { lt: new Date(filter.to) } : {}),
          },
          ...(filter.beforeId ? { id: { lt: filter.beforeId } } : {}),
        },
        orderBy: { id: 'desc' },
        take: filter.take,
      }),
    );
  }
}
