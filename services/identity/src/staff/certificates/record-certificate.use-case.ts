import { Injectable } from '@nestjs/common';
import { staffCertifiedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { Principal } from '@wushe/platform';
import { v7 as uuidv7 } from 'uuid';
import { scopeFor } from '../../access/permissions';
import { IdentityDb } from '../../database/identity-db';
import { StaffErrors } from '../staff.errors';
import { presentStaffDetail, StaffDetailView } from '../staff.presenter';
import type { CertificateInput } from '../staff.schemas';
import { toDbDate } from '../shared/calendar';
import { highestLevel } from '../shared/levels';
import { lockInScope } from '../shared/row-lock';
import { withUniqueAs } from '../shared/unique-violation';

/**
 * Records a social work certificate (history is kept; the current level is the highest). A number
 * already recorded, at any level and for anyone, is refused: one physical certificate is paid a
 * subsidy once.
 */
@Injectable()
export class RecordCertificate {
  constructor(
    private readonly db: IdentityDb,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(principal: Principal, staffId: string, input: CertificateInput): Promise<StaffDetailView> {
    const scope = scopeFor(principal, 'staff.manage');
    return withUniqueAs(
      () =>
        this.db.$transaction(async (tx) => {
          if (!(await lockInScope(tx, 'staff_member', staffId, scope))) {
            throw StaffErrors.STAFF_NOT_FOUND({ staffId });
          }
          const staff = await tx.scoped.staffMember.findUniqueOrThrow(scope, { where: { id: staffId } });
          if (staff.status !== 'active') throw StaffErrors.STAFF_NOT_ACTIVE({ staffId });
          // The unique key is (level, number); the lock makes "any level" hold under concurrency.
          await tx.$executeRawUnsafe(
            'SELECT pg_advisory_xact_lock(hashtext($1))',
            `staff-certificate:${input.number}`,
          );
          const existing = await tx.staffCertificate.findFirst({
            where: { number: input.number },
            select: { id: true },
          });
          // Whose certificate it is stays untold: it may be a staff member outside the caller's regions.
          if (existing) throw StaffErrors.CERTIFICATE_EXISTS({ level: input.level });
          const before = await tx.staffCertificate.findMany({ where: { staffId } });
          const certificate = await tx.staffCertificate.create({
            data: {
              id: uuidv7(),
              staffId,
              level: input.level,
              number: input.number,
              issuedOn: toDbDate(input.issuedOn),
            },
          });
          await this.outbox.publish(
            tx,
            staffCertifiedV1,
            {
              staffId,
              certificateId: certificate.id,
              level: input.level,
              previousLevel: highestLevel(before.map((c) => c.level)),
              issuedOn: input.issuedOn,
              regionCode: staff.regionCode,
            },
            { subject: staffId, regionCode: staff.regionCode },
          );
          const postId =
            (await tx.scoped.post.findFirst(scope, { where: { staffId }, select: { id: true } }))?.id ?? null;
          return presentStaffDetail(staff, [...before, certificate], postId);
        }),
      () => StaffErrors.CERTIFICATE_EXISTS({ level: input.level }),
    );
  }
}
