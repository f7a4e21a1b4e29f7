import { Injectable } from '@nestjs/common';
import { grantCreatedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { Principal } from '@wushe/platform';
import { AuditLog } from '../../audit';
import { IdentityDb, IdentityTx } from '../../database/identity-db';
import { accountInScope } from '../account-scope.query';
import { AccessErrors } from '../access.errors';
import { checkGrant } from '../grant-rules';
import { scopeFor } from '../permissions';
import { GrantView, presentGrant } from './grant.presenter';
import { GrantRepository } from './grant.repository';
import type { GrantBody } from './grant.schemas';

export interface RequestOrigin {
  ip?: string;
  userAgent?: string;
}

/** The widest region where the principal administers: where its organization grants are filed. */
export function granterRegion(principal: Principal): string {
  const regions = principal.grants.flatMap((g) => ('region' in g ? [g.region] : []));
  return regions.sort((a, b) => a.length - b.length)[0] ?? '00';
}

/** Grants a role to an account, within the granter's regions and level (see grant-rules). */
@Injectable()
export class GrantRole {
  constructor(
    private readonly db: IdentityDb,
    private readonly grants: GrantRepository,
    private readonly audit: AuditLog,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(
    granter: Principal,
    accountId: string,
    grant: GrantBody,
    origin: RequestOrigin,
  ): Promise<GrantView> {
    const refusal = checkGrant(granter, grant);
    if (refusal) throw AccessErrors[refusal]({ ...grant });
    const eventRegion = 'region' in grant ? grant.region : granterRegion(granter);
    return this.db.$transaction(async (tx) => {
      // An account that belongs to another region is, for this granter, not there.
      if (!(await accountInScope(tx, scopeFor(granter, 'accounts.manage'), accountId)))
        throw AccessErrors.ACCOUNT_NOT_FOUND({ accountId });
      return this.grantIn(tx, granter.subject, accountId, grant, eventRegion, origin);
    });
  }

  /** The write itself, for callers that already checked the rules (account creation, bootstrap). */
  async grantIn(
    tx: IdentityTx,
    grantedBy: string | null,
    accountId: string,
    grant: GrantBody,
    /** The region the event is filed under (an organization grant's granter's region). */
    eventRegion: string,
    origin: RequestOrigin = {},
  ): Promise<GrantView> {
    if (!(await this.grants.accountExists(tx, accountId)))
      throw AccessErrors.ACCOUNT_NOT_FOUND({ accountId });
    if ('region' in grant && !(await this.grants.regionIsCurrent(tx, grant.region))) {
      throw AccessErrors.UNKNOWN_REGION({ region: grant.region });
    }
    await this.grants.lockAccount(tx, accountId);
    const wanted = {
      accountId,
      role: grant.role,
      regionCode: 'region' in grant ? grant.region : null,
      organizationId: 'organization' in grant ? grant.organization : null,
    };
    const existing = await this.grants.findActiveSame(tx, wanted);
    if (existing) throw AccessErrors.GRANT_EXISTS({ grantId: existing.id });
    const row = await this.grants.create(tx, { ...wanted, grantedBy });
    const scope = 'region' in grant ? { regionCode: grant.region } : { organizationId: grant.organization };
    await this.audit.record(
      {
        action: 'grant.created',
        actorId: grantedBy,
        targetType: 'account',
        targetId: accountId,
        ...origin,
        details: { grantId: row.id, role: grant.role, ...scope },
      },
      tx,
    );
    await this.outbox.publish(
      tx,
      grantCreatedV1,
      { grantId: row.id, accountId, role: grant.role, grantedBy, ...scope },
      { subject: accountId, regionCode: eventRegion },
    );
    return presentGrant(row);
  }
}
