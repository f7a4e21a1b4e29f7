import { AuditLog } from '../audit';
import { Injectable } from '@nestjs/common';
import { trainingCancelledV1, trainingChangedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { CommonErrors, Principal } from '@wushe/platform';
import { scopeFor } from '../access/permissions';
import { IdentityDb } from '../database/identity-db';
import type { TrainingSession } from '../generated/prisma';
import { StaffErrors } from '../staff';
import { CANCELLED_ACTION, TrainingSessions } from './training-sessions';
import { TrainingDetailView, trainingFacts } from './training.presenter';
import { sessionProblems, UpdateTrainingInput } from './training.schemas';

type Field = 'kind' | 'mode' | 'title' | 'startsAt' | 'endsAt' | 'place' | 'trainer';

/** Changes or cancels a session while it is scheduled. */
@Injectable()
export class ChangeTraining {
  constructor(
    private readonly db: IdentityDb,
    private readonly outbox: OutboxWriter,
    private readonly sessions: TrainingSessions,
    private readonly audit: AuditLog,
  ) {}

  /** Optimistic: the caller sends the version it read. Times are checked as they will be. */
  update(principal: Principal, sessionId: string, input: UpdateTrainingInput): Promise<TrainingDetailView> {
    const scope = scopeFor(principal, 'trainings.manage');
    return this.db.$transaction(async (tx) => {
      const current = await this.sessions.lockScheduled(tx, scope, sessionId);
      if (current.version !== input.version) {
        throw StaffErrors.VERSION_CONFLICT({ currentVersion: current.version });
      }
      const wanted: Partial<Pick<TrainingSession, Field>> = {
        kind: input.kind,
        mode: input.mode,
        title: input.title,
        startsAt: input.startsAt === undefined ? undefined : new Date(input.startsAt),
        endsAt: input.endsAt === undefined ? undefined : new Date(input.endsAt),
        place: input.place,
        trainer: input.trainer,
      };
      const changes: Partial<Pick<TrainingSession, Field>> = {};
      for (const [field, value] of Object.entries(wanted) as Array<[Field, unknown]>) {
        if (value === undefined) continue;
        const before = current[field];
        const same =
          value instanceof Date && before instanceof Date
            ? value.getTime() === before.getTime()
            : value === before;
        if (!same) Object.assign(changes, { [field]: value });
      }
      const changed = Object.keys(changes) as Field[];
      if (changed.length === 0) return this.sessions.detail(tx, current);

      const next = { ...current, ...changes };
      // A start moved now must not be in the past; a start left alone may already be.
      const problems = sessionProblems(next, changes.startsAt ? new Date() : null);
      if (problems.length > 0) {
        throw CommonErrors.VALIDATION_FAILED({
          errors: problems.map((p) => ({ path: `body.${p.path}`, code: 'custom', message: p.message })),
        });
      }
      const updated = await tx.scoped.trainingSession.update(scope, {
        where: { id: sessionId },
        data: { ...changes, version: { increment: 1 } },
      });
      await this.outbox.publish(
        tx,
        trainingChangedV1,
        { ...trainingFacts(updated), changed },
        { subject: sessionId, regionCode: updated.regionCode },
      );
      return this.sessions.detail(tx, updated);
    });
  }

  /** Cancels a scheduled session. The reason is kept in the audit trail (no column for it). */
  cancel(principal: Principal, sessionId: string, reason: string): Promise<TrainingDetailView> {
    const scope = scopeFor(principal, 'trainings.manage');
    return this.db.$transaction(async (tx) => {
      await this.sessions.lockScheduled(tx, scope, sessionId);
      const cancelled = await tx.scoped.trainingSession.update(scope, {
        where: { id: sessionId },
        data: { status: 'cancelled', version: { increment: 1 } },
      });
      await this.audit.record(
        {
          action: CANCELLED_ACTION,
          actorId: principal.subject,
          targetType: 'training_session',
          targetId: sessionId,
          details: { reason },
        },
        tx,
      );
      const enrolled = await tx.trainingEnrolment.count({ where: { sessionId } });
      await this.outbox.publish(
        tx,
        trainingCancelledV1,
        { ...trainingFacts(cancelled), enrolled },
        { subject: sessionId, regionCode: cancelled.regionCode },
      );
      return this.sessions.detail(tx, cancelled);
    });
  }
}
