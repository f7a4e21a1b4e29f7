import { Global, Injectable, Module } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { IdentityDb, IdentityTx } from '../database/identity-db';

export type AuditAction =
  | 'auth.login'
  | 'auth.login-failed'
  | 'auth.locked'
  | 'auth.refresh-reuse'
  | 'auth.logout'
  | 'auth.client-credentials'
  | 'grant.created'
  | 'grant.revoked'
  | 'account.created'
  | 'account.disabled'
  | 'key.created'
  | 'key.activated'
  | 'key.retired'
  | 'personal-data.revealed';

export interface AuditRecord {
  action: AuditAction;
  actorId?: string | null;
  targetType?: string;
  targetId?: string;
  ip?: string;
  userAgent?: string;
  details?: Record<string, unknown>;
}

/**
 * Append-only audit (who, what, when, from where). Written in the caller's transaction when the
 * act changes data, so the record and the change stand or fall together; failed logins are
 * written on their own, because the attempt changed nothing else.
 */
@Injectable()
export class AuditLog {
  constructor(private readonly db: IdentityDb) {}

  async record(entry: AuditRecord, tx?: IdentityTx): Promise<void> {
    const data = {
      id: uuidv7(),
      action: entry.action,
      actorId: entry.actorId ?? null,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      ip: entry.ip?.slice(0, 64) ?? null,
      userAgent: entry.userAgent?.slice(0, 300) ?? null,
      details: (entry.details ?? {}) as object,
    };
    if (tx) await tx.auditEntry.create({ data });
    else await this.db.$transaction((t) => t.auditEntry.create({ data }));
  }
}

@Global()
@Module({ providers: [AuditLog], exports: [AuditLog] })
// The read API (AuditController) is mounted by AuditReadModule in API processes only.
export class AuditModule {}

/** Stops the purge at the audit trigger's six-month floor; see the audit_append_only migration. */
export const AUDIT_RETENTION_MONTHS = 6;
