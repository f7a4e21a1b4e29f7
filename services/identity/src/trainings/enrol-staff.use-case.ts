import { Injectable } from '@nestjs/common';
import { Principal } from '@wushe/platform';
import { scopeFor } from '../access/permissions';
import { IdentityDb } from '../database/identity-db';
import { StaffErrors } from '../staff';
import { TrainingSessions } from './training-sessions';
import { TrainingDetailView } from './training.presenter';
import { TrainingErrors } from './trainings.errors';

/**
 * Enrols active staff members of the session's region in a scheduled session. All or nothing: one
 * ineligible id refuses the request. Enrolling someone already enrolled changes nothing.
 */
@Injectable()
export class EnrolStaff {
  constructor(
    private readonly db: IdentityDb,
    private readonly sessions: TrainingSessions,
  ) {}

  execute(principal: Principal, sessionId: string, staffIds: string[]): Promise<TrainingDetailView> {
    const scope = scopeFor(principal, 'trainings.manage');
    return this.db.$transaction(async (tx) => {
      const session = await this.sessions.lockScheduled(tx, scope, sessionId);
      // Read in the caller's regions only (the scope's where), so a staff member elsewhere is unknown.
      const staff = await tx.scoped.staffMember.findMany(scope, {
        where: { id: { in: staffIds } },
        select: { id: true, regionCode: true, status: true },
      });
      const found = new Set(staff.map((s) => s.id));
      const unknown = staffIds.filter((id) => !found.has(id));
      if (unknown.length > 0) throw StaffErrors.UNKNOWN_STAFF({ staffIds: unknown });
      const outside = staff.filter((s) => !s.regionCode.startsWith(session.regionCode)).map((s) => s.id);
      if (outside.length > 0) {
        throw TrainingErrors.STAFF_OUTSIDE_REGION({ staffIds: outside, regionCode: session.regionCode });
      }
      const inactive = staff.filter((s) => s.status !== 'active').map((s) => s.id);
      if (inactive.length > 0) throw StaffErrors.STAFF_NOT_ACTIVE({ staffIds: inactive });

      await tx.trainingEnrolment.createMany({
        data: staffIds.map((staffId) => ({ sessionId, staffId })),
        skipDuplicates: true,
      });
      return this.sessions.detail(tx, session);
    });
  }
}
