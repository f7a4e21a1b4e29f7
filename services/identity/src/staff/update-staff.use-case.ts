import { Injectable } from '@nestjs/common';
import { staffChangedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { Principal } from '@wushe/platform';
import { scopeFor } from '../access/permissions';
import { IdentityDb, IdentityTx } from '../database/identity-db';
import type { StaffMember } from '../generated/prisma';
import { StaffErrors } from './staff.errors';
import { presentStaffDetail, StaffDetailView, staffFacts } from './staff.presenter';
import type { UpdateStaffInput } from './staff.schemas';
import { assertLinkableAccount } from './shared/accounts';
import { resolvePlacement } from './shared/placement';
import { lockInScope } from './shared/row-lock';
import { withUniqueAs } from './shared/unique-violation';

type ChangedField =
  'displayName' | 'accountId' | 'regionCode' | 'stationId' | 'pointId' | 'employer' | 'postType';
type Changes = Partial<Pick<StaffMember, ChangedField>>;

/**
 * Changes an active staff member's profile (optimistic: the caller sends the version it read). A
 * move to another region must stay in the caller's regions, and is refused while they hold a post.
 */
@Injectable()
export class UpdateStaff {
  constructor(
    private readonly db: IdentityDb,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(principal: Principal, staffId: string, input: UpdateStaffInput): Promise<StaffDetailView> {
    const scope = scopeFor(principal, 'staff.manage');
    return withUniqueAs(
      () =>
        this.db.$transaction(async (tx) => {
          if (!(await lockInScope(tx, 'staff_member', staffId, scope))) {
            throw StaffErrors.STAFF_NOT_FOUND({ staffId });
          }
          const w = tx.scoped;
          const current = await w.staffMember.findUniqueOrThrow(scope, { where: { id: staffId } });
          if (current.version !== input.version) {
            throw StaffErrors.VERSION_CONFLICT({ currentVersion: current.version });
          }
          if (current.status !== 'active') throw StaffErrors.STAFF_NOT_ACTIVE({ staffId });

          const wanted = await this.wantedValues(tx, current, input, (code) => scope.assertCovers(code));
          const changes: Changes = {};
          for (const [field, value] of Object.entries(wanted) as Array<[ChangedField, unknown]>) {
            if (value !== undefined && value !== current[field]) Object.assign(changes, { [field]: value });
          }
          const changed = Object.keys(changes) as ChangedField[];
          const postId =
            (await w.post.findFirst(scope, { where: { staffId }, select: { id: true } }))?.id ?? null;
          const certificates = await tx.staffCertificate.findMany({ where: { staffId } });
          if (changed.length === 0) return presentStaffDetail(current, certificates, postId);
          if (changes.regionCode !== undefined && postId) throw StaffErrors.STAFF_IN_POST({ postId });
          if (changes.accountId) await assertLinkableAccount(tx, scope, changes.accountId, staffId);

          const updated = await w.staffMember.update(scope, {
            where: { id: staffId },
            data: { ...changes, version: { increment: 1 } },
          });
          await this.outbox.publish(
            tx,
            staffChangedV1,
            {
              ...staffFacts(updated, certificates),
              changed,
              ...(changes.regionCode !== undefined ? { previousRegionCode: current.regionCode } : {}),
            },
            { subject: staffId, regionCode: updated.regionCode },
          );
          return presentStaffDetail(updated, certificates, postId);
        }),
      () => StaffErrors.ACCOUNT_ALREADY_LINKED({ accountId: input.accountId }),
    );
  }

  /** The values the request asks for; the placement is re-resolved when any part of it is given. */
  private async wantedValues(
    tx: IdentityTx,
    current: StaffMember,
    input: UpdateStaffInput,
    assertCovers: (code: string) => void,
  ): Promise<Changes> {
    const wanted: Changes = {
      displayName: input.displayName,
      accountId: input.accountId,
      employer: input.employer,
      postType: input.postType,
    };
    const touchesPlacement =
      input.regionCode !== undefined || input.stationId !== undefined || input.pointId !== undefined;
    if (!touchesPlacement) return wanted;
    const regionCode = input.regionCode ?? current.regionCode;
    assertCovers(regionCode);
    // Staying in the region keeps the station and point unless new ones are named; a move
    // finds them from the new region unless they are named.
    const moving = regionCode !== current.regionCode;
    const placement = await resolvePlacement(tx, {
      regionCode,
      stationId: input.stationId ?? (moving || input.pointId ? undefined : current.stationId),
      pointId: input.pointId ?? (moving || input.stationId ? undefined : current.pointId),
    });
    return { ...wanted, ...placement };
  }
}
