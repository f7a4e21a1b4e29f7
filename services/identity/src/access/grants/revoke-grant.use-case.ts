import { Injectable } from '@nestjs/common';
import { grantRevokedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { Principal } from '@wushe/platform';
import { AuditLog } from '../../audit';
import { IdentityDb } from '../../database/identity-db';
import { AccessErrors } from '../access.errors';
import { checkGrant } from '../grant-rules';
import { asGrantClaim, GrantView, presentGrant } from './grant.presenter';
import { GrantRepository } from './grant.repository';
import { granterRegion, RequestOrigin } from './grant-role.use-case';

/** Revokes a grant; one may take away only what one could have given. */
@Injectable()
export class RevokeGrant {
  constructor(
    private readonly db: IdentityDb,
    private readonly grants: GrantRepository,
    private readonly audit: AuditLog,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(revoker: Principal, accountId: string, grantId: string, origin: RequestOrigin): Promise<GrantView> {
    return this.db.$transaction(async (tx) => {
      const grant = await this.grants.findActive(tx, accountId, grantId);
      // A grant the caller could not have given is reported as missing, not as forbidden.
      if (!grant || checkGrant(revoker, asGrantClaim(grant)) === 'GRANT_OUTSIDE_SCOPE') {
        throw AccessErrors.GRANT_NOT_FOUND({ grantId });
      }
      const refusal = checkGrant(revoker, asGrantClaim(grant));
      if (refusal) throw AccessErrors[refusal]({ grantId });
      const revoked = await this.grants.revoke(tx, grantId, revoker.subject);
      const scope = grant.regionCode
        ? { regionCode: grant.regionCode }
        : { organizationId: grant.organizationId ?? '' };
      await this.audit.record(
        {
          action: 'grant.revoked',
          actorId: revoker.subject,
          targetType: 'account',
          targetId: accountId,
          ...origin,
          details: { grantId, role: grant.role, ...scope },
        },
        tx,
      );
      await this.outbox.publish(
        tx,
        grantRevokedV1,
        { grantId, accountId, role: grant.role, revokedBy: revoker.subject, ...scope },
        { subject: accountId, regionCode: grant.regionCode ?? granterRegion(revoker) },
      );
      return presentGrant(revoked);
    });
  }
}
