import { Injectable } from '@nestjs/common';
import { decodeCursor, Page, Principal, toPage } from '@wushe/platform';
import { z } from 'zod';
import { scopeFor } from '../access/permissions';
import { IdentityDb } from '../database/identity-db';
import type { Prisma, StaffCertificate, StaffMember } from '../generated/prisma';
import { StaffErrors } from './staff.errors';
import { presentStaff, presentStaffDetail, StaffDetailView, StaffView } from './staff.presenter';
import type { ListStaffQuery } from './staff.schemas';

const cursorSchema = z.object({ id: z.uuid() }).strict();

/** Reads of staff members, confined to the regions where the caller may read staff. */
@Injectable()
export class StaffQueries {
  constructor(private readonly db: IdentityDb) {}

  async get(principal: Principal, staffId: string): Promise<StaffDetailView> {
    const scope = scopeFor(principal, 'staff.read');
    const staff = (await this.db.scoped.staffMember.findFirst(scope, {
      where: { id: staffId },
      include: { certificates: true },
    })) as (StaffMember & { certificates: StaffCertificate[] }) | null;
    if (!staff) throw StaffErrors.STAFF_NOT_FOUND({ staffId });
    const post = await this.db.scoped.post.findFirst(scope, { where: { staffId }, select: { id: true } });
    return presentStaffDetail(staff, staff.certificates, post?.id ?? null);
  }

  /** Keyset-paged by id (UUID v7: registration order). */
  async list(principal: Principal, query: ListStaffQuery): Promise<Page<StaffView>> {
    const scope = scopeFor(principal, 'staff.read');
    const after = decodeCursor(query.cursor, cursorSchema);
    const where: Prisma.StaffMemberWhereInput = {
      ...(query.region ? { regionCode: { startsWith: query.region } } : {}),
      ...(query.postType ? { postType: query.postType } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(after ? { id: { gt: after.id } } : {}),
    };
    const rows = (await this.db.scoped.staffMember.findMany(scope, {
      where,
      include: { certificates: { select: { level: true } } },
      orderBy: { id: 'asc' },
      take: query.limit + 1,
    })) as Array<StaffMember & { certificates: Array<{ level: string }> }>;
    const page = toPage(rows, query.limit, (s) => ({ id: s.id }));
    return { ...page, items: page.items.map((s) => presentStaff(s, s.certificates)) };
  }
}
