import { Injectable } from '@nestjs/common';
import { postClosedV1, postVacatedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { Principal, RegionScope } from '@wushe/platform';
import { scopeFor } from '../../access/permissions';
import { IdentityDb, IdentityTx } from '../../database/identity-db';
import type { Post } from '../../generated/prisma';
import { StaffErrors } from '../staff.errors';
import { postFacts, presentPost, PostView } from '../staff.presenter';
import { chinaToday, fromDbDate, toDbDate } from '../shared/calendar';
import { lockInScope } from '../shared/row-lock';

/** Vacating (the holder leaves the post, the post stays planned) and closing (no longer planned). */
@Injectable()
export class EndPost {
  constructor(
    private readonly db: IdentityDb,
    private readonly outbox: OutboxWriter,
  ) {}

  vacate(principal: Principal, postId: string): Promise<PostView> {
    const scope = scopeFor(principal, 'staff.manage');
    return this.db.$transaction(async (tx) => {
      const post = await this.lockOpen(tx, scope, postId);
      if (!post.staffId) throw StaffErrors.POST_VACANT({ postId });
      return presentPost(await this.removeHolder(tx, scope, post, 'vacated'));
    });
  }

  /** Closes a post; a holder is vacated first (announced as such), then the post closes. */
  close(principal: Principal, postId: string, closedOn = chinaToday()): Promise<PostView> {
    const scope = scopeFor(principal, 'staff.manage');
    return this.db.$transaction(async (tx) => {
      let post = await this.lockOpen(tx, scope, postId);
      if (closedOn < fromDbDate(post.openedOn)) {
        throw StaffErrors.CLOSED_BEFORE_OPENED({ openedOn: fromDbDate(post.openedOn), closedOn });
      }
      if (post.staffId) post = await this.removeHolder(tx, scope, post, 'post-closed');
      const closed = await tx.scoped.post.update(scope, {
        where: { id: postId },
        data: { closedOn: toDbDate(closedOn), version: { increment: 1 } },
      });
      await this.outbox.publish(
        tx,
        postClosedV1,
        { ...postFacts(closed), closedOn },
        { subject: postId, regionCode: closed.regionCode },
      );
      return presentPost(closed);
    });
  }

  private async lockOpen(tx: IdentityTx, scope: RegionScope, postId: string): Promise<Post> {
    if (!(await lockInScope(tx, 'post', postId, scope))) {
      throw StaffErrors.POST_NOT_FOUND({ postId });
    }
    const post = await tx.scoped.post.findUniqueOrThrow(scope, { where: { id: postId } });
    if (post.closedOn) throw StaffErrors.POST_CLOSED({ postId });
    return post;
  }

  private async removeHolder(
    tx: IdentityTx,
    scope: RegionScope,
    post: Post,
    reason: 'vacated' | 'post-closed',
  ): Promise<Post> {
    const staffId = post.staffId as string;
    const vacated = await tx.scoped.post.update(scope, {
      where: { id: post.id },
      data: { staffId: null, version: { increment: 1 } },
    });
    await this.outbox.publish(
      tx,
      postVacatedV1,
      { ...postFacts(vacated), staffId, reason },
      { subject: post.id, regionCode: vacated.regionCode },
    );
    return vacated;
  }
}
