import { Injectable } from '@nestjs/common';
import { trainingScheduledV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { Principal } from '@wushe/platform';
import { v7 as uuidv7 } from 'uuid';
import { scopeFor } from '../access/permissions';
import { IdentityDb } from '../database/identity-db';
import { StaffErrors } from '../staff';
import { presentTrainingDetail, TrainingDetailView, trainingFacts } from './training.presenter';
import type { ScheduleTrainingInput } from './training.schemas';

/** Schedules a training or supervision session for the staff of a region in the caller's scope. */
@Injectable()
export class ScheduleTraining {
  constructor(
    private readonly db: IdentityDb,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(principal: Principal, input: ScheduleTrainingInput): Promise<TrainingDetailView> {
    const scope = scopeFor(principal, 'trainings.manage');
    scope.assertCovers(input.regionCode);
    return this.db.$transaction(async (tx) => {
      const region = await tx.region.findUnique({
        where: { code: input.regionCode },
        select: { validTo: true },
      });
      if (!region || region.validTo) throw StaffErrors.UNKNOWN_REGION({ regionCode: input.regionCode });
      const session = await tx.scoped.trainingSession.create(scope, {
        data: {
          id: uuidv7(),
          kind: input.kind,
          mode: input.mode,
          title: input.title,
          regionCode: input.regionCode,
          startsAt: new Date(input.startsAt),
          endsAt: new Date(input.endsAt),
          place: input.place ?? null,
          trainer: input.trainer ?? null,
          createdBy: principal.subject,
        },
      });
      await this.outbox.publish(tx, trainingScheduledV1, trainingFacts(session), {
        subject: session.id,
        regionCode: session.regionCode,
      });
      return presentTrainingDetail(session, [], null);
    });
  }
}
