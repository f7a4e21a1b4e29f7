import { Injectable } from '@nestjs/common';
import { trainingHeldV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { CommonErrors, Principal } from '@wushe/platform';
import { scopeFor } from '../access/permissions';
import { IdentityDb } from '../database/identity-db';
import { TrainingSessions } from './training-sessions';
import { TrainingDetailView, trainingFacts } from './training.presenter';
import type { AttendanceInput } from './training.schemas';
import { TrainingErrors } from './trainings.errors';

/**
 * Records who attended a session that has started, and for how long, and marks it held. Enrolled
 * staff not in the records did not attend. Minutes run from 0 to the session's length.
 */
@Injectable()
export class RecordAttendance {
  constructor(
    private readonly db: IdentityDb,
    private readonly outbox: OutboxWriter,
    private readonly sessions: TrainingSessions,
  ) {}

  execute(principal: Principal, sessionId: string, input: AttendanceInput): Promise<TrainingDetailView> {
    const scope = scopeFor(principal, 'trainings.manage');
    return this.db.$transaction(async (tx) => {
      const session = await this.sessions.lockScheduled(tx, scope, sessionId);
      if (session.startsAt.getTime() > Date.now()) {
        throw TrainingErrors.TRAINING_NOT_STARTED({ startsAt: session.startsAt.toISOString() });
      }
      const length = Math.floor((session.endsAt.getTime() - session.startsAt.getTime()) / 60_000);
      const tooLong = input.records
        .map((r, i) => ({ r, i }))
        .filter(({ r }) => r.minutes > length)
        .map(({ i }) => ({
          path: `body.records.${i}.minutes`,
          code: 'too_big',
          message: `At most the session's length (${length} minutes)`,
        }));
      if (tooLong.length > 0) throw CommonErrors.VALIDATION_FAILED({ errors: tooLong });

      const enrolled = await tx.trainingEnrolment.findMany({
        where: { sessionId },
        select: { staffId: true },
      });
      const enrolledIds = new Set(enrolled.map((e) => e.staffId));
      const strangers = input.records.filter((r) => !enrolledIds.has(r.staffId)).map((r) => r.staffId);
      if (strangers.length > 0) throw TrainingErrors.NOT_ENROLLED({ staffIds: strangers });

      await tx.trainingEnrolment.updateMany({ where: { sessionId }, data: { attended: false, minutes: 0 } });
      const byMinutes = new Map<number, string[]>();
      for (const r of input.records.filter((r) => r.attended)) {
        byMinutes.set(r.minutes, [...(byMinutes.get(r.minutes) ?? []), r.staffId]);
      }
      for (const [minutes, staffIds] of byMinutes) {
        await tx.trainingEnrolment.updateMany({
          where: { sessionId, staffId: { in: staffIds } },
          data: { attended: true, minutes },
        });
      }
      const held = await tx.scoped.trainingSession.update(scope, {
        where: { id: sessionId },
        data: { status: 'held', version: { increment: 1 } },
      });
      const attended = [...byMinutes.values()].reduce((n, ids) => n + ids.length, 0);
      await this.outbox.publish(
        tx,
        trainingHeldV1,
        { ...trainingFacts(held), enrolled: enrolled.length, attended },
        { subject: sessionId, regionCode: held.regionCode },
      );
      return this.sessions.detail(tx, held);
    });
  }
}
