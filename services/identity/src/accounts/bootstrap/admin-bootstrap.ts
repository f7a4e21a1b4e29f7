import { Inject, Injectable } from '@nestjs/common';
import { grantCreatedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { DomainError, LOGGER } from '@wushe/platform';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { AuditLog } from '../../audit';
import { IdentityDb } from '../../database/identity-db';
import { IDENTITY_SETTINGS, IdentitySettings } from '../../settings/identity-settings';
import { AccountRegistry } from '../registry/account-registry';

const VARIABLES = ['BOOTSTRAP_ADMIN_PHONE', 'BOOTSTRAP_ADMIN_PASSWORD', 'BOOTSTRAP_ADMIN_REGION'] as const;

export interface BootstrapAdmin {
  phone: string;
  password: string;
  region: string;
}

export type BootstrapOutcome = 'not-configured' | 'exists' | 'created' | 'granted-existing-account';

/** The three BOOTSTRAP_ADMIN_* settings, all or none; a partial set is a configuration error. */
export function bootstrapAdminOf(settings: IdentitySettings): BootstrapAdmin | undefined {
  const set = VARIABLES.filter((name) => settings[name] !== undefined && settings[name] !== '');
  if (set.length === 0) return undefined;
  if (set.length < VARIABLES.length) {
    const missing = VARIABLES.filter((name) => !set.includes(name));
    throw new Error(
      `Set ${VARIABLES.join(', ')} together or not at all: ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set, ${missing.join(', ')} missing`,
    );
  }
  return {
    phone: settings.BOOTSTRAP_ADMIN_PHONE as string,
    password: settings.BOOTSTRAP_ADMIN_PASSWORD as string,
    region: settings.BOOTSTRAP_ADMIN_REGION as string,
  };
}

/**
 * The first province administrator of a fresh installation, from BOOTSTRAP_ADMIN_*: created at an
 * API start when no active province_admin grant exists anywhere, never again after. Replicas
 * starting together take an advisory lock, so exactly one of them creates it.
 */
@Injectable()
export class AdminBootstrap {
  constructor(
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
    private readonly db: IdentityDb,
    private readonly registry: AccountRegistry,
    private readonly audit: AuditLog,
    private readonly outbox: OutboxWriter,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Throws on a partial configuration, before anything is written. */
  async run(): Promise<BootstrapOutcome> {
    const admin = bootstrapAdminOf(this.settings);
    if (!admin) return 'not-configured';
    const outcome = await this.db.$transaction(async (tx): Promise<BootstrapOutcome> => {
      await tx.$executeRawUnsafe(
        "SELECT pg_advisory_xact_lock(hashtext('identity:bootstrap-admin'), hashtext(current_schema()))",
      );
      if (await tx.roleGrant.count({ where: { role: 'province_admin', revokedAt: null } })) return 'exists';
      const existing = await this.registry.findByPhone(admin.phone, tx);
      const account =
        existing ??
        (await this.registry
          .createUser(tx, {
            phone: admin.phone,
            password: admin.password,
            displayName: '系统管理员 (bootstrap)',
            createdBy: null,
            regionCode: admin.region,
          })
          .catch((error: unknown) => {
            // A start-up failure should name the setting to fix, not just the refusal.
            if (!(error instanceof DomainError)) throw error;
            const details = error.details ? ` ${JSON.stringify(error.details)}` : '';
            throw new Error(`BOOTSTRAP_ADMIN_* refused (${error.code}): ${error.messages.en}${details}`);
          }));
      const grant = await tx.roleGrant.create({
        data: {
          id: uuidv7(),
          accountId: account.id,
          role: 'province_admin',
          regionCode: admin.region,
          grantedBy: null,
        },
      });
      await this.audit.record(
        {
          action: 'grant.created',
          targetType: 'account',
          targetId: account.id,
          details: { grantId: grant.id, role: 'province_admin', regionCode: admin.region, bootstrap: true },
        },
        tx,
      );
      await this.outbox.publish(
        tx,
        grantCreatedV1,
        {
          grantId: grant.id,
          accountId: account.id,
          role: 'province_admin',
          grantedBy: null,
          regionCode: admin.region,
        },
        { subject: account.id, regionCode: admin.region },
      );
      return existing ? 'granted-existing-account' : 'created';
    });
    if (outcome === 'created') this.logger.info({ region: admin.region }, 'Bootstrap administrator created');
    if (outcome === 'granted-existing-account') {
      this.logger.warn(
        { region: admin.region },
        'BOOTSTRAP_ADMIN_PHONE already had an account: it was made province_admin, its password left unchanged',
      );
    }
    return outcome;
  }
}
