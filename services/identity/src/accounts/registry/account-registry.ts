import { Injectable } from '@nestjs/common';
import { parseMobile } from '@wushe/cn-standards';
import { accountCreatedV1, UNREGIONED } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { FieldCipher } from '@wushe/platform';
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { AuditLog } from '../../audit';
import { IdentityDb, IdentityTx } from '../../database/identity-db';
import { AccountErrors } from '../accounts.errors';
import type { RequestOrigin } from '../http/request-origin';
import { PasswordHasher } from '../passwords/password-hasher';
import { weakPasswordReasons } from '../passwords/password-policy';
import { AccountView, presentAccount } from './account.presenter';

export interface NewUser {
  phone: string;
  password: string;
  displayName: string;
  /** The account that creates it (null: the system, e.g. the bootstrap). */
  createdBy: string | null;
  /** Region the `account.created` event is filed under (default: none, '00'). */
  regionCode?: string;
  /** Where the creating request came from, for the audit entry. */
  origin?: RequestOrigin;
}

export interface NewServiceAccount {
  name: string;
  createdBy: string | null;
  regionCode?: string;
  origin?: RequestOrigin;
}

/** A new service account with its credentials: the secret is shown this once and stored only hashed. */
export interface CreatedServiceAccount {
  account: AccountView;
  clientId: string;
  clientSecret: string;
}

const UNIQUE_VIOLATION = 'P2002';

/**
 * Creates and finds accounts; what other identity modules (access, staff) call. Phones are stored
 * encrypted with a keyed hash for lookup, never in plain text; passwords and client secrets as
 * argon2id. Writes go into the caller's transaction with their audit entry and event.
 */
@Injectable()
export class AccountRegistry {
  constructor(
    private readonly db: IdentityDb,
    private readonly cipher: FieldCipher,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditLog,
    private readonly outbox: OutboxWriter,
  ) {}

  /** The bare 11-digit number, or INVALID_PHONE. */
  normalisePhone(phone: string): string {
    const parsed = parseMobile(phone);
    if (!parsed.ok) throw AccountErrors.INVALID_PHONE({ reason: parsed.code });
    return parsed.value;
  }

  phoneHash(normalisedPhone: string): string {
    return this.cipher.lookupHash(normalisedPhone);
  }

  async createUser(tx: IdentityTx, input: NewUser): Promise<AccountView> {
    const phone = this.normalisePhone(input.phone);
    const reasons = weakPasswordReasons(input.password, phone);
    if (reasons.length) throw AccountErrors.WEAK_PASSWORD({ reasons });
    const phoneHash = this.phoneHash(phone);
    if (await tx.account.findUnique({ where: { phoneHash }, select: { id: true } })) {
      throw AccountErrors.PHONE_TAKEN();
    }
    const account = await this.insert(tx, {
      id: uuidv7(),
      kind: 'user',
      displayName: input.displayName,
      phoneHash,
      phoneEncrypted: this.cipher.encrypt(phone),
      secretHash: await this.hasher.hash(input.password),
      createdBy: input.createdBy,
    });
    await this.announce(tx, account.id, 'user', input);
    return presentAccount(account);
  }

  async createServiceAccount(tx: IdentityTx, input: NewServiceAccount): Promise<CreatedServiceAccount> {
    const clientId = `svc_${randomBytes(16).toString('base64url')}`;
    const clientSecret = randomBytes(32).toString('base64url');
    const account = await this.insert(tx, {
      id: uuidv7(),
      kind: 'service',
      displayName: input.name,
      clientId,
      secretHash: await this.hasher.hash(clientSecret),
      createdBy: input.createdBy,
    });
    await this.announce(tx, account.id, 'service', input);
    return { account: presentAccount(account), clientId, clientSecret };
  }

  /** The user account of a mobile number (any format parseMobile accepts), or null. */
  async findByPhone(phone: string, tx?: IdentityTx): Promise<AccountView | null> {
    const parsed = parseMobile(phone);
    if (!parsed.ok) return null;
    const find = (t: IdentityTx) =>
      t.account.findUnique({ where: { phoneHash: this.phoneHash(parsed.value) } });
    const account = tx ? await find(tx) : await this.db.$transaction(find);
    return account ? presentAccount(account) : null;
  }

  /** Disables the account and revokes its refresh tokens; access tokens it holds expire on their own. */
  async disable(tx: IdentityTx, id: string, actorId: string | null = null): Promise<AccountView> {
    const found = await tx.account.findUnique({ where: { id }, select: { status: true } });
    if (!found) throw AccountErrors.ACCOUNT_NOT_FOUND({ accountId: id });
    const account = await tx.account.update({ where: { id }, data: { status: 'disabled' } });
    const revoked = await tx.refreshToken.updateMany({
      where: { accountId: id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (found.status !== 'disabled') {
      await this.audit.record(
        {
          action: 'account.disabled',
          actorId,
          targetType: 'account',
          targetId: id,
          details: { refreshTokensRevoked: revoked.count },
        },
        tx,
      );
    }
    return presentAccount(account);
  }

  private async insert(tx: IdentityTx, data: Parameters<IdentityTx['account']['create']>[0]['data']) {
    try {
      return await tx.account.create({ data });
    } catch (error) {
      // Two creations of the same phone at once: the unique index decides.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw AccountErrors.PHONE_TAKEN();
      throw error;
    }
  }

  private async announce(
    tx: IdentityTx,
    accountId: string,
    kind: 'user' | 'service',
    { createdBy, regionCode = UNREGIONED, origin = {} }: NewServiceAccount | NewUser,
  ): Promise<void> {
    await this.audit.record(
      {
        action: 'account.created',
        actorId: createdBy,
        targetType: 'account',
        targetId: accountId,
        ...origin,
        details: { kind },
      },
      tx,
    );
    await this.outbox.publish(tx, accountCreatedV1, { accountId, kind }, { subject: accountId, regionCode });
  }
}
