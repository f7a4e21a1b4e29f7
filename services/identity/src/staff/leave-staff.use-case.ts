import { Injectable } from '@nestjs/common';
import { postVacatedV1, staffLeftV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { Principal } from '@wushe/platform';
import { scopeFor } from '../access/permissions';
import { IdentityDb } from '../database/identity-db';
import { StaffErrors } from './staff.errors';
import { postFacts, presentStaffDetail, StaffDetailView, staffFacts } from './staff.presenter';
import { fromDbDate, toDbDate } from './shared/calendar';
import { lockInScope } from './shared/row-lock';

/** A staff member leaves: the post they hold is vacated in the same transaction. */
@Injectable()
export class LeaveStaff {
  constructor(
    private readonly db: IdentityDb,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(principal: Principal, staffId: string, leftOn: string): Promise<StaffDetailView> {
    const scope = scopeFor(principal, 'staff.manage');
    return this.db.$transaction(async (tx) => {
      // Lock order everywhere: staff before the post it holds (filling locks the post first but
      // never waits for a staff member while holding a post that member holds).
      if (!(await lockInScope(tx, 'staff_member', staffId, scope))) {
        throw StaffErrors.STAFF_NOT_FOUND({ staffId });
      }
      const w = tx.scoped;
      const staff = await w.staffMember.findUniqueOrThrow(scope, { where: { id: staffId } });
      if (staff.status !== 'active') throw StaffErrors.STAFF_NOT_ACTIVE({ staffId });
      if (leftOn < fromDbDate(staff.joinedOn)) {
        throw StaffErrors.LEFT_BEFORE_JOINED({ joinedOn: fromDbDate(staff.joinedOn), leftOn });
      }
      const certificates = await tx.staffCertificate.findMany({ where: { staffId } });

      const held = await w.post.findFirst(scope, { where: { staffId }, select: { id: true } });
      if (held) {
        // The post is in the staff member's region (filling requires it, moving is refused while
        // posted), so in scope; were it not, the caller could not vacate it.
        if (!(await lockInScope(tx, 'post', held.id, scope)))
          throw StaffErrors.STAFF_IN_POST({ postId: held.id });
        const post = await w.post.update(scope, {
          where: { id: held.id },
          data: { staffId: null, version: { increment: 1 } },
        });
        await this.outbox.publish(
          tx,
          postVacatedV1,
          { ...postFacts(post), staffId, reason: 'staff-left' },
          { subject: post.id, regionCode: post.regionCode },
        );
      }

      const left = await w.staffMember.update(scope, {
        where: { id: staffId },
        data: { status: 'left', leftOn: toDbDate(leftOn), version: { increment: 1 } },
      });
      await this.outbox.publish(
        tx,
        staffLeftV1,
        { ...staffFacts(left, certificates), leftOn, vacatedPostId: held?.id ?? null },
        { subject: staffId, regionCode: left.regionCode },
      );
      return presentStaffDetail(left, certificates, null);
    });
  }
}
