import { Injectable } from '@nestjs/common';
import { decodeCursor, Page, Principal, toPage } from '@wushe/platform';
import { z } from 'zod';
import { scopeFor } from '../../access/permissions';
import { IdentityDb } from '../../database/identity-db';
import type { Prisma } from '../../generated/prisma';
import { StaffErrors } from '../staff.errors';
import { presentPost, PostView } from '../staff.presenter';
import type { ListPostsQuery } from '../staff.schemas';

const cursorSchema = z.object({ id: z.uuid() }).strict();

/** Reads of posts, confined to the regions where the caller may read staff. */
@Injectable()
export class PostQueries {
  constructor(private readonly db: IdentityDb) {}

  async get(principal: Principal, postId: string): Promise<PostView> {
    const post = await this.db.scoped.post.findFirst(scopeFor(principal, 'staff.read'), {
      where: { id: postId },
    });
    if (!post) throw StaffErrors.POST_NOT_FOUND({ postId });
    return presentPost(post);
  }

  async list(principal: Principal, query: ListPostsQuery): Promise<Page<PostView>> {
    const after = decodeCursor(query.cursor, cursorSchema);
    const where: Prisma.PostWhereInput = {
      ...(query.region ? { regionCode: { startsWith: query.region } } : {}),
      ...(query.postType ? { postType: query.postType } : {}),
      ...(query.status === 'open' ? { closedOn: null } : {}),
      ...(query.status === 'closed' ? { closedOn: { not: null } } : {}),
      ...(query.filled === 'true' ? { staffId: { not: null } } : {}),
      ...(query.filled === 'false' ? { staffId: null } : {}),
      ...(after ? { id: { gt: after.id } } : {}),
    };
    const rows = await this.db.scoped.post.findMany(scopeFor(principal, 'staff.read'), {
      where,
      orderBy: { id: 'asc' },
      take: query.limit + 1,
    });
    const page = toPage(rows, query.limit, (p) => ({ id: p.id }));
    return { ...page, items: page.items.map(presentPost) };
  }
}
