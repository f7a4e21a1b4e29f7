import { Injectable } from '@nestjs/common';
import { postOpenedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { Principal } from '@wushe/platform';
import { v7 as uuidv7 } from 'uuid';
import { scopeFor } from '../../access/permissions';
import { IdentityDb } from '../../database/identity-db';
import { postFacts, presentPost, PostView } from '../staff.presenter';
import type { OpenPostInput } from '../staff.schemas';
import { toDbDate } from '../shared/calendar';
import { resolvePlacement } from '../shared/placement';

/** Opens a planned post (岗位) of a station or point; it is vacant until filled. */
@Injectable()
export class OpenPost {
  constructor(
    private readonly db: IdentityDb,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(principal: Principal, input: OpenPostInput): Promise<PostView> {
    const scope = scopeFor(principal, 'staff.manage');
    scope.assertCovers(input.regionCode);
    return this.db.$transaction(async (tx) => {
      const placement = await resolvePlacement(tx, input);
      const post = await tx.scoped.post.create(scope, {
        data: { id: uuidv7(), ...placement, postType: input.postType, openedOn: toDbDate(input.openedOn) },
      });
      await this.outbox.publish(tx, postOpenedV1, postFacts(post), {
        subject: post.id,
        regionCode: post.regionCode,
      });
      return presentPost(post);
    });
  }
}
