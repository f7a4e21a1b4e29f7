import { Injectable } from '@nestjs/common';
import type { RegionScope } from '@wushe/platform';
import type { IdentityTx } from '../database/identity-db';
import type { TrainingEnrolment, TrainingSession } from '../generated/prisma';
import { lockInScope } from '../staff';
import { Cancellation, presentTrainingDetail, TrainingDetailView } from './training.presenter';
import { TrainingErrors } from './trainings.errors';

/**
 * The training_session table has no column for a cancellation reason: it is kept in the audit
 * trail (action `training.cancelled`, details.reason) and read back from there.
 */
export const CANCELLED_ACTION = 'training.cancelled';

/** Loading, locking and presenting sessions, shared by the training use cases. */
@Injectable()
export class TrainingSessions {
  /** Locks the session if the scope reaches it, and returns it (else TRAINING_NOT_FOUND). */
  async lock(tx: IdentityTx, scope: RegionScope, sessionId: string): Promise<TrainingSession> {
    if (!(await lockInScope(tx, 'training_session', sessionId, scope))) {
      throw TrainingErrors.TRAINING_NOT_FOUND({ sessionId });
    }
    return tx.scoped.trainingSession.findUniqueOrThrow(scope, { where: { id: sessionId } });
  }

  /** Locks a session that must still be scheduled. */
  async lockScheduled(tx: IdentityTx, scope: RegionScope, sessionId: string): Promise<TrainingSession> {
    const session = await this.lock(tx, scope, sessionId);
    if (session.status !== 'scheduled') {
      throw TrainingErrors.TRAINING_NOT_SCHEDULED({ sessionId, status: session.status });
    }
    return session;
  }

  async detail(
    tx: IdentityTx,
    session: TrainingSession,
    enrolments?: TrainingEnrolment[],
  ): Promise<TrainingDetailView> {
    const rows = enrolments ?? (await tx.trainingEnrolment.findMany({ where: { sessionId: session.id } }));
    return presentTrainingDetail(
      session,
      rows,
      session.status === 'cancelled' ? await this.cancellation(tx, session.id) : null,
    );
  }

  private async cancellation(tx: IdentityTx, sessionId: string): Promise<Cancellation | null> {
    const entry = await tx.auditEntry.findFirst({
      where: { action: CANCELLED_ACTION, targetType: 'training_session', targetId: sessionId },
      orderBy: { at: 'desc' },
    });
    if (!entry) return null;
    const details = entry.details as { reason?: unknown };
    return {
      reason: typeof details.reason === 'string' ? details.reason : '',
      cancelledAt: entry.at.toISOString(),
      cancelledBy: entry.actorId,
    };
  }
}
