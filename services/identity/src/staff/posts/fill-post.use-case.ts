import { Injectable } from '@nestjs/common';
import { postFilledV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { Principal } from '@wushe/platform';
import { scopeFor } from '../../access/permissions';
import { IdentityDb } from '../../database/identity-db';
import { StaffErrors } from '../staff.errors';
import { postFacts, presentPost, PostView } from '../staff.presenter';
import { lockInScope } from '../shared/row-lock';
import { withUniqueAs } from '../shared/unique-violation';

/**
 * Puts an active staff member of the post's region into a vacant open post. The post row is locked
 * first, so of concurrent fills one wins and the others see it filled; the staff row is locked
 * next, so one person cannot be put into two posts at once (post.staff_id is unique as well).
 */
@Injectable()
export class FillPost {
  constructor(
    private readonly db: IdentityDb,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(principal: Principal, postId: string, staffId: string): Promise<PostView> {
    const scope = scopeFor(principal, 'staff.manage');
    return withUniqueAs(
      () =>
        this.db.$transaction(async (tx) => {
          if (!(await lockInScope(tx, 'post', postId, scope))) throw StaffErrors.POST_NOT_FOUND({ postId });
          const w = tx.scoped;
          const post = await w.post.findUniqueOrThrow(scope, { where: { id: postId } });
          if (post.closedOn) throw StaffErrors.POST_CLOSED({ postId });
          if (post.staffId) throw StaffErrors.POST_FILLED({ postId });

          if (!(await lockInScope(tx, 'staff_member', staffId, scope))) {
            throw StaffErrors.UNKNOWN_STAFF({ staffIds: [staffId] });
          }
          const staff = await w.staffMember.findUniqueOrThrow(scope, { where: { id: staffId } });
          if (staff.status !== 'active') throw StaffErrors.STAFF_NOT_ACTIVE({ staffId });
          if (staff.regionCode !== post.regionCode) {
            throw StaffErrors.STAFF_REGION_MISMATCH({ staffId, regionCode: post.regionCode });
          }
          const other = await w.post.findFirst(scope, { where: { staffId }, select: { id: true } });
          if (other) throw StaffErrors.STAFF_ALREADY_POSTED({ staffId });

          const filled = await w.post.update(scope, {
            where: { id: postId },
            data: { staffId, version: { increment: 1 } },
          });
          await this.outbox.publish(
            tx,
            postFilledV1,
            { ...postFacts(filled), staffId },
            { subject: postId, regionCode: filled.regionCode },
          );
          return presentPost(filled);
        }),
      () => StaffErrors.STAFF_ALREADY_POSTED({ staffId }),
    );
  }
}
