import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma';
import { IdentityDb, IdentityTx } from '../database/identity-db';

/** Audit entries: appended, never changed; read by province-wide auditors. */
@Injectable()
export class AuditEntryRepository {
  constructor(private readonly db: IdentityDb) {}

  /** In the caller's transaction when there is one, so the entry stands or falls with the change. */
  async append(data: Prisma.AuditEntryUncheckedCreateInput, tx?: IdentityTx): Promise<void> {
    if (tx) await tx.auditEntry.create({ data });
    else await this.db.$transaction((t) => t.auditEntry.create({ data }));
  }
}
