import { Global, Injectable, Module } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { IdentityTx } from '../database/identity-db';
import { AuditEntryRepository } from './audit-entry.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  | 'personal-data.revealed'
  | 'station.closed'
  | 'point.closed'
  | 'training.cancelled';

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
  constructor(private readonly entries: AuditEntryRepository) {}

  async record(entry: AuditRecord, tx?: IdentityTx): Promise<void> {
    // The actor column holds account ids; any other subject is kept in the details instead.
    const actorIsAccount = !!entry.actorId && UUID.test(entry.actorId);
    const data = {
      id: uuidv7(),
      action: entry.action,
      actorId: actorIsAccount ? (entry.actorId as string) : null,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      ip: entry.ip?.slice(0, 64) ?? null,
      userAgent: entry.userAgent?.slice(0, 300) ?? null,
      details: {
        ...(entry.details ?? {}),
        ...(entry.actorId && !actorIsAccount ? { actor: entry.actorId } : {}),
      },
    };
    await this.entries.append(data, tx);
  }
}

@Global()
@Module({ providers: [AuditEntryRepository, AuditLog], exports: [AuditLog] })
// The read API (AuditController) is mounted by AuditReadModule in API processes only.
export class AuditModule {}
